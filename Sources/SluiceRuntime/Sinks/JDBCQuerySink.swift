import SluiceCore
import SluiceSinks

/// A `jdbc2` table as a query sink: epoch writes with the sink's marker.
final class JDBCQuerySink: QuerySink {
    let sink: JDBCSink
    let queryName: String
    let schema: [Column]

    init(sink: JDBCSink, queryName: String, schema: [Column]) {
        self.sink = sink
        self.queryName = queryName
        self.schema = schema
    }

    func write(epoch: Int, rows: [[Value]]) throws -> Bool {
        try sink.write(query: queryName, epoch: epoch, rows: rows, schema: schema)
    }

    func lastCommittedEpoch() throws -> Int? {
        try sink.lastCommittedEpoch(query: queryName)
    }
}
