import Foundation
import SluiceCore
import SluiceSinks
import Testing

/// The sink on real MariaDB and PostgreSQL servers. Serialized: some tests restart a server.
@Suite(.serialized) struct DatabaseServerTests {
    typealias Server = TestDatabase.Server

    static let schema = [
        Column(name: "start", type: .timestamp), Column(name: "label", type: .string), Column(name: "acc", type: .double),
        Column(name: "n", type: .bigint), Column(name: "ok", type: .boolean),
    ]

    /// Epoch `epoch`'s rows: `count` of them, one with NULLs.
    static func rows(epoch: Int, count: Int) -> [[Value]] {
        (0..<count).map { index in
            if index == 0 { return [.timestamp(0), .null, .null, .null, .null] }
            return [
                .timestamp(1_554_260_000_000_000 + Int64(index) * 10_000_000), .string("label-\(epoch)-\(index) 'q'"),
                .double(Double(index) / 3), .bigint(Int64(epoch * 1_000 + index)), .boolean(index % 2 == 0),
            ]
        }
    }

    static func options(_ database: TestDatabase, _ extra: [String: String] = [:], statement: String? = nil) throws -> SinkOptions {
        var settings = [
            "url": database.url, "user": TestDatabase.user, "password": TestDatabase.password, "dbtable": "sink_rows",
            "batchsize": "7", "isolationLevel": "READ_COMMITTED",
        ]
        settings.merge(extra) { $1 }
        return try SinkOptions(options: settings, statement: statement, utcOffsetSeconds: 0)
    }

    /// A streaming query's write mode: each epoch with its marker.
    static let marked = SinkWrite(marked: true, replacesAll: false)

    /// A sink of `schema`'s rows over `options`, written with markers.
    static func open(_ options: SinkOptions, log: @escaping (String) -> Void = { _ in }) throws -> DatabaseSink {
        try JDBCSinks.open(options, schema: schema, mode: marked, log: log)
    }

    static func write(_ sink: DatabaseSink, epoch: Int, count: Int = 20) throws -> Bool {
        try sink.write(queryID: "q", epoch: epoch, rows: rows(epoch: epoch, count: count))
    }

    @Test(arguments: Server.allCases)
    func epochsAreWrittenOnceInBatchesIntoATableCreatedFromTheQuery(_ server: Server) throws {
        let database = try TestDatabase(server)
        defer { database.drop() }
        let options = try Self.options(database)
        #expect(try JDBCSinks.describe(options) == nil)
        let sink = try Self.open(options)
        try sink.check()
        #expect(try sink.lastCommittedEpoch(queryID: "q") == nil)
        #expect(try Self.write(sink, epoch: 0))
        #expect(try !Self.write(sink, epoch: 0), "a replayed epoch is skipped")
        #expect(try Self.write(sink, epoch: 1, count: 2_500))
        #expect(try database.rows("SELECT count(*) FROM sink_rows").first?.first == "2520")
        #expect(try database.rows("SELECT count(*) FROM _sluice_epochs WHERE query = 'q'").first?.first == "2")
        #expect(sink.keepsMarkers)
        #expect(try sink.lastCommittedEpoch(queryID: "q") == 1)

        let types = try #require(try JDBCSinks.describe(options)).map { $0.typeName.lowercased() }
        #expect(types.count == 5)
        #expect(types[0].hasPrefix(server == .mariadb ? "datetime" : "timestamp"), "\(types)")
        #expect(types[1] == "text" && types[2].hasPrefix("double") && types[3].hasPrefix("bigint"), "\(types)")

        let row = try database.rows("SELECT start, label, acc, n, ok FROM sink_rows WHERE n = 1001")
        #expect(row.count == 1)
        #expect(row.first?[0]?.hasPrefix("2019-04-03 02:53:30") == true, "\(row)")
        #expect(row.first?[1] == "label-1-1 'q'")
        #expect(Double(row.first?[2] ?? "") == 1.0 / 3)
        #expect(["0", "f", "false"].contains(row.first?[4] ?? ""), "\(row)")
        let nulls = try database.rows("SELECT count(*) FROM sink_rows WHERE label IS NULL AND acc IS NULL AND n IS NULL")
        #expect(nulls.first?.first == "2")
        // A batch query's sink writes every time, without markers, so it cannot say what it committed.
        let unmarked = try JDBCSinks.open(options, schema: Self.schema, mode: SinkWrite(marked: false, replacesAll: false))
        #expect(!unmarked.keepsMarkers)
        #expect(try unmarked.lastCommittedEpoch(queryID: "q") == nil)
        #expect(try unmarked.write(queryID: "q", epoch: 0, rows: Self.rows(epoch: 0, count: 3)))
        #expect(try database.rows("SELECT count(*) FROM sink_rows").first?.first == "2523")
    }

