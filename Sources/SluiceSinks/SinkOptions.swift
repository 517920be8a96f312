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
    /// For database servers: address, login and connection settings.
    public var server: ServerSettings?
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
    /// How long an epoch's write keeps reconnecting to a database that went away before the
    /// query fails (`commitRetryTimeoutMs`), in milliseconds.
    public var commitRetryTimeoutMilliseconds: Int

    /// Default rows per batch, as Spark's JDBC options.
    public static let batchSizeDefault = 1000
    /// Default time an epoch keeps reconnecting before the query fails, in milliseconds.
    public static let commitRetryTimeoutDefaultMilliseconds = 60_000

    /// Reads options of a `jdbc2` table (keys case-insensitive).
    /// - Throws: `SinkError` for a bad URL, a driver of another database, bad values.
    public init(options: [String: String], statement: String?, utcOffsetSeconds: Int) throws {
        var lowered: [String: String] = [:]
        for (key, value) in options { lowered[key.lowercased()] = value }
        guard let urlText = lowered["url"] else { throw SinkError(.configuration, "the jdbc2 table has no 'url' option") }
        url = try JDBCURL(urlText)
        try url.check(driver: lowered["driver"])
        if url.server != nil { server = try ServerSettings(url: url, options: lowered) }
        guard let table = lowered["dbtable"], !table.isEmpty else {
            throw SinkError(.configuration, "the jdbc2 table has no 'dbtable' option")
        }
        self.table = table
        self.statement = statement
        batchSize = try SinkOptions.positive(lowered["batchsize"], "batchsize") ?? SinkOptions.batchSizeDefault
        let level = lowered["isolationlevel"]?.uppercased() ?? Isolation.readUncommitted.rawValue
        guard let isolation = Isolation(rawValue: level) else {
            throw SinkError(.configuration, "isolationLevel '\(level)' is not one of NONE, READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE")
        }
        self.isolation = isolation
        batchIdColumn = lowered["batchidcol"]
        self.utcOffsetSeconds = utcOffsetSeconds
        commitRetryTimeoutMilliseconds =
            try SinkOptions.positive(lowered["commitretrytimeoutms"], "commitRetryTimeoutMs")
            ?? SinkOptions.commitRetryTimeoutDefaultMilliseconds
    }

    private static func positive(_ text: String?, _ name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value > 0 else {
            throw SinkError(.configuration, "\(name) '\(text)' is not a positive whole number")
        }
        return value
    }

    /// Where the sink writes, for messages: the SQLite file or `Database at host:port/db`.
    public var place: String {
        guard let server else { return "SQLite database \(url.location)" }
        return "\(url.database.displayName) at \(server.address.hostAndPort)/\(server.address.database)"
    }
}
