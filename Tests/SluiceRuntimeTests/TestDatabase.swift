import Foundation
import SluiceSinks

/// A fresh database on one of the servers `scripts/test-databases.sh` starts (MariaDB and
/// PostgreSQL on loopback), created for one test and dropped after it.
struct TestDatabase {
    /// The database servers the sink tests write to.
    enum Server: String, CaseIterable, CustomStringConvertible {
        case mariadb, postgresql

        var description: String { rawValue }

        /// The database every test database is created from.
        var baseURL: String {
            switch self {
            case .mariadb:
                ProcessInfo.processInfo.environment["SLUICE_TEST_MYSQL_URL"] ?? "jdbc:mysql://127.0.0.1:3306/sluice_test"
            case .postgresql:
                ProcessInfo.processInfo.environment["SLUICE_TEST_POSTGRES_URL"]
                    ?? "jdbc:postgresql://127.0.0.1:5432/sluice_test"
            }
        }

        /// The driver class Spark users would name.
        var driverClass: String { self == .mariadb ? "com.mysql.jdbc.Driver" : "org.postgresql.Driver" }

        /// The result table of the reference query, with an id giving the insertion order.
        var resultTable: String {
            switch self {
            case .mariadb:
                "CREATE TABLE result (id INT AUTO_INCREMENT PRIMARY KEY, time VARCHAR(32), label VARCHAR(8), acc DOUBLE)"
            case .postgresql:
                "CREATE TABLE result (id SERIAL PRIMARY KEY, time TEXT, label TEXT, acc DOUBLE PRECISION)"
            }
        }

        /// Stops and starts the server (`scripts/test-databases.sh restart`).
        func restart() throws { try control("restart") }

        /// Stops the server.
        func stop() throws { try control("stop") }

        /// Starts the server and waits until it takes connections.
        func start() throws { try control("start") }

        private func control(_ action: String) throws {
            let process = Process()
            process.executableURL = TestDatabase.repository.appendingPathComponent("scripts/test-databases.sh")
            process.arguments = [action, rawValue]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ControlFailure(action: action, server: rawValue) }
        }
    }

    struct ControlFailure: Error { let action: String, server: String }

    static let user = "sluice"
    static let password = "sluice"
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let server: Server
    let name: String

    /// Creates a database with a new name on `server`.
    init(_ server: Server) throws {
        self.server = server
        name = "sluice_t_" + UUID().uuidString.prefix(8).lowercased()
        try SQLDatabase.execute(url: server.baseURL, user: Self.user, password: Self.password, "CREATE DATABASE \(name)")
    }

    /// The database's URL without credentials.
    var url: String {
        let base = server.baseURL
        let withoutQuery = base.split(separator: "?", maxSplits: 1)[0]
        return withoutQuery[..<(withoutQuery.lastIndex(of: "/") ?? withoutQuery.endIndex)] + "/" + name
    }

    /// The URL with user and password as parameters.
    var urlWithCredentials: String { url + "?user=\(Self.user)&password=\(Self.password)" }

    /// Drops the database.
    func drop() {
        let force = server == .postgresql ? " WITH (FORCE)" : ""
        try? SQLDatabase.execute(
            url: server.baseURL, user: Self.user, password: Self.password, "DROP DATABASE IF EXISTS \(name)\(force)")
    }

    func execute(_ sql: String) throws {
        try SQLDatabase.execute(url: url, user: Self.user, password: Self.password, sql)
    }

    func rows(_ sql: String) throws -> [[String?]] {
        try SQLDatabase.rows(url: url, user: Self.user, password: Self.password, sql)
    }

    /// Rows of the reference query's result table in insertion order, as `time|label|acc`.
    func resultRows() throws -> [String] {
        try rows("SELECT time, label, acc FROM result ORDER BY id").map { $0.map { $0 ?? "NULL" }.joined(separator: "|") }
    }

    /// The last accuracy written per `time|label`.
    func finalAccuracies() throws -> [String: Double] {
        var result: [String: Double] = [:]
        for row in try rows("SELECT time, label, acc FROM result ORDER BY id") {
            result["\(row[0] ?? "")|\(row[1] ?? "")"] = Double(row[2] ?? "")
        }
        return result
    }
}
