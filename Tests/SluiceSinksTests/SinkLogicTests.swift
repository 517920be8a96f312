import SluiceCore
import Testing

@testable import SluiceSinks

/// The `SinkError` `body` throws; `nil` when it throws nothing or another error.
private func sinkError(_ body: () throws -> Void) -> SinkError? {
    do {
        try body()
        return nil
    } catch let error as SinkError {
        return error
    } catch {
        return nil
    }
}

/// The `.configuration` error's message `body` throws; `nil` for no error or another kind.
private func configurationMessage(_ body: () throws -> Void) -> String? {
    guard let error = sinkError(body), error.kind == .configuration else { return nil }
    return error.message
}

@Suite struct JDBCURLTests {
    @Test func mysqlURLWithParameters() throws {
        let url = try JDBCURL("jdbc:mysql://127.0.0.1:3306/db?user=a&password=p%40ss")
        #expect(url.database == .mysql)
        #expect(url.location == "127.0.0.1:3306/db?user=a&password=p%40ss")
        let server = try #require(url.server)
        #expect(server.host == "127.0.0.1")
        #expect(server.port == 3306)
        #expect(server.database == "db")
        #expect(server.parameters.map(\.key) == ["user", "password"])
        #expect(server.parameters.map(\.value) == ["a", "p@ss"])
        #expect(server.hostAndPort == "127.0.0.1:3306")
    }

    @Test func mariadbDefaultsToMySQLPort() throws {
        let url = try JDBCURL("jdbc:mariadb://h/db")
        #expect(url.database == .mysql)
        let server = try #require(url.server)
        #expect(server.host == "h")
        #expect(server.port == 3306)
        #expect(server.database == "db")
        #expect(server.parameters.isEmpty)
    }

    @Test func schemeIsCaseInsensitive() throws {
        let url = try JDBCURL("JDBC:MySQL://h:3307/db")
        #expect(url.database == .mysql)
        #expect(url.server?.port == 3307)
        #expect(url.server?.host == "h")
    }

    @Test func ipv6Host() throws {
        let url = try JDBCURL("jdbc:postgresql://[::1]:5433/x")
        #expect(url.database == .postgresql)
        let server = try #require(url.server)
        #expect(server.host == "::1")
        #expect(server.port == 5433)
        #expect(server.database == "x")
        #expect(server.hostAndPort == "[::1]:5433")
    }

    @Test func postgresShortForm() throws {
        let url = try JDBCURL("jdbc:postgresql:mydb")
        #expect(url.database == .postgresql)
        let server = try #require(url.server)
        #expect(server.host == "localhost")
        #expect(server.port == 5432)
        #expect(server.database == "mydb")
        #expect(server.hostAndPort == "localhost:5432")
    }

    @Test func emptyHostIsLocalhost() throws {
        let server = try #require(try JDBCURL("jdbc:mysql:///db").server)
        #expect(server.host == "localhost")
        #expect(server.port == 3306)
        #expect(server.database == "db")
    }

    @Test func sqliteHasNoServer() throws {
        let url = try JDBCURL("jdbc:sqlite:/tmp/a.db")
        #expect(url.database == .sqlite)
        #expect(url.server == nil)
        #expect(url.location == "/tmp/a.db")
        #expect(try JDBCURL("jdbc:sqlite::memory:").location == ":memory:")
        #expect(configurationMessage { _ = try JDBCURL("jdbc:sqlite:") } != nil)
    }

    @Test func badPortIsRejected() {
        let message = configurationMessage { _ = try JDBCURL("jdbc:mysql://h:99999/db") }
        #expect(message?.contains("99999") == true)
        #expect(configurationMessage { _ = try JDBCURL("jdbc:mysql://h:0/db") } != nil)
        #expect(configurationMessage { _ = try JDBCURL("jdbc:mysql://h:abc/db") } != nil)
    }

    @Test func severalHostsAreRejected() {
        let message = configurationMessage { _ = try JDBCURL("jdbc:mysql://a,b/db") }
        #expect(message?.contains("several hosts") == true)
    }

