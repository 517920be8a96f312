import Foundation
import CPostgres

/// A connection to PostgreSQL over its client library, `libpq`. Parameters travel as text with
/// no declared type, so the server converts them to the types of the columns they meet.
final class PostgresConnection: DatabaseConnection {
    let database = JDBCURL.Database.postgresql
    private let handle: OpaquePointer
    /// `PostgreSQL at host:port`, for messages.
    let place: String
    private var statementCount = 0

    /// SQLSTATEs after which the transaction may be retried on a new connection.
    static let retryableStates: Set<String> = ["57P01", "57P02", "57P03", "40001", "40P01"]

    /// Connects and logs in.
    /// - Throws: `SinkError` `.connection` when the server cannot be reached or is starting or
    ///   stopping, `.database` when it refuses the user or has no such database.
    init(settings: ServerSettings) throws {
        place = "PostgreSQL at \(settings.address.hostAndPort)"
        let address = settings.address
        var pairs: [(String, String)] = [
            ("host", address.host), ("port", String(address.port)), ("client_encoding", "UTF8"),
            ("connect_timeout", String(settings.connectTimeoutSeconds)),
            ("sslmode", PostgresConnection.sslMode(settings.tls)),
        ]
        if !address.database.isEmpty { pairs.append(("dbname", address.database)) }
        if let user = settings.user { pairs.append(("user", user)) }
        if let password = settings.password { pairs.append(("password", password)) }
        if let name = settings.applicationName { pairs.append(("application_name", name)) }
        if let seconds = settings.socketTimeoutSeconds {
            pairs.append(("tcp_user_timeout", String(seconds * 1_000)))
            pairs.append(("options", "-c statement_timeout=\(seconds * 1_000)"))
        }
        let keywords = pairs.map { strdup($0.0) } + [nil]
        let values = pairs.map { strdup($0.1) } + [nil]
        defer { (keywords + values).forEach { free($0) } }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keys in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
                PQconnectdbParams(keys.baseAddress, values.baseAddress, 0)
            }
        }
        guard let connection else { throw SinkError(.database, "PostgreSQL client: out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresConnection.trimmed(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            // Refusals come from the server as FATAL messages; the rest is the network.
            if message.contains("password authentication failed") || message.contains("role \"") {
                throw SinkError(
                    .database, "\(place) refused user '\(settings.user ?? "")': \(message); check user and password")
            }
            if message.contains("database \"") && message.contains("does not exist") {
                throw SinkError(.database, "\(place) has no database '\(address.database)': \(message)")
            }
            if message.contains("FATAL") && !message.contains("the database system is") {
                throw SinkError(.database, "\(place) refused the connection: \(message)")
            }
            throw SinkError(.connection, "cannot connect to \(place): \(message)")
        }
        handle = connection
        // Notices ("relation already exists, skipping") are not errors; libpq would print them.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit {
        PQfinish(handle)
    }

    private static func sslMode(_ tls: ServerSettings.TLS) -> String {
        switch tls {
        case .disabled: "disable"
        case .preferred: "prefer"
        case .required: "require"
        case .verifyCA: "verify-ca"
        case .verifyIdentity: "verify-full"
        }
    }

    /// libpq's multi-line message on one line.
    private static func trimmed(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Checks a result: returns it when it succeeded, else clears it and throws.
    func checked(_ result: OpaquePointer?, _ sql: String) throws -> OpaquePointer {
        guard let result else {
            throw SinkError(.connection, "\(place): \(PostgresConnection.trimmed(String(cString: PQerrorMessage(handle))))")
        }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return result }
        let message = PostgresConnection.trimmed(String(cString: PQresultErrorMessage(result)))
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        PQclear(result)
        if PQstatus(handle) != CONNECTION_OK || state.hasPrefix("08") || PostgresConnection.retryableStates.contains(state) {
            throw SinkError(.connection, "\(place): \(message)")
        }
        throw SinkError(.database, "\(place): \(message) (in: \(sql))")
    }

    /// Runs `body` with `parameters` as C strings (nil for NULL).
    func withParameters<T>(_ parameters: [SQLParameter], _ body: ([UnsafePointer<CChar>?]) throws -> T) rethrows -> T {
        let strings: [UnsafeMutablePointer<CChar>?] = parameters.map { parameter in
            switch parameter {
            case .null: nil
            case .integer(let value): strdup(String(value))
            case .real(let value):
                strdup(value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : "\(value)")
            case .text(let value): strdup(value)
            }
        }
        defer { strings.forEach { free($0) } }
        return try body(strings.map { $0.map { UnsafePointer($0) } })
    }

    func execute(_ sql: String) throws {
        PQclear(try checked(PQexec(handle, sql), sql))
    }

    func query(_ sql: String, _ parameters: [SQLParameter]) throws -> [[String?]] {
        let result = try withParameters(parameters) { values in
            try checked(PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0), sql)
        }
        defer { PQclear(result) }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) != 0 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    func prepare(_ sql: String) throws -> PreparedStatement {
        statementCount += 1
        let name = "sluice_\(statementCount)"
        PQclear(try checked(PQprepare(handle, name, sql, 0, nil), sql))
        let description = try checked(PQdescribePrepared(handle, name), sql)
        defer { PQclear(description) }
        return PostgresStatement(name: name, parameterCount: Int(PQnparams(description)), connection: self, sql: sql)
    }

    /// Runs prepared statement `name`.
    func runPrepared(_ name: String, _ parameters: [SQLParameter], sql: String) throws {
        let result = try withParameters(parameters) { values in
            try checked(PQexecPrepared(handle, name, Int32(values.count), values, nil, nil, 0), sql)
        }
        PQclear(result)
    }

    /// Frees prepared statement `name` on the server, if the connection still works.
    func deallocate(_ name: String) {
        guard PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE else { return }
        PQclear(PQexec(handle, "DEALLOCATE \(name)"))
    }
}

/// A named server-side prepared statement of a `PostgresConnection`.
final class PostgresStatement: PreparedStatement {
    let name: String
    let parameterCount: Int
    private let connection: PostgresConnection
    private let sql: String

    init(name: String, parameterCount: Int, connection: PostgresConnection, sql: String) {
        self.name = name
        self.parameterCount = parameterCount
        self.connection = connection
        self.sql = sql
    }

    deinit {
        connection.deallocate(name)
    }

    func run(_ parameters: [SQLParameter]) throws {
        try connection.runPrepared(name, parameters, sql: sql)
    }
}
