/// A value bound to a statement parameter.
enum SQLParameter: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// One open connection to a database: the few calls a sink needs, over each database's own
/// client library. Errors are `SinkError`s; `.connection` ones mean the connection is gone and
/// a new one may succeed.
protocol DatabaseConnection: AnyObject {
    /// Which database this connects to.
    var database: JDBCURL.Database { get }
    /// Runs a statement that returns no rows.
    func execute(_ sql: String) throws
    /// Runs a query with parameters bound by position and returns its rows as text (NULL as nil).
    func query(_ sql: String, _ parameters: [SQLParameter]) throws -> [[String?]]
    /// Prepares a statement with positional parameters (`?`, or `$n` for PostgreSQL).
    func prepare(_ sql: String) throws -> PreparedStatement
}

/// A prepared statement of a `DatabaseConnection`, run once per set of parameters.
protocol PreparedStatement: AnyObject {
    /// How many parameters the statement takes.
    var parameterCount: Int { get }
    /// Runs the statement with `parameters` bound by position.
    func run(_ parameters: [SQLParameter]) throws
}

extension DatabaseConnection {
    /// Opens a transaction at `isolation`.
    func begin(_ isolation: SinkOptions.Isolation) throws {
        for sql in SQLDialect(database: database).begin(isolation) { try execute(sql) }
    }

    /// Commits the open transaction.
    func commit() throws { try execute("COMMIT") }

    /// Rolls the open transaction back; never throws (a lost connection rolls back by itself).
    func rollback() { try? execute("ROLLBACK") }

    /// The columns of `table` (name and type, in order) as `dialect` reads them, or `nil` when
    /// the table does not exist.
    func tableColumns(_ table: String, dialect: SQLDialect) throws -> [SinkColumn]? {
        let (sql, parameters) = dialect.columnsQuery(table)
        let rows = try query(sql, parameters)
        return rows.isEmpty ? nil : rows.map { SinkColumn(name: $0[0] ?? "", typeName: $0[1] ?? "") }
    }
}
