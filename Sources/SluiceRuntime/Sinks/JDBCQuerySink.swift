import SluiceCore
import SluiceSinks

/// A `jdbc2` table as a query sink: epoch writes with the sink's marker.
final class JDBCQuerySink: QuerySink {
    let sink: JDBCSink
    let queryName: String
    let schema: [Column]
    let mode: SinkWrite

    init(sink: JDBCSink, queryName: String, schema: [Column], mode: SinkWrite) {
        self.sink = sink
        self.queryName = queryName
        self.schema = schema
        self.mode = mode
    }

    func write(epoch: Int, rows: [[Value]]) throws -> Bool {
        try sink.write(query: queryName, epoch: epoch, rows: rows, schema: schema, mode: mode)
    }
}