    @Test func unclosedBracketIsRejected() {
        let message = configurationMessage { _ = try JDBCURL("jdbc:postgresql://[::1/x") }
        #expect(message?.contains("[") == true)
    }

    @Test func unknownSchemeIsRejected() {
        let message = configurationMessage { _ = try JDBCURL("jdbc:oracle:thin:@h") }
        #expect(message?.contains("jdbc:oracle:thin:@h") == true)
        #expect(configurationMessage { _ = try JDBCURL("mysql://h/db") } != nil)
    }

    @Test func percentDecoding() {
        #expect(JDBCURL.percentDecoded("a+b%20c") == "a+b c")
        #expect(JDBCURL.percentDecoded("%41%42") == "AB")
        #expect(JDBCURL.percentDecoded("%zz") == "%zz")
        #expect(JDBCURL.percentDecoded("50%") == "50%")
    }

    @Test func driverMustMatchDatabase() throws {
        let url = try JDBCURL("jdbc:mysql://127.0.0.1:3306/db")
        try url.check(driver: "com.mysql.jdbc.Driver")
        try url.check(driver: "org.mariadb.jdbc.Driver")
        try url.check(driver: nil)
        let message = try #require(configurationMessage { try url.check(driver: "org.postgresql.Driver") })
        #expect(message.contains("postgresql"))
        #expect(message.contains("mysql"))
        #expect(message.contains("org.postgresql.Driver"))
        let unknown = try #require(configurationMessage { try url.check(driver: "com.example.Driver") })
        #expect(unknown.contains("com.example.Driver"))
        #expect(unknown.contains("unknown"))
        try JDBCURL("jdbc:sqlite:/tmp/a.db").check(driver: "org.sqlite.JDBC")
        #expect(configurationMessage { try JDBCURL("jdbc:sqlite:/tmp/a.db").check(driver: "com.mysql.jdbc.Driver") } != nil)
    }
}

@Suite struct ServerSettingsTests {
    func settings(_ url: String, _ options: [String: String] = [:]) throws -> ServerSettings {
        try ServerSettings(url: JDBCURL(url), options: options)
    }

    @Test func defaults() throws {
        let mysql = try settings("jdbc:mysql://h/db")
        #expect(mysql.database == .mysql)
        #expect(mysql.address.host == "h")
        #expect(mysql.user == nil)
        #expect(mysql.password == nil)
        #expect(mysql.tls == .disabled)
        #expect(mysql.connectTimeoutSeconds == ServerSettings.connectTimeoutDefaultSeconds)
        #expect(mysql.socketTimeoutSeconds == nil)
        let postgres = try settings("jdbc:postgresql://h/db")
        #expect(postgres.tls == .preferred)
        #expect(postgres.connectTimeoutSeconds == 10)
        #expect(postgres.applicationName == nil)
    }

    @Test func sqliteIsNoServer() {
        #expect(configurationMessage { _ = try settings("jdbc:sqlite:/tmp/a.db") } != nil)
    }

