/// Direct statements on a sink's database, for tools and tests that set up tables or read
/// what a sink committed.
public enum SQLDatabase {
    /// The rows `sql` returns from the database of `url` (a JDBC URL; `user` and `password`
    /// as the table options would give them), as text with NULL as nil.
    /// - Throws: `SinkError` naming the database when it cannot be reached or queried.
    public static func rows(url: String, user: String? = nil, password: String? = nil, _ sql: String) throws -> [[String?]] {
        try connection(url: url, user: user, password: password).query(sql, [])
    }

    /// Runs `sql`, a statement without results, on the database of `url`.
    /// - Throws: `SinkError` naming the database when it cannot be reached or the statement fails.
    public static func execute(url: String, user: String? = nil, password: String? = nil, _ sql: String) throws {
        try connection(url: url, user: user, password: password).execute(sql)
    }

    private static func connection(url: String, user: String?, password: String?) throws -> DatabaseConnection {
        var options = ["url": url, "dbtable": "-"]
        options["user"] = user
        options["password"] = password
        return try JDBCSinks.connection(SinkOptions(options: options, statement: nil, utcOffsetSeconds: 0))
    }
}

/// Reading an SQLite database's rows, for tools that show what a sink committed.
public enum SQLiteRows {
    /// The rows `sql` returns from the database at `path` (opened read-only), as text.
    /// - Throws: `SinkError` naming the database when it cannot be opened or queried.
    public static func rows(path: String, sql: String) throws -> [[String?]] {
        try SQLiteConnection(path: path, readOnly: true).query(sql, [])
    }

    /// Runs `sql` (statements without results) on the database at `path`, creating the file.
    /// - Throws: `SinkError` naming the database when it cannot be opened or the statement fails.
    public static func execute(path: String, sql: String) throws {
        try SQLiteConnection(path: path).execute(sql)
    }
}
