import Foundation
import SluiceSinks
import Synchronization

/// Follows a sink table in SQLite and reports rows as they are committed (by rowid).
public final class CommittedRows: Sendable {
    private let path: String
    private let table: String
    private let last = Mutex<Int64>(0)

    /// Follows `table` of the database at `path`.
    public init(path: String, table: String) {
        self.path = path
        self.table = table
    }

    /// Rows committed since the last call: each the table's columns as text, rowid first.
    public func next() -> [[String?]] {
        let after = last.withLock { $0 }
        guard FileManager.default.fileExists(atPath: path),
            let rows = try? SQLiteRows.rows(path: path, sql: "SELECT rowid, * FROM \(table) WHERE rowid > \(after) ORDER BY rowid")
        else { return [] }
        if let newest = rows.last?.first.flatMap({ $0.flatMap { Int64($0) } }) { last.withLock { $0 = newest } }
        return rows
    }
}
