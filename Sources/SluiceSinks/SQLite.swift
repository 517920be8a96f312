import CSQLite

/// The one wrapper over the SQLite C library: a connection and prepared statements. Every
/// call goes through `check`, which turns result codes into `SinkError`s naming the call.
final class SQLiteConnection: DatabaseConnection {
    let database = JDBCURL.Database.sqlite
    private var handle: OpaquePointer?
    let path: String

    /// How long a write waits for another writer's lock, in milliseconds.
    static let busyTimeoutMilliseconds: Int32 = 10_000

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
        sqlite3_busy_timeout(db, SQLiteConnection.busyTimeoutMilliseconds)
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

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(error)
            throw SinkError(.database, "SQLite on \(path): \(message) (in: \(sql))")
        }
    }

    func prepare(_ sql: String) throws -> PreparedStatement {
        try prepareStatement(sql)
    }

    private func prepareStatement(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), "prepare '\(sql)'")
        guard let statement else { throw SinkError(.database, "SQLite on \(path): empty statement '\(sql)'") }
        return SQLiteStatement(statement: statement, connection: self)
    }

    func query(_ sql: String, _ parameters: [SQLParameter] = []) throws -> [[String?]] {
        let statement = try prepareStatement(sql)
        try statement.bind(parameters)
        var rows: [[String?]] = []
        while try statement.step() {
            rows.append(statement.columns())
        }
        return rows
    }
}

/// A prepared statement of a `SQLiteConnection`.
final class SQLiteStatement: PreparedStatement {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection

    init(statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(statement)
    }

    var parameterCount: Int { Int(sqlite3_bind_parameter_count(statement)) }

    func run(_ parameters: [SQLParameter]) throws {
        try bind(parameters)
        while try step() {}
    }

    /// Resets the statement and binds `values` to parameters 1….
    func bind(_ values: [SQLParameter]) throws {
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
