import CSQLite

/// The one wrapper over the SQLite C library: a connection and prepared statements. Every
/// call goes through `check`, which turns result codes into `SinkError`s naming the call.
final class SQLiteConnection {
    private var handle: OpaquePointer?
    let path: String

    /// Opens (creating if needed, unless `readOnly`) the database file at `path`.
    init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let code = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_FULLMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SinkError(.database, "cannot open SQLite database \(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Fails with the database's message unless `code` is one of `accepted`.
    @discardableResult
    func check(_ code: Int32, _ call: String, accepted: Set<Int32> = [SQLITE_OK]) throws -> Int32 {
        guard accepted.contains(code) else {
            throw SinkError(.database, "SQLite \(call) on \(path): \(String(cString: sqlite3_errmsg(handle)))")
        }
        return code
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(error)
            throw SinkError(.database, "SQLite on \(path): \(message) (in: \(sql))")
        }
    }

    /// Prepares `sql`.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), "prepare '\(sql)'")
        guard let statement else { throw SinkError(.database, "SQLite on \(path): empty statement '\(sql)'") }
        return SQLiteStatement(statement: statement, connection: self)
    }

    /// The columns of `table`, or `nil` when it does not exist.
    func tableColumns(_ table: String) throws -> [SinkColumn]? {
        let rows = try query("SELECT name, type FROM pragma_table_info(?)", [.text(table)])
        return rows.isEmpty ? nil : rows.map { SinkColumn(name: $0[0] ?? "", typeName: $0[1] ?? "") }
    }

    /// The rows of a query, as text (NULL as nil).
    func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [[String?]] {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        var rows: [[String?]] = []
        while try statement.step() {
            rows.append(statement.columns())
        }
        return rows
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A prepared statement of a `SQLiteConnection`.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection

    init(statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// The number of `?` parameters.
    var parameterCount: Int { Int(sqlite3_bind_parameter_count(statement)) }

    /// Resets the statement and binds `values` to parameters 1….
    func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(statement, position)
            case .integer(let v): code = sqlite3_bind_int64(statement, position, v)
            case .real(let v): code = sqlite3_bind_double(statement, position, v)
            case .text(let v): code = sqlite3_bind_text(statement, position, v, -1, transient)
            }
            try connection.check(code, "bind parameter \(position)")
        }
    }

    /// Steps once; `true` when a row is available.
    func step() throws -> Bool {
        let code = try connection.check(sqlite3_step(statement), "step", accepted: [SQLITE_ROW, SQLITE_DONE])
        return code == SQLITE_ROW
    }

    /// The current row's columns as text.
    func columns() -> [String?] {
        (0..<sqlite3_column_count(statement)).map { index in
            sqlite3_column_type(statement, index) == SQLITE_NULL
                ? nil : sqlite3_column_text(statement, index).map { String(cString: $0) }
        }
    }
}

/// Reading an SQLite database's rows, for tools that show what a sink committed.
public enum SQLiteRows {
    /// The rows `sql` returns from the database at `path` (opened read-only), as text.
    /// - Throws: `SinkError` naming the database when it cannot be opened or queried.
    public static func rows(path: String, sql: String) throws -> [[String?]] {
        try SQLiteConnection(path: path, readOnly: true).query(sql)
    }
}

extension SQLiteRows {
    /// Runs `sql` (statements without results) on the database at `path`, creating the file.
    /// - Throws: `SinkError` naming the database when it cannot be opened or the statement fails.
    public static func execute(path: String, sql: String) throws {
        try SQLiteConnection(path: path).execute(sql)
    }
}
