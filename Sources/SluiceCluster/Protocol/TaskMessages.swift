/// Names one attempt of one task: query, epoch, task number and attempt number.
///
/// Attempts count from 0. A key orders by query id, epoch, task, then attempt.
public struct TaskKey: Hashable, Comparable, Sendable {
    /// The query the task belongs to.
    public var queryId: String
    /// The epoch (micro-batch) the task belongs to.
    public var epoch: Int64
    /// The task's number within the epoch.
    public var task: Int32
    /// The attempt number, 0 for the first launch.
    public var attempt: Int32

    /// Creates a key.
    ///
    /// - Parameters:
    ///   - queryId: The query's id.
    ///   - epoch: The epoch.
    ///   - task: The task number.
    ///   - attempt: The attempt number.
    public init(queryId: String, epoch: Int64, task: Int32, attempt: Int32) {
        self.queryId = queryId
        self.epoch = epoch
        self.task = task
        self.attempt = attempt
    }

    /// Orders by query id, epoch, task, then attempt.
    public static func < (lhs: TaskKey, rhs: TaskKey) -> Bool {
        if lhs.queryId != rhs.queryId { return lhs.queryId < rhs.queryId }
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch }
        if lhs.task != rhs.task { return lhs.task < rhs.task }
        return lhs.attempt < rhs.attempt
    }
}

/// A liveness signal, sent both ways every heartbeat interval.
public struct Heartbeat: Equatable, Sendable {
    /// The executor the heartbeat is from (executor → driver) or to (driver → executor).
    public var executorId: String
    /// The task attempts running on the executor, as its sender sees them, ordered.
    public var runningTasks: [TaskKey]
    /// The executor's resident memory in bytes (0 from the driver).
    public var residentBytes: Int64

    /// Creates a heartbeat.
    ///
    /// - Parameters:
    ///   - executorId: The executor.
    ///   - runningTasks: Running task attempts.
    ///   - residentBytes: Resident memory in bytes.
    public init(executorId: String, runningTasks: [TaskKey], residentBytes: Int64) {
        self.executorId = executorId
        self.runningTasks = runningTasks
        self.residentBytes = residentBytes
    }
}

/// An order to run one task attempt: read the log groups of `range`.
public struct LaunchTask: Equatable, Sendable {
    /// The task attempt.
    public var key: TaskKey
    /// The shard and cursor positions to read; its shard must be in `ShardRange.wireShardIds`.
    public var range: ShardRange
    /// The epoch's watermark in microseconds: rows older are dropped. Nil before the first.
    public var watermarkMicros: Int64?

    /// Creates a launch order.
    ///
    /// - Parameters:
    ///   - key: The task attempt.
    ///   - range: The shard range to read.
    ///   - watermarkMicros: The epoch's watermark, if any.
    public init(key: TaskKey, range: ShardRange, watermarkMicros: Int64? = nil) {
        self.watermarkMicros = watermarkMicros
        self.key = key
        self.range = range
    }
}

/// The outcome of a successful task attempt: the header of a message of two frames.
///
/// A task result travels as this message's frame, then the partial result's bytes as a frame of
/// their own (`partialBytes` long), which this layer counts but never reads: the driver's
/// shell keeps it, and `DriverScheduler` decides from this header alone which result counts
/// (`DriverAction.keepPayload`). The task's counters (rows read, malformed records, the latest
/// event time) travel once, inside the partial.
public struct TaskResult: Equatable, Sendable {
    /// The task attempt.
    public var key: TaskKey
    /// Wall-clock seconds the attempt took.
    public var seconds: Double
    /// The size in bytes of the partial result's frame, which follows this message's.
    public var partialBytes: Int

    /// Creates a result's header.
    ///
    /// - Parameters:
    ///   - key: The task attempt.
    ///   - seconds: Seconds taken.
    ///   - partialBytes: The size of the partial result's frame in bytes (not negative).
    public init(key: TaskKey, seconds: Double, partialBytes: Int) {
        self.key = key
        self.seconds = seconds
        self.partialBytes = partialBytes
    }
}

/// The outcome of a failed task attempt.
public struct TaskFailed: Equatable, Sendable {
    /// The task attempt.
    public var key: TaskKey
    /// What went wrong, for the user.
    public var error: String
    /// Whether another attempt may succeed; `false` fails the query at once.
    public var retryable: Bool

    /// Creates a failure report.
    ///
    /// - Parameters:
    ///   - key: The task attempt.
    ///   - error: What went wrong.
    ///   - retryable: Whether another attempt may succeed.
    public init(key: TaskKey, error: String, retryable: Bool) {
        self.key = key
        self.error = error
        self.retryable = retryable
    }
}

/// An order to stop a task attempt.
public struct CancelTask: Equatable, Sendable {
    /// The task attempt.
    public var key: TaskKey

    /// Creates a cancel order.
    ///
    /// - Parameter key: The task attempt.
    public init(key: TaskKey) {
        self.key = key
    }
}
