import SluiceCluster
import SluiceConnectors
import SluiceExec

/// Runs a query's epoch tasks on the cluster's executors: one task per shard range of the epoch,
/// partial results passed on in task order still encoded (the driver stage decodes them).
final class ClusterTaskRunner: EpochTaskRunner {
    let driver: ClusterDriver
    /// The driver's memory limit (`--driver-memory`), checked after each epoch; 0 for none.
    let memoryLimitBytes: Int64

    /// Starts `plan` on the executors of `driver` as query `name`.
    init(driver: ClusterDriver, plan: ExecutorQueryPlan, name: String, memoryLimitBytes: Int64) throws {
        self.driver = driver
        self.memoryLimitBytes = ResidentMemory.effectiveLimit(memoryLimitBytes)
        driver.start(StartQuery(queryId: name, plan: try plan.encoded(), settings: [:]))
    }

    func run(epoch: Int, splits: [SourceSplit], watermarkMicros: Int64?) throws -> [TaskOutput] {
        let tasks = try Self.tasks(splits, watermarkMicros: watermarkMicros)
        guard !tasks.isEmpty else { return [] }
        let partials = zip(tasks, try driver.runEpoch(Int64(epoch), tasks: tasks)).map { task, payload in
            TaskOutput.encoded(task: Int(task.task), bytes: payload)
        }
        if memoryLimitBytes > 0, let resident = ResidentMemory.current(), resident > memoryLimitBytes {
            throw RuntimeError(
                "the driver exceeded its memory limit (--driver-memory): resident \(resident >> 20) MiB > "
                    + "\(memoryLimitBytes >> 20) MiB")
        }
        return partials
    }
}

extension ClusterTaskRunner {
    /// An epoch's tasks: task `i` reads split `i`'s shard range.
    /// - Throws: for a split that is not a shard range (files), or whose shard id the protocol
    ///   cannot carry (outside `ShardRange.wireShardIds`).
    static func tasks(_ splits: [SourceSplit], watermarkMicros: Int64?) throws -> [TaskSpec] {
        try splits.enumerated().map { index, split in
            guard let range = split.shardRange else {
                throw RuntimeError("executors read log-store shard ranges; this source cannot run on the cluster")
            }
            guard ShardRange.wireShardIds.contains(range.shard) else {
                throw RuntimeError(
                    "shard \(range.shard) cannot run on the cluster: the protocol carries shard ids "
                        + "\(ShardRange.wireShardIds.lowerBound) to \(ShardRange.wireShardIds.upperBound)")
            }
            return TaskSpec(task: Int32(index), range: range, watermarkMicros: watermarkMicros)
        }
    }
}

/// A cluster for one `sluice submit`: the driver in this process and `local[N]` executor
/// processes beside it, sharing a fresh secret.
public final class LocalCluster: @unchecked Sendable {
    /// The driver.
    public let driver: ClusterDriver
    private let executors: LocalExecutors
    private let directory: String
    private let stopped = NSLock()
    private var isStopped = false

    /// How long the start waits for every executor to register.
    public static let registrationTimeout: Duration = .seconds(10)

    /// The driver's memory limit, checked after each epoch (0 for none).
    let driverMemoryBytes: Int64

    /// Starts the driver on loopback and `master.executors` executors of `cores` cores and
    /// `memoryBytes` each; the driver itself may use `driverMemoryBytes`.
    public init(
        master: Master, cores: Int, memoryBytes: Int64, driverMemoryBytes: Int64 = 0,
        log: @escaping @Sendable (String) -> Void
    ) throws {
        self.driverMemoryBytes = driverMemoryBytes
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))").path
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // A start that fails leaves no secret behind.
        func removingTheDirectory<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                try? FileManager.default.removeItem(atPath: directory)
                throw error
            }
        }
        let secretFile = try removingTheDirectory { try ClusterSecret.create(in: directory) }
        let driver = try removingTheDirectory {
            try ClusterDriver(bind: "tcp://127.0.0.1:*", secret: try ClusterSecret.read(secretFile), log: log)
        }
        self.driver = driver
        log("driver: listening for executors on \(driver.endpoint)")
        executors = try removingTheDirectory {
            try LocalExecutors(
                count: master.executors, driver: driver.endpoint, secretFile: secretFile, cores: cores,
                memoryBytes: memoryBytes, idPrefix: "executor", exited: { driver.executorExited($0) })
        }
        let registered = driver.waitForExecutors(master.executors, timeout: Self.registrationTimeout)
        if registered < master.executors {
            log("cluster: \(registered) of \(master.executors) executors registered within \(Self.registrationTimeout); going on")
        }
    }

    /// The factory `ScriptRunner` takes: queries over log stores run their tasks here.
    public var tasks: TaskRunnerFactory {
        let driver = self.driver
        let limit = driverMemoryBytes
        return { plan, name in try ClusterTaskRunner(driver: driver, plan: plan, name: name, memoryLimitBytes: limit) }
    }

    /// Tells the executors to exit, waits for them, and removes the secret; later calls do nothing.
    public func stop(reason: String) {
        stopped.lock()
        defer { stopped.unlock() }
        guard !isStopped else { return }
        isStopped = true
        driver.shutdown(reason: reason)
        executors.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

import Foundation
