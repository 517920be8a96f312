import SluiceCore
import SluiceSinks

/// A `jdbc2` table as a query sink: epoch writes with the sink's marker, keyed by the id of the
/// query's checkpoint.
final class JDBCQuerySink: QuerySink {
    let sink: JDBCSink
    let schema: [Column]
    let mode: SinkWrite

    init(sink: JDBCSink, schema: [Column], mode: SinkWrite) {
        self.sink = sink
        self.schema = schema
        self.mode = mode
    }

    func write(queryID: String, epoch: Int, rows: [[Value]]) throws -> Bool {
        try sink.write(queryID: queryID, epoch: epoch, rows: rows, schema: schema, mode: mode)
    }

    var keepsMarkers: Bool { mode.marked }

    func lastCommittedEpoch(queryID: String) throws -> Int? {
        mode.marked ? try sink.lastCommittedEpoch(queryID: queryID) : nil
    }

    func check() throws {
        try sink.check(schema: schema)
    }
}