    @Test func unknownParameterIsRejectedByName() throws {
        let message = try #require(
            configurationMessage { _ = try settings("jdbc:mysql://h/db?rewriteBatchedStatements=true") })
        #expect(message.contains("rewriteBatchedStatements"))
        #expect(message.contains("MySQL"))
        // A MySQL parameter is not a PostgreSQL one.
        let postgres = try #require(configurationMessage { _ = try settings("jdbc:postgresql://h/db?useSSL=true") })
        #expect(postgres.contains("useSSL"))
    }

    @Test func parameterNamesAreCaseInsensitive() throws {
        let s = try settings("jdbc:mysql://h/db?USER=u&ConnectTimeout=1000")
        #expect(s.user == "u")
        #expect(s.connectTimeoutSeconds == 1)
    }

    @Test func mysqlTimeoutsAreMilliseconds() throws {
        let s = try settings("jdbc:mysql://h/db?connectTimeout=2500&socketTimeout=1000")
        #expect(s.connectTimeoutSeconds == 3)
        #expect(s.socketTimeoutSeconds == 1)
        #expect(try settings("jdbc:mysql://h/db?connectTimeout=1").connectTimeoutSeconds == 1)
        #expect(try settings("jdbc:mysql://h/db?socketTimeout=0").socketTimeoutSeconds == nil)
        #expect(try settings("jdbc:mysql://h/db?connectTimeout=0").connectTimeoutSeconds == 0)
    }

    @Test func postgresTimeoutsAreSeconds() throws {
        let s = try settings("jdbc:postgresql://h/db?connectTimeout=7&socketTimeout=30")
        #expect(s.connectTimeoutSeconds == 7)
        #expect(s.socketTimeoutSeconds == 30)
    }

    @Test func badTimeoutIsRejected() throws {
        let message = try #require(configurationMessage { _ = try settings("jdbc:mysql://h/db?connectTimeout=-1") })
        #expect(message.contains("connectTimeout"))
        #expect(configurationMessage { _ = try settings("jdbc:postgresql://h/db?socketTimeout=soon") } != nil)
    }

    @Test func optionsOverrideURLParameters() throws {
        let s = try settings(
            "jdbc:mysql://h/db?user=a&password=p&connectTimeout=1000",
            ["user": "b", "password": "q", "connecttimeout": "4000"])
        #expect(s.user == "b")
        #expect(s.password == "q")
        #expect(s.connectTimeoutSeconds == 4)
        let fromOptions = try settings("jdbc:postgresql://h/db", ["user": "u", "sockettimeout": "9"])
        #expect(fromOptions.user == "u")
        #expect(fromOptions.password == nil)
        #expect(fromOptions.socketTimeoutSeconds == 9)
    }

    @Test func mysqlTLS() throws {
        #expect(try settings("jdbc:mysql://h/db?useSSL=false").tls == .disabled)
        #expect(try settings("jdbc:mysql://h/db?useSSL=true").tls == .preferred)
        #expect(try settings("jdbc:mysql://h/db?requireSSL=true").tls == .required)
        #expect(try settings("jdbc:mysql://h/db?useSSL=true&requireSSL=true").tls == .required)
        #expect(try settings("jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY").tls == .verifyIdentity)
        #expect(try settings("jdbc:mysql://h/db?sslMode=verify_ca").tls == .verifyCA)
        #expect(try settings("jdbc:mysql://h/db?useSSL=true&sslMode=DISABLED").tls == .disabled)
        let message = try #require(configurationMessage { _ = try settings("jdbc:mysql://h/db?sslMode=sometimes") })
        #expect(message.contains("sometimes"))
        #expect(configurationMessage { _ = try settings("jdbc:mysql://h/db?useSSL=yes") } != nil)
    }

    @Test func postgresTLS() throws {
        #expect(try settings("jdbc:postgresql://h/db").tls == .preferred)
        #expect(try settings("jdbc:postgresql://h/db?sslmode=require").tls == .required)
        #expect(try settings("jdbc:postgresql://h/db?sslmode=disable").tls == .disabled)
        #expect(try settings("jdbc:postgresql://h/db?sslmode=verify-full").tls == .verifyIdentity)
        #expect(try settings("jdbc:postgresql://h/db?ssl=true").tls == .verifyIdentity)
        #expect(try settings("jdbc:postgresql://h/db?ssl=false").tls == .preferred)
        #expect(configurationMessage { _ = try settings("jdbc:postgresql://h/db?sslmode=always") } != nil)
    }

    @Test func applicationName() throws {
        #expect(try settings("jdbc:postgresql://h/db?applicationName=sluice%20job").applicationName == "sluice job")
    }

    @Test func characterEncoding() throws {
        #expect(try settings("jdbc:mysql://h/db?characterEncoding=UTF-8&useUnicode=true").database == .mysql)
        #expect(try settings("jdbc:mysql://h/db?characterEncoding=utf8mb4").database == .mysql)
        let latin = try #require(configurationMessage { _ = try settings("jdbc:mysql://h/db?characterEncoding=latin1") })
        #expect(latin.contains("latin1"))
        let unicode = try #require(configurationMessage { _ = try settings("jdbc:mysql://h/db?useUnicode=false") })
        #expect(unicode.contains("useUnicode"))
    }
}

