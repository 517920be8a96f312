/// A parsed JDBC URL: which database, and where.
public struct JDBCURL: Sendable, Equatable {
    /// The databases a URL can name.
    public enum Database: String, Sendable {
        case sqlite, mysql, postgresql

        /// The name users know the database by, for messages.
        public var displayName: String {
            switch self {
            case .sqlite: "SQLite"
            case .mysql: "MySQL/MariaDB"
            case .postgresql: "PostgreSQL"
            }
        }
    }

    /// The database kind.
    public var database: Database
    /// For SQLite, the file path (or `:memory:`); for servers, `host:port/db?…`.
    public var location: String
    /// For servers: the host, port, database name and URL parameters.
    public var server: ServerAddress?

    /// Where a database server is, as a URL names it.
    public struct ServerAddress: Sendable, Equatable {
        /// The host name or address (IPv6 without brackets).
        public var host: String
        /// The TCP port.
        public var port: Int
        /// The database (schema, for MySQL) name; empty when the URL names none.
        public var database: String
        /// The `?k=v&…` parameters in order, percent-decoded.
        public var parameters: [(key: String, value: String)]

        /// `host:port`, with brackets around an IPv6 host.
        public var hostAndPort: String {
            (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        }

        public static func == (a: ServerAddress, b: ServerAddress) -> Bool {
            a.host == b.host && a.port == b.port && a.database == b.database
                && a.parameters.map(\.key) == b.parameters.map(\.key) && a.parameters.map(\.value) == b.parameters.map(\.value)
        }
    }

    /// Driver classes Spark users name, and the database each drives.
    public static let driverClasses: [String: Database] = [
        "org.sqlite.JDBC": .sqlite,
        "com.mysql.jdbc.Driver": .mysql, "com.mysql.cj.jdbc.Driver": .mysql, "org.mariadb.jdbc.Driver": .mysql,
        "org.postgresql.Driver": .postgresql,
    ]

    /// The port each server database listens on unless the URL says otherwise.
    static let defaultPorts: [Database: Int] = [.mysql: 3306, .postgresql: 5432]

    /// Parses `jdbc:sqlite:/path`, `jdbc:mysql://host[:port]/db?…`, `jdbc:mariadb://…`,
    /// `jdbc:postgresql://host[:port]/db?…` and `jdbc:postgresql:db`.
    /// - Throws: `SinkError` of kind `.configuration` for other URLs or a malformed address.
    public init(_ url: String) throws {
        let lower = url.lowercased()
        if lower.hasPrefix("jdbc:sqlite:") {
            database = .sqlite
            location = String(url.dropFirst("jdbc:sqlite:".count))
            if location.hasPrefix("//") { location.removeFirst(2) }
            guard !location.isEmpty else { throw SinkError(.configuration, "JDBC URL '\(url)' names no SQLite file") }
            return
        }
        if lower.hasPrefix("jdbc:mysql://") || lower.hasPrefix("jdbc:mariadb://") {
            database = .mysql
            location = String(url.drop { $0 != "/" }.dropFirst(2))
        } else if lower.hasPrefix("jdbc:postgresql://") {
            database = .postgresql
            location = String(url.dropFirst("jdbc:postgresql://".count))
        } else if lower.hasPrefix("jdbc:postgresql:") {
            database = .postgresql
            location = "localhost/" + url.dropFirst("jdbc:postgresql:".count)
        } else {
            throw SinkError(
                .configuration, "unsupported JDBC URL '\(url)': use jdbc:sqlite:, jdbc:mysql:, jdbc:mariadb: or jdbc:postgresql:")
        }
        server = try JDBCURL.parseServer(location, defaultPort: JDBCURL.defaultPorts[database] ?? 0, url: url)
    }

    /// Splits `host[:port][/db][?k=v&…]`.
    static func parseServer(_ text: String, defaultPort: Int, url: String) throws -> ServerAddress {
        let (address, query) = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).twoParts
        let (hostPort, path) = address.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).twoParts
        guard !hostPort.contains(",") else {
            throw SinkError(.configuration, "JDBC URL '\(url)' names several hosts; Sluice connects to one: name one host")
        }
        var host = hostPort.isEmpty ? "localhost" : hostPort
        var port = defaultPort
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw SinkError(.configuration, "JDBC URL '\(url)' has an unclosed '[' in its host")
            }
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") { port = try parsePort(String(rest.dropFirst()), url: url) }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            port = try parsePort(String(host[host.index(after: colon)...]), url: url)
            host = String(host[..<colon])
        }
        var parameters: [(key: String, value: String)] = []
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let (key, value) = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).twoParts
            parameters.append((percentDecoded(key), percentDecoded(value)))
        }
        return ServerAddress(host: host, port: port, database: percentDecoded(path), parameters: parameters)
    }

    private static func parsePort(_ text: String, url: String) throws -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else {
            throw SinkError(.configuration, "JDBC URL '\(url)' has port '\(text)', not a number from 1 to 65535")
        }
        return port
    }

    /// `%41` → `A`; `+` stays (JDBC URLs do not use form encoding).
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Fails when `driver` names a driver class of another database than the URL's.
    public func check(driver: String?) throws {
        guard let driver else { return }
        guard let driven = JDBCURL.driverClasses[driver] else {
            let known = JDBCURL.driverClasses.keys.sorted().joined(separator: ", ")
            throw SinkError(.configuration, "unknown JDBC driver class '\(driver)'; known: \(known)")
        }
        if driven != database {
            throw SinkError(
                .configuration,
                "driver '\(driver)' is a \(driven.rawValue) driver but the URL names a \(database.rawValue) database; "
                    + "remove the driver option or use a \(database.rawValue) URL")
        }
    }
}

extension Array where Element == Substring {
    /// The first element and the second (empty when absent), as strings.
    fileprivate var twoParts: (String, String) {
        (first.map(String.init) ?? "", count > 1 ? String(self[1]) : "")
    }
}
