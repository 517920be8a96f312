import ArgumentParser
import Foundation
import SluiceLogStore
import SluicePlan
import SluiceRuntime
import SluiceSinks

/// `sluice demo`: the whole pipeline on embedded defaults, in one command — a log store, the
/// generator writing the sample data at a steady rate, the reference script on `local[2]` into
/// SQLite — printing each window's accuracy as it is committed.
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

    static let project = "sluice-demo"
    static let store = "lr-samples"
    static let key = SLSCredentials(accessKeyId: "demo", accessKeySecret: "demo-secret")

    func validate() throws {
        if records < 1 || rate <= 0 || eventRate < 1 { throw ValidationError("--records, --rate and --event-rate must be positive") }
        _ = try Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    func run() throws {
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
        try client.createProject(Self.project)
        try client.createLogStore(project: Self.project, store: Self.store, shardCount: 2)

        // The sample rows with every third label flipped, so the model is sometimes wrong.
        let rows = LabeledRow.parse(try String(contentsOfFile: files.data, encoding: .utf8)).enumerated().map { index, row in
            index % 3 == 0 ? LabeledRow(label: row.label == "1" ? "0" : "1", features: row.features) : row
        }
        let start = Int64(Date().timeIntervalSince1970) / 10 * 10
        let plan = GeneratorPlan(rows: rows, records: records, batch: 100, startTime: start, eventRate: eventRate)
        let database = root + "/results.db"
        // The dashboard's table: the sink statement of seed.sql names its columns.
        try SQLiteRows.execute(
            path: database,
            sql: "CREATE TABLE lr_accuracy (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
        let seed = try String(contentsOfFile: files.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: "org.sqlite.JDBC")
        let variables = [
            "logProjectName": Self.project, "logStoreName": Self.store, "accessKeyId": Self.key.accessKeyId,
            "accessKeySecret": Self.key.accessKeySecret, "endpoint": endpoint, "rdsUrl": "jdbc:sqlite:\(database)",
            "rdsTableName": "lr_accuracy", "user": "demo", "password": "demo", "udf_jar_path": "builtin.jar",
            "LR_model_path": files.model, "checkpointDir": root + "/checkpoint",
        ]
        Self.say("generator: \(records) records at \(Int(rate))/s, \(eventRate) per second of event time, into \(Self.project)/\(Self.store)")
        Self.say("query: \(files.seed) on \(master), results in \(database)")

        let cluster = try LocalCluster(
            master: Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount), cores: 1,
            memoryBytes: 2 << 30, log: { printError(Redaction.maskingURLs(in: "cluster: \($0)")) })
        let current = QueryHandle()
        let runner = ScriptRunner(
            session: Session(store: InMemoryCatalogStore(), sinkCatalog: JDBCSinkCatalog(), sourceCatalog: LoghubSourceCatalog()),
            trigger: .processingTime(intervalMs: 1_000), clusterTasks: cluster.tasks, onQuery: { current.set($0) })
        let committed = CommittedRows(path: database, table: "lr_accuracy")
        let generated = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // Let the query start first: it reads logs written after it starts, as in EMR.
            while current.get() == nil { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: 0.5)
            do {
                let writer = try SLSClient(endpoint: endpoint, credentials: Self.key)
                try LogGenerator(client: writer, project: Self.project, store: Self.store, plan: plan, spread: .roundRobin)
                    .run(rate: rate) { _ in }
            } catch {
                printError("generator: \(error)")
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
                for row in committed.next() { Self.report(row) }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        let succeeded = runner.run(text: seed, name: files.seed, variables: variables) { event in
            switch event {
            case .row: break
            case .warning(let message), .error(let message): printError(Redaction.maskingURLs(in: message))
            }
        }
        cluster.stop(reason: "the demo finished")
        for row in committed.next() { Self.report(row) }
        if !succeeded { throw ExitCode.failure }
        Self.say("done: results in \(database), table lr_accuracy")
    }

    /// Prints a committed `(…, time, label, acc)` row at once (standard output may be a pipe).
    static func report(_ row: [String?]) {
        guard row.count >= 3 else { return }
        let accuracy = row[row.count - 1].flatMap { Double($0) }.map { String(format: "%.3f", $0) } ?? "?"
        say("committed: window \(row[row.count - 3] ?? "?") label \(row[row.count - 2] ?? "?"): accuracy \(accuracy)")
    }

    /// Writes a line to standard output unbuffered.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
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