@Suite struct SQLDialectTests {
    let mysql = SQLDialect(database: .mysql)
    let postgres = SQLDialect(database: .postgresql)
    let sqlite = SQLDialect(database: .sqlite)

    @Test func translatedForPostgres() {
        #expect(
            postgres.translated("insert into `t`(`time`, `label`) values(?, ?)")
                == "insert into \"t\"(\"time\", \"label\") values($1, $2)")
    }

    @Test func translatedLeavesLiteralsAndCommentsAlone() {
        #expect(
            postgres.translated("select 'a?b', ? from t -- comment ?\nwhere x = ?")
                == "select 'a?b', $1 from t -- comment ?\nwhere x = $2")
        #expect(postgres.translated("select \"a?\" from t where y = ?") == "select \"a?\" from t where y = $1")
        #expect(postgres.translated("select `a\"b` from t") == "select \"a\"\"b\" from t")
    }

    @Test func translatedForMySQLIsUnchanged() {
        let statement = "insert into `t`(`time`, `label`) values(?, ?)"
        #expect(mysql.translated(statement) == statement)
    }

    @Test func translatedForSQLiteKeepsQuestionMarks() {
        #expect(
            sqlite.translated("insert into `t`(`time`, `label`) values(?, ?)")
                == "insert into \"t\"(\"time\", \"label\") values(?, ?)")
    }

    @Test func quoting() {
        #expect(mysql.quoted("a.b") == "`a`.`b`")
        #expect(postgres.quoted("a.b") == "\"a\".\"b\"")
        #expect(sqlite.quoted("t") == "\"t\"")
        #expect(mysql.quoted("a`b") == "`a``b`")
        #expect(postgres.quoted("a\"b") == "\"a\"\"b\"")
        #expect(mysql.quoted("Mixed Case") == "`Mixed Case`")
    }

    @Test func columnTypes() {
        #expect(mysql.columnType(.timestamp) == "DATETIME(6)")
        #expect(postgres.columnType(.timestamp) == "TIMESTAMP")
        #expect(mysql.columnType(.double) == "DOUBLE")
        #expect(postgres.columnType(.double) == "DOUBLE PRECISION")
        #expect(mysql.columnType(.string) == "TEXT")
        #expect(postgres.columnType(.string) == "TEXT")
        #expect(sqlite.columnType(.string) == "TEXT")
        #expect(sqlite.columnType(.double) == "REAL")
        #expect(sqlite.columnType(.bigint) == "INTEGER")
        #expect(sqlite.columnType(.timestamp) == "TEXT")
        #expect(mysql.columnType(.int) == "INT")
        #expect(postgres.columnType(.int) == "INTEGER")
        #expect(postgres.columnType(.decimal(precision: 10, scale: 2)) == "DOUBLE PRECISION")
    }

    @Test func insertStatements() {
        #expect(
            postgres.insert(into: "t", columns: ["a", "b"], rows: 2)
                == "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2), ($3, $4)")
        #expect(
            mysql.insert(into: "s.t", columns: ["a", "b"], rows: 2)
                == "INSERT INTO `s`.`t` (`a`, `b`) VALUES (?, ?), (?, ?)")
        #expect(sqlite.insert(into: "t", columns: ["a"], rows: 3) == "INSERT INTO \"t\" (\"a\") VALUES (?), (?), (?)")
        #expect(postgres.placeholders(3, from: 4) == "$4, $5, $6")
    }

    @Test func beginStatements() {
        #expect(
            mysql.begin(.readCommitted) == ["SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "START TRANSACTION"])
        #expect(postgres.begin(.readCommitted) == ["BEGIN ISOLATION LEVEL READ COMMITTED"])
        #expect(postgres.begin(.repeatableRead) == ["BEGIN ISOLATION LEVEL REPEATABLE READ"])
        #expect(sqlite.begin(.readUncommitted) == ["PRAGMA read_uncommitted = 1", "BEGIN IMMEDIATE"])
        #expect(sqlite.begin(.serializable) == ["BEGIN IMMEDIATE"])
    }

    @Test func timeZones() {
        #expect(mysql.setTimeZone(utcOffsetSeconds: 8 * 3600 + 1800) == "SET time_zone = '+08:30'")
        #expect(mysql.setTimeZone(utcOffsetSeconds: -5 * 3600) == "SET time_zone = '-05:00'")
        #expect(mysql.setTimeZone(utcOffsetSeconds: -(9 * 3600 + 1800)) == "SET time_zone = '-09:30'")
        #expect(mysql.setTimeZone(utcOffsetSeconds: 0) == "SET time_zone = '+00:00'")
        #expect(mysql.setTimeZone(utcOffsetSeconds: 13 * 3600 + 2700) == "SET time_zone = '+13:45'")
        #expect(
            postgres.setTimeZone(utcOffsetSeconds: 8 * 3600 + 1800) == "SET TIME ZONE INTERVAL '+08:30' HOUR TO MINUTE")
        #expect(sqlite.setTimeZone(utcOffsetSeconds: 3600) == nil)
    }

    @Test func columnsQueries() {
        let qualified = postgres.columnsQuery("s.t")
        #expect(qualified.sql.contains("table_schema = $1"))
        #expect(qualified.sql.contains("table_name = $2"))
        #expect(qualified.parameters == [.text("s"), .text("t")])
        let plain = postgres.columnsQuery("t")
        #expect(plain.sql.contains("current_schema()"))
        #expect(plain.sql.contains("table_name = $1"))
        #expect(plain.parameters == [.text("t")])
        let mysqlPlain = mysql.columnsQuery("t")
        #expect(mysqlPlain.sql.contains("DATABASE()"))
        #expect(mysqlPlain.parameters == [.text("t")])
        #expect(mysql.columnsQuery("s.t").parameters == [.text("s"), .text("t")])
        #expect(sqlite.columnsQuery("t").parameters == [.text("t")])
    }
}

