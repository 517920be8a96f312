import CMariaDB

/// A connection to MySQL or MariaDB over MariaDB Connector/C (`libmariadb`), always over TCP.
final class MariaDBConnection: DatabaseConnection {
    let database = JDBCURL.Database.mysql
    private let handle: UnsafeMutablePointer<MYSQL>
    /// `MySQL/MariaDB at host:port`, for messages.
    let place: String

    /// Client error codes that mean the connection is gone or never came up.
    static let lostConnection: Set<UInt32> = [
        UInt32(CR_CONNECTION_ERROR), UInt32(CR_CONN_HOST_ERROR), UInt32(CR_UNKNOWN_HOST), UInt32(CR_SERVER_GONE_ERROR),
        UInt32(CR_SERVER_LOST), UInt32(CR_SERVER_LOST_EXTENDED), UInt32(ER_SERVER_SHUTDOWN), UInt32(ER_CONNECTION_KILLED),
        UInt32(ER_QUERY_INTERRUPTED), 4031,  // ER_CLIENT_INTERACTION_TIMEOUT
    ]
    /// Server error codes after which the whole transaction may be retried.
    static let retryableTransaction: Set<UInt32> = [UInt32(ER_LOCK_DEADLOCK), 1205]  // deadlock, lock wait timeout

