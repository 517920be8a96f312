/// The demo's values, and the separate commands that do what `sluice demo` does in one
/// (`sluice demo --print-commands`): a log store, its store, the generator, the reference script
/// — with `examples/seed.properties`, whose values are these, into MariaDB instead of the demo's
/// embedded SQLite file. Pure: it only writes text.
public struct DemoRecipe: Sendable {
    /// The log store project.
    public static let project = "sluice-demo"
    /// The log store.
    public static let store = "lr-samples"
    /// The store's shards.
    public static let shards = 2
    /// The access key id the log store accepts.
    public static let accessKeyId = "demo"
    /// Its secret: a local demo key, not a secret worth keeping.
    public static let accessKeySecret = "demo-secret"
    /// The mean fraction of labels the generator flips (drifting from 0 to twice this).
    public static let flipFraction = 0.2
    /// The seed of the flips: every run shows the same accuracies for the same windows.
    public static let flipSeed: UInt64 = 2026
    /// Records per PutLogs request.
    public static let batch = 100
    /// Where the printed commands keep their files, relative to the repository's root.
    public static let work = "sluice-run"
    /// The log store's address in the printed commands (and in `examples/seed.properties`).
    public static let endpoint = "127.0.0.1:10080"
    /// The sink's table.
    public static let table = "lr_accuracy"
    /// The MariaDB client's connection to the test database `scripts/test-databases.sh` creates.
    public static let mariadb = "mariadb -h 127.0.0.1 -u sluice -psluice sluice_test"

    /// Records the generator writes.
    public var records: Int
    /// Records per second it writes.
    public var rate: Double
    /// Records per second of event time.
    public var eventRate: Int
    /// `local[N]`.
    public var master: String

    /// The recipe for a demo of these values.
    public init(records: Int, rate: Double, eventRate: Int, master: String) {
        self.records = records
        self.rate = rate
        self.eventRate = eventRate
        self.master = master
    }

    /// The commands, one a line with `#` comments, runnable by bash from the repository's root.
    public var commands: String {
        let secret = "\(Self.work)/access-key-secret"
        let client = "--endpoint \(Self.endpoint) --project \(Self.project) --access-key-id \(Self.accessKeyId) --access-key-secret-file \(secret)"
        let master = self.master == "local[2]" ? "" : " --master '\(self.master)'"
        let flip = "--flip-labels \(Self.flipFraction) --drift --seed \(Self.flipSeed)"
        return """
            # The demo's steps one by one, into MariaDB (the demo itself writes to an embedded SQLite file),
            # with the values of examples/seed.properties; run from the repository's root.
            mkdir -p \(Self.work) && (umask 077; echo \(Self.accessKeyId):\(Self.accessKeySecret) > \(Self.work)/access-keys; echo \(Self.accessKeySecret) > \(secret); echo sluice > \(Self.work)/db-password)
            # 1. A log store in the background, and a store with \(Self.shards) shards in it.
            sluice logstore serve --data-dir \(Self.work)/logstore --listen \(Self.endpoint) --access-key-file \(Self.work)/access-keys --detach --pid-file \(Self.work)/logstore.pid
            sluice logstore create \(client) --store \(Self.store) --shards \(Self.shards) --if-not-exists
            # 2. \(records) records of the sample data, \(eventRate) per second of event time from now, labels flipped more and more.
            sluice generate \(client) --store \(Self.store) --input examples/sample_libsvm_data.txt --records \(records) --rate \(Int(rate)) --start-time $(($(date +%s) / 10 * 10)) --event-rate \(eventRate) --batch \(Self.batch) \(flip)
            # 3. The sink's table, and the reference script over what is in the store (startingoffsets=earliest in the properties).
            \(Self.mariadb) -e 'CREATE TABLE IF NOT EXISTS \(Self.table) (id INT AUTO_INCREMENT PRIMARY KEY, time DATETIME, label VARCHAR(8), acc DOUBLE)'
            sluice submit --properties-file examples/seed.properties\(master) --trigger available-now examples/seed.sql
            # 4. The accuracy of each window and label, then the log store stopped.
            \(Self.mariadb) -e 'SELECT time, label, acc FROM \(Self.table) ORDER BY id'
            kill $(cat \(Self.work)/logstore.pid)

            """
    }
}