@Suite struct ReconnectPolicyTests {
    let policy = ReconnectPolicy(timeoutMilliseconds: 1000)

    @Test func doublesFromTheFirstDelay() {
        #expect(policy.delay(beforeRetry: 1, elapsedMilliseconds: 0) == 100)
        #expect(policy.delay(beforeRetry: 2, elapsedMilliseconds: 0) == 200)
        #expect(policy.delay(beforeRetry: 3, elapsedMilliseconds: 0) == 400)
    }

    @Test func cappedAtMaxDelay() {
        let long = ReconnectPolicy(timeoutMilliseconds: 10_000_000)
        #expect(long.maxDelayMilliseconds == 5000)
        #expect(long.delay(beforeRetry: 6, elapsedMilliseconds: 0) == 3200)
        #expect(long.delay(beforeRetry: 7, elapsedMilliseconds: 0) == 5000)
        #expect(long.delay(beforeRetry: 20, elapsedMilliseconds: 0) == 5000)
        #expect(long.delay(beforeRetry: 1000, elapsedMilliseconds: 0) == 5000)
    }

    @Test func lastTryAtTheDeadline() {
        // Exactly reaching the timeout is still a full pause.
        #expect(policy.delay(beforeRetry: 3, elapsedMilliseconds: 600) == 400)
        // Passing it: only the time left.
        #expect(policy.delay(beforeRetry: 3, elapsedMilliseconds: 700) == 300)
        #expect(policy.delay(beforeRetry: 1, elapsedMilliseconds: 950) == 50)
        #expect(policy.delay(beforeRetry: 1, elapsedMilliseconds: 1000) == nil)
        #expect(policy.delay(beforeRetry: 4, elapsedMilliseconds: 1500) == nil)
    }
}

@Suite struct SinkOptionsTests {
    let sqliteURL = "jdbc:sqlite:/tmp/a.db"

    func options(_ values: [String: String], statement: String? = nil) throws -> SinkOptions {
        try SinkOptions(options: values, statement: statement, utcOffsetSeconds: 3600)
    }

