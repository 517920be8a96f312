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

/// Opens the sink a URL names.
public enum JDBCSinks {
    /// The columns of the sink table of `options` as the database reports them, without creating
    /// or changing anything; `nil` when the SQLite file or the table does not exist yet.
    /// - Throws: `SinkError` when the database cannot be reached or read.
    public static func describe(_ options: SinkOptions) throws -> [SinkColumn]? {
        let dialect = SQLDialect(database: options.url.database)
        if options.url.database == .sqlite {
            let path = options.url.location
            guard path == ":memory:" || FileManager.default.fileExists(atPath: path) else { return nil }
            return try SQLiteConnection(path: path, readOnly: true).tableColumns(options.table, dialect: dialect)
        }
        return try connection(options).tableColumns(options.table, dialect: dialect)
    }

    /// A sink writing rows of `schema` to the database of `options` as `mode` says, connected.
    /// - Parameter log: where retries after a lost connection are reported.
    /// - Throws: `SinkError` when the database cannot be reached, refuses the login or cannot be opened.
    public static func open(
        _ options: SinkOptions, schema: [Column], mode: SinkWrite, log: @escaping (String) -> Void = { _ in }
    ) throws -> DatabaseSink {
        try DatabaseSink(options: options, schema: schema, mode: mode, log: log) { try connection(options) }
    }

    /// A new connection to the database of `options`.
    static func connection(_ options: SinkOptions) throws -> DatabaseConnection {
        switch (options.url.database, options.server) {
        case (.sqlite, _): return try SQLiteConnection(path: options.url.location)
        case (.mysql, let server?): return try MariaDBConnection(settings: server)
        case (.postgresql, let server?): return try PostgresConnection(settings: server)
        case (_, nil): throw SinkError(.configuration, "the URL of \(options.table) names no server")
        }
    }
}
