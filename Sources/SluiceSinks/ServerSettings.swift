/// How to reach and log in to a database server: the URL's address and parameters with the
/// table's options over them. Every parameter is honoured or rejected by name.
public struct ServerSettings: Sendable, Equatable {
    /// Transport security, from `useSSL`/`sslMode` (MySQL) or `ssl`/`sslmode` (PostgreSQL).
    public enum TLS: String, Sendable {
        case disabled, preferred, required, verifyCA, verifyIdentity
    }

    /// Which server.
    public var database: JDBCURL.Database
    /// Host, port and database name.
    public var address: JDBCURL.ServerAddress
    /// The user to log in as; the client library's default when nil.
    public var user: String?
    /// The password; none when nil.
    public var password: String?
    /// Transport security.
    public var tls: TLS
    /// How long a connection attempt may take, in seconds.
    public var connectTimeoutSeconds: Int
    /// How long one read or write on the connection may wait, in seconds; no limit when nil.
    public var socketTimeoutSeconds: Int?
    /// PostgreSQL's `application_name`.
    public var applicationName: String?

    /// A connection attempt's limit when neither URL nor options set one, in seconds.
    public static let connectTimeoutDefaultSeconds = 10

    /// Parameters each database's URLs may carry (lower-cased), and what they mean.
    static let knownParameters: [JDBCURL.Database: [String]] = [
        .mysql: ["user", "password", "usessl", "requiressl", "sslmode", "connecttimeout", "sockettimeout",
                 "characterencoding", "useunicode"],
        .postgresql: ["user", "password", "ssl", "sslmode", "connecttimeout", "sockettimeout", "applicationname",
                      "characterencoding"],
    ]

    /// Resolves the settings of `url` (a server URL) with the table's `options` (keys
    /// lower-cased: `user`, `password`, `connecttimeout`, `sockettimeout`) taking precedence.
    /// Timeouts are in milliseconds for MySQL and seconds for PostgreSQL, as their JDBC drivers.
    /// - Throws: `SinkError` of kind `.configuration` naming an unknown parameter or bad value.
    public init(url: JDBCURL, options: [String: String]) throws {
        guard let address = url.server else {
            throw SinkError(.configuration, "\(url.database.displayName) is not a database server")
        }
        database = url.database
        self.address = address
        tls = .disabled
        connectTimeoutSeconds = ServerSettings.connectTimeoutDefaultSeconds
        let known = ServerSettings.knownParameters[database] ?? []
        var values: [String: String] = [:]
        for (key, value) in address.parameters {
            guard known.contains(key.lowercased()) else {
                throw SinkError(
                    .configuration,
                    "URL parameter '\(key)' is not supported for \(database.displayName); supported: "
                        + known.joined(separator: ", "))
            }
            values[key.lowercased()] = value
        }
        for key in ["user", "password", "connecttimeout", "sockettimeout"] {
            if let value = options[key] { values[key] = value }
        }
        user = values["user"]
        password = values["password"]
        applicationName = values["applicationname"]
        let unit = database == .mysql ? 1_000 : 1
        if let text = values["connecttimeout"] {
            let amount = try ServerSettings.count(text, "connectTimeout")
            connectTimeoutSeconds = amount == 0 ? 0 : max(1, (amount + unit - 1) / unit)
        }
        if let text = values["sockettimeout"] {
            let amount = try ServerSettings.count(text, "socketTimeout")
            socketTimeoutSeconds = amount == 0 ? nil : max(1, (amount + unit - 1) / unit)
        }
        if let encoding = values["characterencoding"] {
            guard ["utf8", "utf-8", "utf8mb4"].contains(encoding.lowercased()) else {
                throw SinkError(
                    .configuration, "characterEncoding '\(encoding)' is not supported: Sluice writes UTF-8 (utf8mb4)")
            }
        }
        if let unicode = values["useunicode"], unicode.lowercased() != "true" {
            throw SinkError(.configuration, "useUnicode=\(unicode) is not supported: Sluice writes UTF-8 (utf8mb4)")
        }
        tls = try database == .mysql ? ServerSettings.mysqlTLS(values) : ServerSettings.postgresTLS(values)
    }

    private static func count(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw SinkError(.configuration, "\(name) '\(text)' is not a whole number of at least 0")
        }
        return value
    }

    private static func flag(_ text: String?, _ name: String) throws -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw SinkError(.configuration, "\(name) '\(text)' is not true or false")
        }
    }

    private static func mysqlTLS(_ values: [String: String]) throws -> TLS {
        if let mode = values["sslmode"] {
            let modes: [String: TLS] = [
                "DISABLED": .disabled, "PREFERRED": .preferred, "REQUIRED": .required, "VERIFY_CA": .verifyCA,
                "VERIFY_IDENTITY": .verifyIdentity,
            ]
            guard let tls = modes[mode.uppercased()] else {
                throw SinkError(
                    .configuration, "sslMode '\(mode)' is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY")
            }
            return tls
        }
        let use = try flag(values["usessl"], "useSSL")
        let require = try flag(values["requiressl"], "requireSSL")
        if require == true { return .required }
        return use == true ? .preferred : .disabled
    }

    private static func postgresTLS(_ values: [String: String]) throws -> TLS {
        if let mode = values["sslmode"] {
            let modes: [String: TLS] = [
                "disable": .disabled, "allow": .preferred, "prefer": .preferred, "require": .required,
                "verify-ca": .verifyCA, "verify-full": .verifyIdentity,
            ]
            guard let tls = modes[mode.lowercased()] else {
                throw SinkError(
                    .configuration, "sslmode '\(mode)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
            return tls
        }
        return try flag(values["ssl"], "ssl") == true ? .verifyIdentity : .preferred
    }
}
