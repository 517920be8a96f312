/// A parsed JDBC URL: which database, and where.
public struct JDBCURL: Sendable, Equatable {
    /// The databases a URL can name.
    public enum Database: String, Sendable {
        case sqlite, mysql, postgresql
    }

    /// The database kind.
    public var database: Database
    /// For SQLite, the file path (or `:memory:`); for servers, `host:port/db?…`.
    public var location: String

    /// Driver classes Spark users name, and the database each drives.
    public static let driverClasses: [String: Database] = [
        "org.sqlite.JDBC": .sqlite,
        "com.mysql.jdbc.Driver": .mysql, "com.mysql.cj.jdbc.Driver": .mysql, "org.mariadb.jdbc.Driver": .mysql,
        "org.postgresql.Driver": .postgresql,
    ]

    /// Parses `jdbc:sqlite:/path`, `jdbc:mysql://…`, `jdbc:mariadb://…`, `jdbc:postgresql://…`.
    /// - Throws: `SinkError` of kind `.configuration` for other URLs.
    public init(_ url: String) throws {
        let lower = url.lowercased()
        if lower.hasPrefix("jdbc:sqlite:") {
            database = .sqlite
            location = String(url.dropFirst("jdbc:sqlite:".count))
            if location.hasPrefix("//") { location.removeFirst(2) }
            guard !location.isEmpty else { throw SinkError(.configuration, "JDBC URL '\(url)' names no SQLite file") }
        } else if lower.hasPrefix("jdbc:mysql://") || lower.hasPrefix("jdbc:mariadb://") {
            database = .mysql
            location = String(url.drop { $0 != "/" }.dropFirst(2))
        } else if lower.hasPrefix("jdbc:postgresql://") {
            database = .postgresql
            location = String(url.dropFirst("jdbc:postgresql://".count))
        } else {
            throw SinkError(
                .configuration, "unsupported JDBC URL '\(url)': use jdbc:sqlite:, jdbc:mysql:, jdbc:mariadb: or jdbc:postgresql:")
        }
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