    @Test func defaults() throws {
        let o = try options(["url": sqliteURL, "dbtable": "t"])
        #expect(o.table == "t")
        #expect(o.isolation == .readUncommitted)
        #expect(o.batchSize == SinkOptions.batchSizeDefault)
        #expect(o.batchSize == 1000)
        #expect(o.commitRetryTimeoutMilliseconds == 60_000)
        #expect(o.batchIdColumn == nil)
        #expect(o.statement == nil)
        #expect(o.utcOffsetSeconds == 3600)
        #expect(o.server == nil)
        #expect(o.place == "SQLite database /tmp/a.db")
    }

    @Test func keysAreCaseInsensitive() throws {
        let o = try options(
            [
                "URL": sqliteURL, "DbTable": "t", "ISOLATIONLEVEL": "read_committed", "BatchSize": "50",
                "batchIdCol": "bid",
            ],
            statement: "insert into t values (?)")
        #expect(o.isolation == .readCommitted)
        #expect(o.batchSize == 50)
        #expect(o.batchIdColumn == "bid")
        #expect(o.statement == "insert into t values (?)")
    }

    @Test func unknownIsolationIsRejected() throws {
        let message = try #require(
            configurationMessage { _ = try options(["url": sqliteURL, "dbtable": "t", "isolationLevel": "SNAPSHOT"]) })
        #expect(message.contains("SNAPSHOT"))
        #expect(try options(["url": sqliteURL, "dbtable": "t", "isolationLevel": "NONE"]).isolation == SinkOptions.Isolation.none)
    }

    @Test func batchSizeMustBePositive() throws {
        let message = try #require(
            configurationMessage { _ = try options(["url": sqliteURL, "dbtable": "t", "batchsize": "0"]) })
        #expect(message.contains("batchsize"))
        #expect(configurationMessage { _ = try options(["url": sqliteURL, "dbtable": "t", "batchsize": "many"]) } != nil)
    }

    @Test func commitRetryTimeout() throws {
        #expect(
            try options(["url": sqliteURL, "dbtable": "t", "commitRetryTimeoutMs": "2500"]).commitRetryTimeoutMilliseconds
                == 2500)
        #expect(
            configurationMessage { _ = try options(["url": sqliteURL, "dbtable": "t", "commitRetryTimeoutMs": "-5"]) }
                != nil)
    }

    @Test func serverURL() throws {
        let o = try options([
            "url": "jdbc:postgresql://127.0.0.1:5432/db", "dbtable": "t", "User": "u", "password": "pw",
        ])
        #expect(o.place == "PostgreSQL at 127.0.0.1:5432/db")
        let server = try #require(o.server)
        #expect(server.database == .postgresql)
        #expect(server.user == "u")
        #expect(server.password == "pw")
        let mysql = try options(["url": "jdbc:mysql://[::1]/shop", "dbtable": "t"])
        #expect(mysql.place == "MySQL/MariaDB at [::1]:3306/shop")
        #expect(mysql.server != nil)
    }

    @Test func missingOrBadURLAndTable() throws {
        let noURL = try #require(configurationMessage { _ = try options(["dbtable": "t"]) })
        #expect(noURL.contains("url"))
        let noTable = try #require(configurationMessage { _ = try options(["url": sqliteURL]) })
        #expect(noTable.contains("dbtable"))
        #expect(configurationMessage { _ = try options(["url": sqliteURL, "dbtable": ""]) } != nil)
        #expect(configurationMessage { _ = try options(["url": "jdbc:oracle:thin:@h", "dbtable": "t"]) } != nil)
        let driver = try #require(
            configurationMessage {
                _ = try options(["url": "jdbc:mysql://h/db", "dbtable": "t", "driver": "org.postgresql.Driver"])
            })
        #expect(driver.contains("org.postgresql.Driver"))
        #expect(
            configurationMessage {
                _ = try options(["url": "jdbc:mysql://h/db?rewriteBatchedStatements=true", "dbtable": "t"])
            } != nil)
    }
}
