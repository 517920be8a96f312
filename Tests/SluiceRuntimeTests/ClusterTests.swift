import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice submit --master local[N]`: the driver and executor processes, over a real log store,
/// into SQLite; executor and driver killed mid-run.
@Suite(.serialized) struct ClusterTests {
    typealias Store = LoghubEngineTests.Store

    /// A running `sluice` process whose standard error goes to a file.
    final class Running {
        let process = Process()
        let log: URL

        init(_ arguments: [String], log: URL) throws {
            self.log = log
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = SluiceBinary.url
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var stderr: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Waits until standard error contains `text` (true) or `seconds` pass (false).
        func wait(for text: String, seconds: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if stderr.contains(text) { return true }
                if !process.isRunning { return stderr.contains(text) }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }

        func finish(seconds: Double = 60) -> Int32 { process.finish(seconds: seconds) }

        /// Process ids of this process's children (the local executors).
        var children: [Int32] { process.children }
    }

    static func alive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !status.contains(") Z ")
    }

    /// Rows of the result table in insertion order.
    static func rows(_ database: URL) throws -> [String] {
        try SQLiteReader.query(database.path, "SELECT time, label, acc FROM result ORDER BY id").map {
            $0.map { $0 ?? "NULL" }.joined(separator: "|")
        }
    }

    /// `-d` arguments for `seed.sql`'s variables: the store's source, the sink `rdsUrl` (table
    /// `result`), the test model.
    static func seedDefines(_ store: Store, rdsUrl: String, user: String, password: String) -> [String] {
        [
            "logProjectName=\(LoghubEngineTests.project)", "logStoreName=\(LoghubEngineTests.store)",
            "accessKeyId=\(LoghubEngineTests.credentials.accessKeyId)",
            "accessKeySecret=\(LoghubEngineTests.credentials.accessKeySecret)", "endpoint=\(store.endpoint)",
            "rdsUrl=\(rdsUrl)", "rdsTableName=result", "user=\(user)", "password=\(password)",
            "udf_jar_path=builtin.jar", "LR_model_path=\(EngineFixture.modelPath)",
            "checkpointDir=\(store.root.appendingPathComponent("seed-checkpoint").path)",
        ].flatMap { ["-d", $0] }
    }

    /// Whether `actual` has exactly the keys of `expected`, each within 1e-12.
    static func same(_ actual: [String: Double], _ expected: [String: Double]) -> Bool {
        Set(actual.keys) == Set(expected.keys) && expected.allSatisfy { abs((actual[$0.key] ?? -1) - $0.value) < 1e-12 }
    }

    /// Runs `script` (seed.sql) under `sluice submit --master <master>` with a 200 ms trigger,
    /// generates 3000 records once it runs, waits (30 s at most) until `accuracies` reads the
    /// expected ones, then stops it with SIGTERM.
    static func runSeed(
        _ store: inout Store, script: URL, defines: [String], master: String, accuracies: () throws -> [String: Double]
    ) throws -> (run: Running, status: Int32, expected: [String: Double], actual: [String: Double]) {
        let submit = try Running(
            ["submit", "--master", master, "--trigger", "processing-time=200ms"] + defines + [script.path],
            log: store.root.appendingPathComponent("submit-\(UUID().uuidString).log"))
        defer { _ = submit.finish(seconds: 0) }
        guard submit.wait(for: "no watermark") else { return (submit, submit.finish(seconds: 0), [:], [:]) }
        // The source starts at the newest log (startingoffsets latest); give it a moment to look.
        Thread.sleep(forTimeInterval: 1)
        try store.generate(records: 3_000)
        let expected = try store.expectedAccuracies()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !same(try accuracies(), expected) { Thread.sleep(forTimeInterval: 0.1) }
        kill(submit.process.processIdentifier, SIGTERM)
        let status = submit.finish()
        return (submit, status, expected, try accuracies())
    }

    @Test func theReferenceScriptOnThreeExecutorsWritesTheAccuracyOfEveryWindowAndLabel() throws {
        var store = try Store(records: 0)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("seed.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        // seed.sql as written, but for the driver class: its URL is SQLite here, not MySQL.
        let text = try String(contentsOf: CLITests.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: "org.sqlite.JDBC")
        let script = store.root.appendingPathComponent("seed.sql")
        try text.write(to: script, atomically: true, encoding: .utf8)
        let defines = Self.seedDefines(store, rdsUrl: "jdbc:sqlite:\(database.path)", user: "u", password: "p")
        let run = try Self.runSeed(&store, script: script, defines: defines, master: "local[3]") {
            try LoghubEngineTests.finalAccuracies(database)
        }
        let submit = run.run
        #expect(run.status == 0, "\(submit.stderr)")
        #expect(submit.stderr.contains("executor executor-3 registered"), "\(submit.stderr)")
        #expect(Self.same(run.actual, run.expected), "\(run.actual) vs \(run.expected)\n\(submit.stderr)")
        let expected = run.expected
        #expect(expected.values.contains { $0 < 0.9 }, "the data must make the model wrong often")
        for id in 1...3 {
            #expect(submit.stderr.contains("executor executor-\(id): shut down by the driver"), "\(submit.stderr)")
        }
    }

    /// The deterministic script of the fault tests: data present before the start, fixed epochs.
    static func faultScript(_ store: Store, database: URL, checkpoint: String) -> String {
        store.script(database: database, extraOptions: ", maxOffsetsPerTrigger='400'")
            .replacingOccurrences(
                of: store.root.appendingPathComponent("checkpoint").path, with: store.root.appendingPathComponent(checkpoint).path)
    }

    /// Starts `sluice submit [options] <fault script>` writing to a new `<name>.db`.
    func submit(
        _ store: Store, name: String, options: [String] = ["--master", "local[2]", "--trigger", "available-now"]
    ) throws -> (database: URL, run: Running) {
        let database = store.root.appendingPathComponent(name + ".db")
        if !FileManager.default.fileExists(atPath: database.path) {
            _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        }
        let script = store.root.appendingPathComponent(name + ".sql")
        try Self.faultScript(store, database: database, checkpoint: "checkpoint-" + name)
            .write(to: script, atomically: true, encoding: .utf8)
        let run = try Running(
            ["submit"] + options + [script.path], log: store.root.appendingPathComponent(name + "-\(UUID().uuidString).log"))
        return (database, run)
    }

    /// The rows an uninterrupted run of the fault script writes.
    func referenceRows(_ store: Store) throws -> [String] {
        let (database, run) = try submit(store, name: "reference")
        #expect(run.finish() == 0, "\(run.stderr)")
        return try Self.rows(database)
    }

    @Test func anExecutorKilledMidRunLosesAndDuplicatesNothing() throws {
        let store = try Store(records: 16_000)
        defer { store.server.stop() }
        let expected = try referenceRows(store)
        #expect(expected.count > 20)

        let (database, run) = try submit(store, name: "killed")
        #expect(run.wait(for: "epoch 2:"), "\(run.stderr)")
        let executors = run.children
        try #require(!executors.isEmpty, "\(run.stderr)")
        kill(executors[0], SIGKILL)
        #expect(run.finish() == 0, "\(run.stderr)")
        #expect(run.stderr.contains("exited") || run.stderr.contains("removed"), "\(run.stderr)")
        #expect(try Self.rows(database) == expected, "\(run.stderr)")
    }

    @Test func aDriverKilledMidRunThenRerunLosesAndDuplicatesNothing() throws {
        let store = try Store(records: 16_000)
        defer { store.server.stop() }
        let expected = try referenceRows(store)

        let (database, first) = try submit(store, name: "driver")
        #expect(first.wait(for: "epoch 3:"), "\(first.stderr)")
        let executors = first.children
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.finish()
        // Orphaned executors notice the driver is gone and exit by themselves.
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, executors.contains(where: Self.alive) { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!executors.contains(where: Self.alive), "executors outlived their driver")

        let (_, again) = try submit(store, name: "driver")
        #expect(again.finish() == 0, "\(again.stderr)")
        #expect(try Self.rows(database) == expected, "\(first.stderr)\n---\n\(again.stderr)")
    }

    @Test func executorsOverTheirMemoryLimitFailTheirTasksAndTheQuery() throws {
        let store = try Store(records: 1_000)
        defer { store.server.stop() }
        let (database, run) = try submit(
            store, name: "memory", options: ["--master", "local[2]", "--executor-memory", "1m", "--trigger", "available-now"])
        #expect(run.finish() != 0)
        #expect(run.stderr.contains("failed 4 times"), "\(run.stderr)")
        #expect(run.stderr.contains("exceeded its memory limit (--executor-memory"), "\(run.stderr)")
        #expect(try Self.rows(database).isEmpty)

        let (_, driver) = try submit(
            store, name: "driver-memory", options: ["--master", "local[1]", "--driver-memory", "1m", "--trigger", "available-now"])
        #expect(driver.finish() != 0)
        #expect(driver.stderr.contains("the driver exceeded its memory limit (--driver-memory)"), "\(driver.stderr)")
    }

    @Test func anExecutorWithTheWrongSecretIsRefused() throws {
        let store = try Store(records: 0)
        defer { store.server.stop() }
        let (_, driver) = try submit(store, name: "secret", options: ["--master", "local[1]", "--trigger", "processing-time=1s"])
        defer { _ = driver.finish(seconds: 0) }
        #expect(driver.wait(for: "listening for executors on "), "\(driver.stderr)")
        let line = driver.stderr.split(separator: "\n").first { $0.contains("listening for executors on ") } ?? ""
        let endpoint = String(line.split(separator: " ").last ?? "")
        let secret = store.root.appendingPathComponent("wrong.secret")
        try "not-the-secret".write(to: secret, atomically: true, encoding: .utf8)
        let refused = try SluiceBinary.run(["executor", "--driver", endpoint, "--secret-file", secret.path, "--id", "intruder"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("registration refused"), "\(refused.stderr)")
        #expect(refused.stderr.contains("at the handshake"), "\(refused.stderr)")
        #expect(refused.stderr.contains("secret"), "\(refused.stderr)")
        // Refused by the driver's ZAP handler: its registration never reaches the driver's code.
        #expect(driver.wait(for: "refused 1 connection at the handshake: 1 wrong credentials from 127.0.0.1"), "\(driver.stderr)")
        #expect(!driver.stderr.contains("intruder"), "\(driver.stderr)")
        // A signal before the query runs exits at once (143); stop a running query instead.
        #expect(driver.wait(for: "no watermark"), "\(driver.stderr)")
        kill(driver.process.processIdentifier, SIGTERM)
        #expect(driver.finish() == 0, "\(driver.stderr)")
    }
}

/// `sluice demo`, the README's main job, end to end.
@Suite struct DemoTests {
    @Test func theDemoCommitsTheAccuracyOfEveryWindow() throws {
        let root = try SluiceBinary.temporaryDirectory()
        let process = Process()
        process.executableURL = SluiceBinary.url
        process.arguments = ["demo", "--records", "3000", "--rate", "6000", "--event-rate", "100", "--work", root.path + "/demo"]
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        // 3000 records at 100 per second of event time: 30 s, three windows (four when the start is mid-window).
        let pairs = Set(stdout.split(separator: "\n").filter { $0.hasPrefix("committed: window") }.map {
            $0.components(separatedBy: ": accuracy")[0]
        })
        #expect(pairs.count >= 6, "every (window, label) of three windows: \(stdout)")
        // A drifting, seeded fraction of the labels is flipped: accuracy differs from window to window.
        let accuracies = stdout.split(separator: "\n").filter { $0.hasPrefix("committed: window") }.compactMap {
            Double($0.components(separatedBy: ": accuracy ")[1])
        }
        #expect(Set(accuracies).count >= 3, "accuracies vary by window: \(stdout)")
        #expect(accuracies.allSatisfy { (0.3...1).contains($0) }, "\(stdout)")
        #expect(stdout.contains("done: \(accuracies.count) accuracies of "), "\(stdout)")
        #expect(stderr.contains("executor executor-2 registered"), "\(stderr)")
    }
}
