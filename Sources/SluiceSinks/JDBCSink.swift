import Foundation
import SluiceCore

/// A column of a sink table as the database reports it.
public struct SinkColumn: Sendable, Equatable {
    /// The column's name.
    public var name: String
    /// The database's type name.
    public var typeName: String
}

/// How an epoch's rows meet what the table holds.
public struct SinkWrite: Sendable {
    /// Record the epoch in the marker table and skip it if it is there already (streaming
    /// queries); a batch query writes every time it runs.
    public var marked: Bool
    /// Delete the table's rows first (complete output mode: the rows are the whole result).
    public var replacesAll: Bool

    /// Creates a write mode.
    public init(marked: Bool, replacesAll: Bool) {
        self.marked = marked
        self.replacesAll = replacesAll
    }
}

/// A JDBC-like sink: writes each epoch's rows in one transaction with a marker row, so a
/// replayed epoch is skipped (exactly once); without a transaction, at least once.
public protocol JDBCSink: AnyObject {
    /// The columns of `table`, or `nil` when it does not exist.
    func columns(of table: String) throws -> [SinkColumn]?
    /// Writes `rows` (columns described by `schema`) as epoch `epoch` of query `query`.
    /// - Returns: `false` when the epoch was already committed and nothing was written.
    func write(query: String, epoch: Int, rows: [[Value]], schema: [Column], mode: SinkWrite) throws -> Bool
}

/// Opens the sink a URL names.
public enum JDBCSinks {
    /// Whether this version can open databases of `database`'s kind.
    public static func hasDriver(for database: JDBCURL.Database) -> Bool {
        database == .sqlite
    }

    /// The columns of the sink table of `options` as the database reports them, without creating
    /// or changing anything; `nil` when the database or the table does not exist yet.
    /// - Throws: `SinkError` when the database cannot be read or has no driver here.
    public static func describe(_ options: SinkOptions) throws -> [SinkColumn]? {
        switch options.url.database {
        case .sqlite:
            let path = options.url.location
            guard path == ":memory:" || FileManager.default.fileExists(atPath: path) else { return nil }
            return try SQLiteConnection(path: path, readOnly: true).tableColumns(options.table)
        case .mysql, .postgresql:
            throw SinkError(
                .configuration, "Sluice has no \(options.url.database.rawValue) driver in this version; use a jdbc:sqlite: URL")
        }
    }

    /// A connection to the database of `options`.
    /// - Throws: `SinkError` when the database cannot be opened or has no driver here.
    public static func open(_ options: SinkOptions) throws -> JDBCSink {
        switch options.url.database {
        case .sqlite: return try SQLiteSink(options: options)
        case .mysql, .postgresql:
            throw SinkError(
                .configuration, "Sluice has no \(options.url.database.rawValue) driver in this version; use a jdbc:sqlite: URL")
        }
    }
}
