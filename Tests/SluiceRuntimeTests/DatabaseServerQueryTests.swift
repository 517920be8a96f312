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
        let seed = try String(contentsOf: CLITests.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: server.driverClass)
        let script = store.root.appendingPathComponent("seed.sql")
        try seed.write(to: script, atomically: true, encoding: .utf8)
        let defines = [
            "logProjectName=\(LoghubEngineTests.project)", "logStoreName=\(LoghubEngineTests.store)",
            "accessKeyId=\(LoghubEngineTests.credentials.accessKeyId)",
            "accessKeySecret=\(LoghubEngineTests.credentials.accessKeySecret)", "endpoint=\(store.endpoint)",
            "rdsUrl=\(database.url)", "rdsTableName=result", "user=\(TestDatabase.user)", "password=\(TestDatabase.password)",
            "udf_jar_path=builtin.jar", "LR_model_path=\(EngineFixture.modelPath)",
            "checkpointDir=\(store.root.appendingPathComponent("seed-checkpoint").path)",
        ].flatMap { ["-d", $0] }
        let submit = try Running(
            ["submit", "--master", "local[2]", "--trigger", "processing-time=200ms"] + defines + [script.path],
            log: store.root.appendingPathComponent("submit.log"))
        defer { _ = submit.finish(seconds: 0) }
        #expect(submit.wait(for: "no watermark"), "\(submit.stderr)")
        Thread.sleep(forTimeInterval: 1)
        try store.generate(records: 3_000)
        let expected = try store.expectedAccuracies()
        func matches(_ actual: [String: Double]) -> Bool {
            Set(actual.keys) == Set(expected.keys) && expected.allSatisfy { abs((actual[$0.key] ?? -1) - $0.value) < 1e-12 }
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !(try matches(database.finalAccuracies())) { Thread.sleep(forTimeInterval: 0.1) }
        kill(submit.process.processIdentifier, SIGTERM)
        #expect(submit.finish() == 0, "\(submit.stderr)")
        let actual = try database.finalAccuracies()
        #expect(matches(actual), "\(actual) vs \(expected)")
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
    func submit(_ store: Store, into database: TestDatabase, name: String) throws -> Running {
        let checkpoint = store.root.appendingPathComponent("checkpoint-" + name).path
        let text = store.script(sinkURL: database.urlWithCredentials, extraOptions: ", maxOffsetsPerTrigger='200'")
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

    @Test(arguments: Server.allCases)
    func aDriverKilledMidRunThenRerunLosesAndDuplicatesNothing(_ server: Server) throws {
        let store = try Store(records: 16_000)
        defer { store.server.stop() }
        let expected = try referenceRows(store, server)
        #expect(expected.count > 40)
        let database = try TestDatabase(server)
        defer { database.drop() }
        try database.execute(server.resultTable)

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
        let store = try Store(records: 16_000)
        defer { store.server.stop() }
        let expected = try referenceRows(store, server)
        let database = try TestDatabase(server)
        defer { database.drop() }
        try database.execute(server.resultTable)

        let run = try submit(store, into: database, name: "restarted")
        #expect(run.wait(for: "epoch 2:"), "\(run.stderr)")
        try server.restart()
        #expect(run.finish() == 0, "\(run.stderr)")
        #expect(run.stderr.contains("trying again"), "the run met the restart: \(run.stderr)")
        #expect(try database.resultRows() == expected, "\(run.stderr)")
    }
}