    @Test(arguments: Server.allCases)
    func aMySQLStyleCustomStatementRunsUnchangedAndEveryIsolationLevelCommits(_ server: Server) throws {
        let database = try TestDatabase(server)
        defer { database.drop() }
        let timestamp = server == .mariadb ? "DATETIME" : "TIMESTAMP"
        try database.execute("CREATE TABLE custom (t \(timestamp), t_text VARCHAR(32), label TEXT, acc DOUBLE PRECISION)")
        let statement = "insert into `custom`(`t`, `t_text`, `label`, `acc`) values(?, ?, ?, ?)"
        let schema = [
            Column(name: "a", type: .timestamp), Column(name: "b", type: .timestamp), Column(name: "c", type: .string),
            Column(name: "d", type: .double),
        ]
        for (epoch, level) in SinkOptions.Isolation.allCases.enumerated() {
            let options = try Self.options(database, ["dbtable": "custom", "isolationLevel": level.rawValue], statement: statement)
            let sink = try JDBCSinks.open(options, schema: schema, mode: Self.marked)
            let micros = 1_554_260_000_000_000 + Int64(epoch) * 1_000_000
            let written = try sink.write(
                queryID: "custom", epoch: epoch, rows: [[.timestamp(micros), .timestamp(micros), .string(level.rawValue), .double(0.25)]])
            #expect(written, "\(level)")
        }
        let rows = try database.rows("SELECT t, t_text, label, acc FROM custom ORDER BY t")
        #expect(rows.map { $0[2] ?? "" } == SinkOptions.Isolation.allCases.map(\.rawValue))
        #expect(rows.first?[0]?.hasPrefix("2019-04-03 02:53:20") == true, "\(rows)")
        #expect(rows.first?[1] == "2019-04-03 02:53:20", "a timestamp into a text column is Spark's string form")
        #expect(rows.allSatisfy { Double($0[3] ?? "") == 0.25 })
    }