    /// Connects and logs in.
    /// - Throws: `SinkError` `.connection` when the server cannot be reached, `.database` when
    ///   it refuses the user or has no such database.
    init(settings: ServerSettings) throws {
        guard let handle = mysql_init(nil) else { throw SinkError(.database, "MySQL/MariaDB client: out of memory") }
        self.handle = handle
        place = "MySQL/MariaDB at \(settings.address.hostAndPort)"
        var tcp = UInt32(MYSQL_PROTOCOL_TCP.rawValue)
        mysql_options(handle, MYSQL_OPT_PROTOCOL, &tcp)
        var connectTimeout = UInt32(settings.connectTimeoutSeconds)
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        if let seconds = settings.socketTimeoutSeconds {
            var timeout = UInt32(seconds)
            mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &timeout)
            mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &timeout)
        }
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var on: my_bool = 1
        switch settings.tls {
        case .disabled: break
        case .preferred: mysql_ssl_set(handle, nil, nil, nil, nil, nil)
        case .required: mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
        case .verifyCA, .verifyIdentity:
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on)
        }
        let address = settings.address
        let connected = mysql_real_connect(
            handle, address.host, settings.user, settings.password, address.database.isEmpty ? nil : address.database,
            UInt32(address.port), nil, 0)
        guard connected != nil else {
            let code = mysql_errno(handle)
            let message = String(cString: mysql_error(handle))
            // Every stored property is set, so throwing runs deinit, which closes the handle.
            switch code {
            case UInt32(ER_ACCESS_DENIED_ERROR), 1044, 1698:  // access denied (user, database, plugin)
                throw SinkError(
                    .database, "\(place) refused user '\(settings.user ?? "")': \(message); check user and password")
            case UInt32(ER_BAD_DB_ERROR):
                throw SinkError(.database, "\(place) has no database '\(address.database)': \(message)")
            case let code where MariaDBConnection.lostConnection.contains(code):
                throw SinkError(.connection, "cannot connect to \(place): \(message)")
            default:
                throw SinkError(.database, "cannot connect to \(place): \(message)")
            }
        }
        // The client library may fall back to plain text when the server offers no TLS.
        if [.required, .verifyCA, .verifyIdentity].contains(settings.tls), mysql_get_ssl_cipher(handle) == nil {
            throw SinkError(
                .database, "\(place) offers no TLS, but the URL requires it (useSSL/requireSSL/sslMode); "
                    + "enable TLS on the server or set sslMode=DISABLED")
        }
    }

    deinit {
        mysql_close(handle)
    }

    /// The error of the last call, classified.
    func failure(_ code: UInt32, _ message: String, in sql: String) -> SinkError {
        if MariaDBConnection.lostConnection.contains(code) || MariaDBConnection.retryableTransaction.contains(code) {
            return SinkError(.connection, "\(place): \(message)")
        }
        return SinkError(.database, "\(place): \(message) (in: \(sql))")
    }

    private func run(_ sql: String) throws {
        let length = UInt(sql.utf8.count)
        if mysql_real_query(handle, sql, length) != 0 {
            throw failure(mysql_errno(handle), String(cString: mysql_error(handle)), in: sql)
        }
    }

    func execute(_ sql: String) throws {
        try run(sql)
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    func query(_ sql: String, _ parameters: [SQLParameter]) throws -> [[String?]] {
        let text = literalParameters(sql, parameters)
        try run(text)
        guard let result = mysql_store_result(handle) else {
            if mysql_field_count(handle) != 0 {
                throw failure(mysql_errno(handle), String(cString: mysql_error(handle)), in: text)
            }
            return []
        }
        defer { mysql_free_result(result) }
        let fields = Int(mysql_num_fields(result))
        var rows: [[String?]] = []
        while let row = mysql_fetch_row(result) {
            let lengths = mysql_fetch_lengths(result)
            rows.append((0..<fields).map { index in
                row[index].map { pointer in
                    let length = Int(lengths?[index] ?? 0)
                    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    }
                }
            })
        }
        return rows
    }

    /// `sql` with each `?` replaced by its parameter as an escaped literal (Sluice's own
    /// statements only: they have no `?` inside literals).
    private func literalParameters(_ sql: String, _ parameters: [SQLParameter]) -> String {
        guard !parameters.isEmpty else { return sql }
        var remaining = parameters[...]
        var out = ""
        for character in sql {
            guard character == "?", let parameter = remaining.popFirst() else {
                out.append(character)
                continue
            }
            switch parameter {
            case .null: out += "NULL"
            case .integer(let value): out += String(value)
            case .real(let value): out += value.isFinite ? "\(value)" : "NULL"
            case .text(let value): out += "'" + escaped(value) + "'"
            }
        }
        return out
    }

    private func escaped(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var buffer = [CChar](repeating: 0, count: bytes.count * 2 + 1)
        let length = bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) {
                mysql_real_escape_string(handle, &buffer, $0.baseAddress, UInt(bytes.count))
            }
        }
        return String(decoding: buffer[..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func prepare(_ sql: String) throws -> PreparedStatement {
        guard let statement = mysql_stmt_init(handle) else { throw SinkError(.database, "\(place): out of memory") }
        if mysql_stmt_prepare(statement, sql, UInt(sql.utf8.count)) != 0 {
            let error = failure(mysql_stmt_errno(statement), String(cString: mysql_stmt_error(statement)), in: sql)
            mysql_stmt_close(statement)
            throw error
        }
        return MariaDBStatement(statement: statement, connection: self, sql: sql)
    }
}

/// A server-side prepared statement of a `MariaDBConnection`.
final class MariaDBStatement: PreparedStatement {
    private let statement: UnsafeMutablePointer<MYSQL_STMT>
    private let connection: MariaDBConnection
    private let sql: String

    init(statement: UnsafeMutablePointer<MYSQL_STMT>, connection: MariaDBConnection, sql: String) {
        self.statement = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        mysql_stmt_close(statement)
    }

    var parameterCount: Int { Int(mysql_stmt_param_count(statement)) }

    /// A binding of a fixed-size value, copied into a buffer added to `buffers`.
    private static func scalar<T>(_ value: T, _ type: enum_field_types, keeping buffers: inout [UnsafeMutableRawPointer]) -> MYSQL_BIND {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        buffer.storeBytes(of: value, as: T.self)
        buffers.append(buffer)
        var bind = MYSQL_BIND()
        bind.buffer_type = type
        bind.buffer = buffer
        return bind
    }

    func run(_ parameters: [SQLParameter]) throws {
        var binds = [MYSQL_BIND](repeating: MYSQL_BIND(), count: parameters.count)
        var buffers: [UnsafeMutableRawPointer] = []
        defer { buffers.forEach { $0.deallocate() } }
        for (index, parameter) in parameters.enumerated() {
            switch parameter {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .integer(let value):
                binds[index] = MariaDBStatement.scalar(value, MYSQL_TYPE_LONGLONG, keeping: &buffers)
            case .real(let value):
                binds[index] = MariaDBStatement.scalar(value, MYSQL_TYPE_DOUBLE, keeping: &buffers)
            case .text(let value):
                let bytes = Array(value.utf8)
                let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
                bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(buffer), byteCount: bytes.count) }
                buffers.append(buffer)
                binds[index].buffer_type = MYSQL_TYPE_STRING
                binds[index].buffer = buffer
                binds[index].buffer_length = UInt(bytes.count)
            }
        }
        let failed = binds.withUnsafeMutableBufferPointer { binds in
            mysql_stmt_bind_param(statement, binds.baseAddress) != 0 || mysql_stmt_execute(statement) != 0
        }
        if failed {
            throw connection.failure(mysql_stmt_errno(statement), String(cString: mysql_stmt_error(statement)), in: sql)
        }
    }
}
