import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The reference query through `sluice submit` into MariaDB and PostgreSQL: the script as
/// written, the driver killed, the database server restarted.
extension DatabaseServerTests {
    typealias Store = LoghubEngineTests.Store
    typealias Running = ClusterTests.Running

    @Test(arguments: Server.allCases)
    func theReferenceScriptWritesTheAccuracyOfEveryWindowAndLabel(_ server: Server) throws {
        var store = try Store(records: 0)
        defer { store.server.stop() }
        let database = try TestDatabase(server)
        defer { database.drop() }
        try database.execute(server.resultTable)
        // seed.sql as written for MySQL; for PostgreSQL, its driver class.
        let text = try String(contentsOf: CLITests.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: server.driverClass)
        let script = store.root.appendingPathComponent("seed.sql")
        try text.write(to: script, atomically: true, encoding: .utf8)
        let defines = ClusterTests.seedDefines(
            store, rdsUrl: database.url, user: TestDatabase.user, password: TestDatabase.password)
        let run = try ClusterTests.runSeed(&store, script: script, defines: defines, master: "local[2]") {
            try database.finalAccuracies()
        }
        let submit = run.run
        #expect(run.status == 0, "\(submit.stderr)")
        #expect(ClusterTests.same(run.actual, run.expected), "\(run.actual) vs \(run.expected)")
        #expect(submit.stderr.contains("at-least-once"), "isolationLevel NONE is reported: \(submit.stderr)")

        // DESC of the sink table reads the real table's columns.
        let describe = try SluiceBinary.run([
            "sql", "--metastore", store.root.appendingPathComponent("ms-desc").path, "-e",
            "CREATE TABLE r USING jdbc2 OPTIONS (url '\(database.urlWithCredentials)', dbtable 'result'); DESC r;",
        ])
        #expect(describe.status == 0, "\(describe.stderr)")
        let lines = describe.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0.first ?? "" } == ["id", "time", "label", "acc"], "\(describe.stdout)")
        #expect(lines.last?.dropFirst().first == "double", "\(describe.stdout)")
    }

    /// Starts `sluice submit` of the deterministic fault script into `database`.
    func submit(_ store: Store, into database: TestDatabase, name: String, sinkOptions: String = "") throws -> Running {
        let checkpoint = store.root.appendingPathComponent("checkpoint-" + name).path
        let text = store.script(
            sinkURL: database.urlWithCredentials, extraOptions: ", maxOffsetsPerTrigger='200'", sinkOptions: sinkOptions)
            .replacingOccurrences(of: store.root.appendingPathComponent("checkpoint").path, with: checkpoint)
        let script = store.root.appendingPathComponent(name + ".sql")
        try text.write(to: script, atomically: true, encoding: .utf8)
        return try Running(
            ["submit", "--master", "local[2]", "--trigger", "available-now", script.path],
            log: store.root.appendingPathComponent(name + "-\(UUID().uuidString).log"))
    }

    /// The rows an uninterrupted run writes, in order.
    func referenceRows(_ store: Store, _ server: Server) throws -> [String] {
        let reference = try TestDatabase(server)
        defer { reference.drop() }
        try reference.execute(server.resultTable)
        let run = try submit(store, into: reference, name: "reference")
        #expect(run.finish() == 0, "\(run.stderr)")
        return try reference.resultRows()
    }

    /// What a fault test starts from: a store of 16,000 records, the rows an uninterrupted run
    /// writes, and a fresh database holding an empty result table.
    struct FaultFixture {
        let store: Store
        let expected: [String]
        let database: TestDatabase

        func close() {
            database.drop()
            store.server.stop()
        }
    }

    func faultFixture(_ server: Server) throws -> FaultFixture {
        let store = try Store(records: 16_000)
        do {
            let expected = try referenceRows(store, server)
            let database = try TestDatabase(server)
            try database.execute(server.resultTable)
            return FaultFixture(store: store, expected: expected, database: database)
        } catch {
            store.server.stop()
            throw error
        }
    }

    @Test(arguments: Server.allCases)
    func aDriverKilledMidRunThenRerunLosesAndDuplicatesNothing(_ server: Server) throws {
        let fixture = try faultFixture(server)
        defer { fixture.close() }
        let (store, expected, database) = (fixture.store, fixture.expected, fixture.database)
        #expect(expected.count > 40)

        let first = try submit(store, into: database, name: "killed")
        #expect(first.wait(for: "epoch 3:"), "\(first.stderr)")
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        let again = try submit(store, into: database, name: "killed")
        #expect(again.finish() == 0, "\(again.stderr)")
        #expect(try database.resultRows() == expected, "\(first.stderr)\n---\n\(again.stderr)")
    }

    @Test(arguments: Server.allCases)
    func aDatabaseRestartedMidRunLosesAndDuplicatesNothing(_ server: Server) throws {
        let fixture = try faultFixture(server)
        defer { fixture.close() }
        let (store, expected, database) = (fixture.store, fixture.expected, fixture.database)

        let run = try submit(store, into: database, name: "restarted")
        #expect(run.wait(for: "epoch 2:"), "\(run.stderr)")
        try server.restart()
        #expect(run.finish() == 0, "\(run.stderr)")
        #expect(run.stderr.contains("trying again"), "the run met the restart: \(run.stderr)")
        #expect(try database.resultRows() == expected, "\(run.stderr)")
    }

    @Test(arguments: Server.allCases)
    func aDatabaseThatStaysDownFailsTheQueryAndARerunContinues(_ server: Server) throws {
        let fixture = try faultFixture(server)
        defer { fixture.close() }
        let (store, expected, database) = (fixture.store, fixture.expected, fixture.database)

        let run = try submit(store, into: database, name: "down", sinkOptions: ", commitRetryTimeoutMs='1500'")
        #expect(run.wait(for: "epoch 2:"), "\(run.stderr)")
        try server.stop()
        defer { try? server.start() }
        let status = run.finish()
        try server.start()
        #expect(status != 0, "\(run.stderr)")
        #expect(run.stderr.contains("commitRetryTimeoutMs") && run.stderr.contains("run the query again"), "\(run.stderr)")

        let again = try submit(store, into: database, name: "down", sinkOptions: ", commitRetryTimeoutMs='1500'")
        #expect(again.finish() == 0, "\(again.stderr)")
        #expect(try database.resultRows() == expected, "\(run.stderr)\n---\n\(again.stderr)")
    }

    @Test(arguments: Server.allCases)
    func aRerunWithANewCheckpointWritesItsRowsAndAMissingTableFailsEveryRun(_ server: Server) throws {
        let store = try Store(records: 2_000)
        defer { store.server.stop() }
        let database = try TestDatabase(server)
        defer { database.drop() }
        try database.execute(server.resultTable)
        let first = try submit(store, into: database, name: "first")
        #expect(first.finish() == 0, "\(first.stderr)")
        let once = try database.resultRows()
        #expect(once.count > 4)
        let second = try submit(store, into: database, name: "second")
        #expect(second.finish() == 0, "\(second.stderr)")
        #expect(try database.resultRows() == once + once, "\(second.stderr)")

        // The sink holds epoch 3 of the first run, its checkpoint does not: it is recomputed,
        // but the table is gone, so the run fails before anything.
        try database.execute("DROP TABLE result")
        let checkpoint = store.root.appendingPathComponent("checkpoint-first")
        let last = try FileManager.default.contentsOfDirectory(atPath: checkpoint.appendingPathComponent("commits").path)
            .compactMap(Int.init).max() ?? 0
        for folder in ["commits", "state"] {
            try FileManager.default.removeItem(at: checkpoint.appendingPathComponent("\(folder)/\(last)"))
        }
        let replay = try submit(store, into: database, name: "first")
        #expect(replay.finish() == 1, "\(replay.stderr)")
        #expect(replay.stderr.contains("table 'result' of the sink statement does not exist"), "\(replay.stderr)")
    }
}