    @Test(arguments: Server.allCases)
    func emrBatchIdColumnKeepsItsBatchLog(_ server: Server) throws {
        let database = try TestDatabase(server)
        defer { database.drop() }
        let options = try Self.options(database, ["batchIdCol": "batch_id"])
        let sink = try Self.open(options)
        #expect(try Self.write(sink, epoch: 3, count: 4))
        #expect(try database.rows("SELECT count(*) FROM sink_rows WHERE batch_id = 3").first?.first == "4")
        let log = server == .mariadb ? "`sink_rows$_STREAM_LOG`" : "\"sink_rows$_STREAM_LOG\""
        #expect(try database.rows("SELECT batchId, status FROM \(log)") == [["3", "COMMITTED"]])

        // An epoch that fails in its third batch leaves nothing behind: no table creation inside
        // the transaction committed its first batches (MySQL commits at every CREATE TABLE).
        try database.execute(
            "CREATE TABLE strict_rows (start TEXT, label TEXT NOT NULL, acc DOUBLE PRECISION, n BIGINT, ok SMALLINT, batch_id BIGINT)")
        let strict = try Self.open(try Self.options(database, ["batchIdCol": "batch_id", "dbtable": "strict_rows"]))
        var rows = Self.rows(epoch: 5, count: 20)
        rows.append(rows.removeFirst())
        #expect(throws: SinkError.self) {
            try strict.write(queryID: "q", epoch: 5, rows: rows)
        }
        #expect(try database.rows("SELECT count(*) FROM strict_rows").first?.first == "0", "a failed epoch leaves no rows")
    }

    @Test(arguments: Server.allCases)
    func badLoginsDatabasesHostsAndTablesGiveClearErrors(_ server: Server) throws {
        let database = try TestDatabase(server)
        defer { database.drop() }
        func failure(_ settings: [String: String], statement: String? = nil, write: Bool = false) -> String {
            do {
                let sink = try Self.open(try Self.options(database, settings, statement: statement))
                if write { _ = try Self.write(sink, epoch: 0) }
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let host = server == .mariadb ? "127.0.0.1:3306" : "127.0.0.1:5432"
        let wrongPassword = failure(["password": "not-the-password"])
        #expect(wrongPassword.contains("refused user 'sluice'") && wrongPassword.contains(host), "\(wrongPassword)")
        let scheme = server == .mariadb ? "mysql" : "postgresql"
        let unknown = failure(["url": "jdbc:\(scheme)://\(host)/no_such_database_here"])
        #expect(unknown.contains("no_such_database_here"), "\(unknown)")
        let unreachable = failure(["url": "jdbc:\(scheme)://127.0.0.1:1/x", "connectTimeout": server == .mariadb ? "2000" : "2"])
        #expect(unreachable.contains("cannot connect to") && unreachable.contains("127.0.0.1:1"), "\(unreachable)")

        // TLS parameters are honoured: the test MariaDB offers no TLS; PostgreSQL may or may not.
        if server == .mariadb {
            let mariadbURL = database.url.replacingOccurrences(of: "jdbc:mysql:", with: "jdbc:mariadb:")
            #expect(failure(["url": mariadbURL, "driver": "org.mariadb.jdbc.Driver"]) == "no error")
            #expect(failure(["url": database.url, "driver": "com.mysql.cj.jdbc.Driver"]) == "no error")
            let tls = failure(["url": database.url + "?requireSSL=true"])
            #expect(tls.contains("SSL") || tls.contains("TLS"), "\(tls)")
        } else {
            let offered = try database.rows("SHOW ssl").first?.first == "on"
            let tls = failure(["url": database.url + "?sslmode=require"])
            #expect(offered ? tls == "no error" : tls.contains("SSL"), "\(tls)")
        }
        #expect(failure(["url": database.url + "?sslmode=disable&connectTimeout=5"]) == "no error" || server == .mariadb)

        try database.execute("CREATE TABLE narrow (a TEXT, b TEXT)")
        let narrow = failure(["dbtable": "narrow"], write: true)
        #expect(narrow.contains("table 'narrow' has 2 columns (a, b)"), "\(narrow)")
        let column = failure(
            ["dbtable": "narrow"], statement: "insert into narrow (a, b, missing_column, d, e) values (?, ?, ?, ?, ?)", write: true)
        #expect(column.contains("narrow") && column.contains("missing_column"), "\(column)")
        let missing = failure(["dbtable": "absent"], statement: "insert into absent values (?, ?, ?, ?, ?)", write: true)
        #expect(missing.contains("table 'absent' of the sink statement does not exist"), "\(missing)")
    }

    @Test(arguments: Server.allCases)
    func aRestartedServerIsReconnectedAndAServerThatStaysDownFailsTheWriteInTime(_ server: Server) throws {
        let database = try TestDatabase(server)
        defer { database.drop() }
        let log = Log()
        let sink = try Self.open(try Self.options(database, ["commitRetryTimeoutMs": "2000"]), log: log.append)
        #expect(try Self.write(sink, epoch: 0))
        try server.restart()
        #expect(try Self.write(sink, epoch: 1), "the sink reconnects after the restart")
        #expect(try database.rows("SELECT count(*) FROM sink_rows").first?.first == "40")

        try server.stop()
        defer { try? server.start() }
        let start = Date()
        var message = ""
        do { _ = try Self.write(sink, epoch: 2) } catch { message = "\(error)" }
        #expect(message.contains("commitRetryTimeoutMs") && message.contains("epoch 2"), "\(message)")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(log.lines.contains { $0.contains("trying again") }, "\(log.lines)")
        try server.start()
        #expect(try Self.write(sink, epoch: 2), "once the server is back, the epoch is written")
        #expect(try database.rows("SELECT count(*) FROM sink_rows").first?.first == "60")
    }

    /// Lines the sink logged.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        var lines: [String] { lock.withLock { stored } }
        func append(_ line: String) { lock.withLock { stored.append(line) } }
    }
}
