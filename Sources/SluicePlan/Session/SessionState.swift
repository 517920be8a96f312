/// What a session holds besides the catalog: the current database, `SET` values and
/// temporary functions and tables.
public struct SessionState: Sendable {
    /// The database unqualified names resolve in.
    public var currentDatabase = "default"
    /// `SET` values, by key as written.
    public private(set) var conf: [String: String] = [:]
    /// Temporary functions by lower-cased name.
    public var temporaryFunctions: [String: FunctionDefinition] = [:]
    /// Temporary tables by lower-cased name.
    public var temporaryTables: [String: TableDefinition] = [:]

    /// A fresh session.
    public init() {}

    /// The keys `SET` reads Spark's way: the stream's name and per-query settings.
    public enum Key {
        /// The name of the query the next `INSERT` starts.
        public static let queryName = "streaming.query.name"
        /// The session time zone.
        public static let timeZone = "spark.sql.session.timeZone"

        /// Where the checkpoint of query `name` lives.
        public static func checkpointLocation(_ name: String) -> String {
            "spark.sql.streaming.checkpointLocation.\(name)"
        }

        /// The output mode of query `name`.
        public static func outputMode(_ name: String) -> String { "spark.sql.streaming.query.outputMode.\(name)" }

        /// The sink statement of query `name`.
        public static func sinkStatement(_ name: String) -> String { "streaming.query.\(name).sql" }

        /// The trigger of query `name`.
        public static func trigger(_ name: String) -> String { "spark.sql.streaming.query.trigger.\(name)" }
    }

    /// The value of `key`.
    public func value(_ key: String) -> String? { conf[key] }

    /// Sets `key` to `value`.
    public mutating func set(_ key: String, _ value: String) { conf[key] = value }

    /// Removes `key`, or every key when `nil`.
    public mutating func reset(_ key: String?) {
        if let key { conf[key] = nil } else { conf = [:] }
    }
}
