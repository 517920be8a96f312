import SluiceCore
import SluiceExec

/// The source of `SELECT` without `FROM`: one row without columns, once.
final class OneRowSource: QuerySource {
    let isStreaming = false

    func nextOffset(after previous: SourceOffset?) throws -> SourceOffset? {
        previous == nil ? SourceOffset(files: [], seen: []) : nil
    }

    func splits(_ offset: SourceOffset) throws -> [SourceSplit] {
        [OneRowSplit()]
    }
}

/// The single row.
struct OneRowSplit: SourceSplit {
    func read(metrics: inout TaskMetrics) throws -> RecordBatch {
        RecordBatch(columns: [], rowCount: 1)
    }
}
