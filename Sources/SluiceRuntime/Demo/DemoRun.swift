import Foundation
import SluiceConnectors
import SluiceLogClient
import SluicePlan
import SluiceSinks

/// `sluice demo`'s pipeline: a log store, the generator writing the sample data at a steady rate,
/// the reference script on a local cluster into SQLite, each window's accuracy reported as it is
/// committed. The generator flips a seeded, drifting fraction of the labels, so accuracy falls
/// from window to window. The command supplies what belongs to a process: the log store server,
/// the cluster (with its clean-up at exit) and the output.
public struct DemoRun {
    /// A log store the demo writes to and reads from, started by the command.
    public struct LogStore {
        /// `host:port`.
        public var endpoint: String
        /// Stops it.
        public var stop: () -> Void

        /// Creates a handle.
        public init(endpoint: String, stop: @escaping () -> Void) {
            self.endpoint = endpoint
            self.stop = stop
        }
    }

    /// How the run ended.
    public struct Outcome: Sendable {
        /// Whether the script ran to its end (or was stopped) without an error.
        public var succeeded: Bool
        /// `N accuracies of W windows committed (from L to H)`.
        public var summary: String
        /// The SQLite file of the results.
        public var database: String
    }

    /// Records the generator writes.
    public var records: Int
    /// Records per second it writes.
    public var rate: Double
    /// Records per second of event time.
    public var eventRate: Int
    /// Where the log store, checkpoint and results go (emptied first).
    public var work: String
    /// `local[N]`, for the messages.
    public var master: String

    /// The generator's start after the query's: it reads logs written after it starts, as in EMR.
    static let generatorDelay: TimeInterval = 0.5
    /// How long the query goes on after the generator's last record, so its windows close.
    static let drainSeconds: TimeInterval = 3
    /// How often the committed rows are looked for.
    static let pollSeconds: TimeInterval = 0.2
    /// The demo's trigger.
    static let triggerIntervalMs = 1_000

    /// The demo's credentials.
    public static let key = SLSCredentials(accessKeyId: DemoRecipe.accessKeyId, accessKeySecret: DemoRecipe.accessKeySecret)

    /// A run of these values.
    public init(records: Int, rate: Double, eventRate: Int, work: String, master: String) {
        self.records = records
        self.rate = rate
        self.eventRate = eventRate
        self.work = work
        self.master = master
    }

    /// Runs the demo: `startLogStore` starts a log store keeping its data in the directory given,
    /// accepting `DemoRun.key`; `startCluster` starts the cluster the query runs on; `onQuery`
    /// receives the query's runner (so a signal can stop it); `say` prints progress and committed
    /// accuracies (stdout), `warn` warnings and errors (stderr).
    /// - Throws: when the files, the log store or the cluster cannot be set up.
    public func run(
        startLogStore: (_ dataDirectory: String) throws -> LogStore, startCluster: () throws -> LocalCluster,
        onQuery: @escaping (QueryRunner) -> Void, say: @escaping @Sendable (String) -> Void,
        warn: @escaping @Sendable (String) -> Void
    ) throws -> Outcome {
        let files = try DemoFiles.locate()
        let root = URL(fileURLWithPath: work).standardizedFileURL.path
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)

        let store = try startLogStore(root + "/logstore")
        defer { store.stop() }
        let endpoint = store.endpoint
        say("log store: http://\(endpoint) (data in \(root)/logstore)")
        let client = try SLSClient(endpoint: endpoint, credentials: Self.key)
        try client.createProject(DemoRecipe.project)
        try client.createLogStore(project: DemoRecipe.project, store: DemoRecipe.store, shardCount: DemoRecipe.shards)

        // A drifting fraction of the labels flipped, so the model is wrong more often as the run goes on.
        let rows = LabeledRow.parse(try String(contentsOfFile: files.data, encoding: .utf8))
        let start = Int64(Date().timeIntervalSince1970) / 10 * 10
        let flip = LabelFlip(fraction: DemoRecipe.flipFraction, seed: DemoRecipe.flipSeed, drift: true)
        let plan = GeneratorPlan(
            rows: rows, records: records, batch: DemoRecipe.batch, startTime: start, eventRate: eventRate, flip: flip)
        let database = root + "/results.db"
        // The dashboard's table: the sink statement of seed.sql names its columns.
        try SQLiteRows.execute(
            path: database,
            sql: "CREATE TABLE \(DemoRecipe.table) (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)")
        let seed = try String(contentsOfFile: files.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: "org.sqlite.JDBC")
        let variables = [
            "logProjectName": DemoRecipe.project, "logStoreName": DemoRecipe.store, "accessKeyId": Self.key.accessKeyId,
            "accessKeySecret": Self.key.accessKeySecret, "endpoint": endpoint, "rdsUrl": "jdbc:sqlite:\(database)",
            "rdsTableName": DemoRecipe.table, "user": "demo", "password": "demo", "udf_jar_path": "builtin.jar",
            "LR_model_path": files.model, "checkpointDir": root + "/checkpoint",
        ]
        say("generator: \(records) records at \(Int(rate))/s, \(eventRate) per second of event time, into \(DemoRecipe.project)/\(DemoRecipe.store)")
        say(
            "generator: labels flipped with --flip-labels \(DemoRecipe.flipFraction) --drift --seed \(DemoRecipe.flipSeed) "
                + "(from 0 to \(2 * DemoRecipe.flipFraction) along the run)")
        say("query: \(files.seed) on \(master), results in \(database)")
        say("(sluice demo --print-commands prints these steps as separate commands)")

        let cluster = try startCluster()
        let current = QueryHandle()
        let runner = ScriptRunner(
            session: Session(store: InMemoryCatalogStore(), connectors: .standard),
            trigger: .processingTime(intervalMs: Self.triggerIntervalMs), clusterTasks: cluster.tasks,
            onQuery: {
                current.set($0)
                onQuery($0)
            })
        let committed = CommittedRows(path: database, table: DemoRecipe.table)
        let generated = DispatchSemaphore(value: 0)
        let summary = DemoSummary(say: say)
        let rate = self.rate
        Thread.detachNewThread {
            while current.get() == nil { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: Self.generatorDelay)
            do {
                let writer = try SLSClient(endpoint: endpoint, credentials: Self.key)
                try LogGenerator(client: writer, project: DemoRecipe.project, store: DemoRecipe.store, plan: plan, spread: .roundRobin)
                    .run(rate: rate) { _ in }
            } catch {
                // Once the query has stopped (Ctrl-C), the log store closes under the generator.
                if !summary.isFinished { warn("generator: \(error)") }
            }
            generated.signal()
        }
        Thread.detachNewThread {
            generated.wait()
            Thread.sleep(forTimeInterval: Self.drainSeconds)
            current.get()?.current?.requestStop()
        }
        Thread.detachNewThread {
            while true {
                for row in committed.next() { summary.report(row) }
                Thread.sleep(forTimeInterval: Self.pollSeconds)
            }
        }
        let succeeded = runner.run(text: seed, name: files.seed, variables: variables) { event in
            switch event {
            case .row: break
            case .warning(let message), .error(let message): warn(message)
            }
        }
        summary.finish()
        cluster.stop(reason: "the demo finished")
        for row in committed.next() { summary.report(row) }
        return Outcome(succeeded: succeeded, summary: summary.text, database: database)
    }
}
