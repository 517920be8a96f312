import SluiceCore

/// How a JDBC-like sink writes: the table, statement, batching and transaction settings.
public struct SinkOptions: Sendable {
    /// The transaction isolation of each epoch's write.
    public enum Isolation: String, Sendable, CaseIterable {
        case none = "NONE"
        case readUncommitted = "READ_UNCOMMITTED"
        case readCommitted = "READ_COMMITTED"
        case repeatableRead = "REPEATABLE_READ"
        case serializable = "SERIALIZABLE"
    }

    /// The database.
    public var url: JDBCURL
    /// The table written.
    public var table: String
    /// The custom statement from `SET streaming.query.<name>.sql`, if any.
    public var statement: String?
    /// Rows per batch of inserts.
    public var batchSize: Int
    /// The isolation level; `.none` writes without a transaction (at-least-once).
    public var isolation: Isolation
    /// EMR's batch id column: when set, EMR's `<table>$_STREAM_LOG` protocol is used.
    public var batchIdColumn: String?
    /// The session time zone, for timestamps written as text.
    public var utcOffsetSeconds: Int

    /// Default rows per batch, as Spark's JDBC options.
    public static let batchSizeDefault = 1000

    /// Reads options of a `jdbc2` table (keys case-insensitive).
    /// - Throws: `SinkError` for a bad URL, a driver of another database, bad values.
    public init(options: [String: String], statement: String?, utcOffsetSeconds: Int) throws {
        func option(_ key: String) -> String? {
            options.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        guard let urlText = option("url") else { throw SinkError(.configuration, "the jdbc2 table has no 'url' option") }
        url = try JDBCURL(urlText)
        try url.check(driver: option("driver"))
        guard let table = option("dbtable"), !table.isEmpty else {
            throw SinkError(.configuration, "the jdbc2 table has no 'dbtable' option")
        }
        self.table = table
        self.statement = statement
        batchSize = Int(option("batchsize") ?? "") ?? SinkOptions.batchSizeDefault
        let level = option("isolationLevel")?.uppercased() ?? Isolation.readUncommitted.rawValue
        guard let isolation = Isolation(rawValue: level) else {
            throw SinkError(.configuration, "isolationLevel '\(level)' is not one of NONE, READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE")
        }
        self.isolation = isolation
        batchIdColumn = option("batchIdCol")
        self.utcOffsetSeconds = utcOffsetSeconds
    }
}
