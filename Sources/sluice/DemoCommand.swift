import ArgumentParser
import Foundation
import SluiceConnectors
import SluiceLogClient
import SluiceLogStore
import SluicePlan
import SluiceRuntime
import SluiceSinks
import Synchronization

/// `sluice demo`: the whole pipeline on embedded defaults, in one command — a log store, the
/// generator writing the sample data at a steady rate, the reference script on `local[2]` into
/// SQLite — printing each window's accuracy as it is committed. The generator flips a seeded,
/// drifting fraction of the labels, so accuracy falls from window to window. Ctrl-C or SIGTERM
/// stops after the current epoch and prints the summary; a closed standard output stops at once,
/// removing the cluster's temporary directory either way.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on embedded defaults: log store, generator, seed.sql on local[2], SQLite.")

    @Option(help: "Records the generator writes.")
    var records = 20_000

    @Option(help: "Records per second the generator writes.")
    var rate = 4_000.0

    @Option(help: "Records per second of event time (so a 10-second window holds this many times 10).")
    var eventRate = 500

    @Option(help: "Where the log store, checkpoint and results go (emptied first).")
    var work = "sluice-demo"

    @Option(help: ArgumentHelp("Executor processes: local[N].", valueName: "master"))
    var master = "local[2]"

    @Flag(help: "Print the separate commands that do what the demo does (serve, create, generate, submit), and exit.")
    var printCommands = false

    static let key = SLSCredentials(accessKeyId: DemoRecipe.accessKeyId, accessKeySecret: DemoRecipe.accessKeySecret)

    func validate() throws {
        if records < 1 || rate <= 0 || eventRate < 1 { throw ValidationError("--records, --rate and --event-rate must be positive") }
        _ = try Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    func run() throws {
        if printCommands {
            print(DemoRecipe(records: records, rate: rate, eventRate: eventRate, master: master).commands, terminator: "")
            return
        }
        StandardOutput.ignoreBrokenPipes()
        let stopper = QueryStopper()
        let files = try DemoFiles.locate()
        let root = URL(fileURLWithPath: work).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)

        let server = try LogStoreServer(
            dataDirectory: root + "/logstore", host: "127.0.0.1", port: 0,
            credentials: [Self.key.accessKeyId: Self.key.accessKeySecret], insecure: false)
        server.start()
        defer { server.stop() }
        let endpoint = "127.0.0.1:\(server.port)"
        Self.say("log store: http://\(endpoint) (data in \(root)/logstore)")
        let client = try SLSClient(endpoint: endpoint, credentials: Self.key)
        try client.createProject(DemoRecipe.project)
        try client.createLogStore(project: DemoRecipe.project, store: DemoRecipe.store, shardCount: DemoRecipe.shards)

        // A drifting fraction of the labels flipped, so the model is wrong more often as the run goes on.
        let rows = LabeledRow.parse(try String(contentsOfFile: files.data, encoding: .utf8))
        let start = Int64(Date().timeIntervalSince1970) / 10 * 10
        let flip = LabelFlip(fraction: DemoRecipe.flipFraction, seed: DemoRecipe.flipSeed, drift: true)
        let plan = GeneratorPlan(rows: rows, records: records, batch: DemoRecipe.batch, startTime: start, eventRate: eventRate, flip: flip)
        let database = root + "/results.db"
        // The dashboard's table: the sink statement of seed.sql names its columns.
        try SQLiteRows.execute(
            path: database,
            sql: "CREATE TABLE lr_accuracy (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
        let seed = try String(contentsOfFile: files.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: "org.sqlite.JDBC")
        let variables = [
            "logProjectName": DemoRecipe.project, "logStoreName": DemoRecipe.store, "accessKeyId": Self.key.accessKeyId,
            "accessKeySecret": Self.key.accessKeySecret, "endpoint": endpoint, "rdsUrl": "jdbc:sqlite:\(database)",
            "rdsTableName": "lr_accuracy", "user": "demo", "password": "demo", "udf_jar_path": "builtin.jar",
            "LR_model_path": files.model, "checkpointDir": root + "/checkpoint",
        ]
        Self.say("generator: \(records) records at \(Int(rate))/s, \(eventRate) per second of event time, into \(DemoRecipe.project)/\(DemoRecipe.store)")
        Self.say(
            "generator: labels flipped with --flip-labels \(DemoRecipe.flipFraction) --drift --seed \(DemoRecipe.flipSeed) "
                + "(from 0 to \(2 * DemoRecipe.flipFraction) along the run)")
        Self.say("query: \(files.seed) on \(master), results in \(database)")
        Self.say("(sluice demo --print-commands prints these steps as separate commands)")

        let cluster = try ExitCleanup.registering {
            let cluster = try LocalCluster(
                master: Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount), cores: 1,
                memoryBytes: 2 << 30, log: { printError(Redaction.maskingURLs(in: "cluster: \($0)")) })
            ExitCleanup.add { cluster.stop(reason: "the demo is exiting") }
            return cluster
        }
        defer { ExitCleanup.run() }
        let current = QueryHandle()
        let runner = ScriptRunner(
            session: Session(store: InMemoryCatalogStore(), connectors: .standard),
            trigger: .processingTime(intervalMs: 1_000), clusterTasks: cluster.tasks,
            onQuery: {
                current.set($0)
                stopper.watch($0)
            })
        let committed = CommittedRows(path: database, table: "lr_accuracy")
        let generated = DispatchSemaphore(value: 0)
        let summary = DemoSummary()
        Thread.detachNewThread {
            // Let the query start first: it reads logs written after it starts, as in EMR.
            while current.get() == nil { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: 0.5)
            do {
                let writer = try SLSClient(endpoint: endpoint, credentials: Self.key)
                try LogGenerator(client: writer, project: DemoRecipe.project, store: DemoRecipe.store, plan: plan, spread: .roundRobin)
                    .run(rate: rate) { _ in }
            } catch {
                // Once the query has stopped (Ctrl-C), the log store closes under the generator.
                if !summary.isFinished { printError("generator: \(error)") }
            }
            generated.signal()
        }
        Thread.detachNewThread {
            generated.wait()
            Thread.sleep(forTimeInterval: 3)
            current.get()?.current?.requestStop()
        }
        Thread.detachNewThread {
            while true {
                for row in committed.next() { summary.report(row) }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        let succeeded = runner.run(text: seed, name: files.seed, variables: variables) { event in
            switch event {
            case .row: break
            case .warning(let message), .error(let message): printError(Redaction.maskingURLs(in: message))
            }
        }
        summary.finish()
        cluster.stop(reason: "the demo finished")
        for row in committed.next() { summary.report(row) }
        if !succeeded { throw ExitCode.failure }
        Self.say("done: \(summary.text), results in \(database), table lr_accuracy")
    }

    /// Writes a line to standard output unbuffered; a closed output ends the demo, cleaned up.
    static func say(_ line: String) {
        StandardOutput.line(line)
    }
}

/// The committed accuracies the demo has printed, for its closing line.
final class DemoSummary: Sendable {
    private let seen = Mutex<(rows: Int, windows: Set<String>, lowest: Double?, highest: Double?)>((0, [], nil, nil))
    private let finished = Mutex(false)

    /// Marks the query finished: the generator's errors after this are the log store closing.
    func finish() { finished.withLock { $0 = true } }

    /// Whether `finish` was called.
    var isFinished: Bool { finished.withLock { $0 } }

    /// Prints a committed `(…, time, label, acc)` row at once and counts it.
    func report(_ row: [String?]) {
        guard row.count >= 3 else { return }
        let value = row[row.count - 1].flatMap { Double($0) }
        let accuracy = value.map { String(format: "%.3f", $0) } ?? "?"
        let window = row[row.count - 3] ?? "?"
        seen.withLock { seen in
            seen.rows += 1
            seen.windows.insert(window)
            if let value {
                seen.lowest = min(seen.lowest ?? value, value)
                seen.highest = max(seen.highest ?? value, value)
            }
        }
        DemoCommand.say("committed: window \(window) label \(row[row.count - 2] ?? "?"): accuracy \(accuracy)")
    }

    /// `N accuracies of W windows committed (from L to H)`.
    var text: String {
        seen.withLock { seen in
            let range = seen.lowest.flatMap { low in
                seen.highest.map { String(format: " (from %.3f to %.3f)", low, $0) }
            } ?? ""
            return "\(seen.rows) accuracies of \(seen.windows.count) windows committed\(range)"
        }
    }
}

/// The query runner of the running script, shared with the demo's threads.
final class QueryHandle: @unchecked Sendable {
    private var runner: QueryRunner?
    private let lock = NSLock()

    func set(_ runner: QueryRunner) {
        lock.lock()
        self.runner = runner
        lock.unlock()
    }

    func get() -> QueryRunner? {
        lock.lock()
        defer { lock.unlock() }
        return runner
    }
}
