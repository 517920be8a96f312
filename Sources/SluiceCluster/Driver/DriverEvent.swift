/// One task of an epoch as the driver plans it: a cursor range of one shard.
public struct TaskSpec: Equatable, Sendable {
    /// The task's number within the epoch; unique in the epoch.
    public var task: Int32
    /// The shard and cursor positions to read; its shard must be in `ShardRange.wireShardIds`.
    public var range: ShardRange
    /// The epoch's watermark in microseconds, passed to the task.
    public var watermarkMicros: Int64?

    /// Creates a task.
    ///
    /// - Parameters:
    ///   - task: The task number.
    ///   - range: The shard range to read.
    ///   - watermarkMicros: The epoch's watermark, if any.
    public init(task: Int32, range: ShardRange, watermarkMicros: Int64? = nil) {
        self.watermarkMicros = watermarkMicros
        self.task = task
        self.range = range
    }
}

/// What happened, as the driver shell reports it to `DriverScheduler`.
public enum DriverEvent: Equatable, Sendable {
    /// An executor's registration was accepted (see `RegistrationGate`) with `cores` slots.
    /// A known id registering again is a restarted executor: its old tasks are lost.
    case executorRegistered(id: String, cores: Int)
    /// A heartbeat arrived from an executor.
    case heartbeat(id: String)
    /// A task result arrived: its header. The shell holds the partial's frame until the
    /// scheduler says whether to keep it (`DriverAction.keepPayload`).
    case taskResult(TaskResult)
    /// A task failure arrived.
    case taskFailed(TaskFailed)
    /// The socket reported the executor disconnected.
    case executorGone(id: String)
    /// Time passed: check heartbeat timeouts, the no-executor timeout, and send heartbeats.
    /// The shell ticks at least every quarter of the heartbeat interval.
    case tick
    /// Run an epoch's tasks. The previous epoch must be complete.
    case startEpoch(epoch: Int64, tasks: [TaskSpec])
    /// The query ends: every executor is told to shut down and the scheduler stops.
    case shutdown(reason: String)
}

/// What the driver shell must do, as `DriverScheduler` decides it; in order.
public enum DriverAction: Equatable, Sendable {
    /// Send a message to an executor (through the ROUTER, to routing id `executorId`).
    case send(executorId: String, ClusterMessage)
    /// Keep the partial that came with the task result of `TaskKey`: it is its task's one
    /// accepted result. The shell drops the partial of every result not named so (a duplicate,
    /// a late attempt, another epoch's or query's), and every kept one when the query fails.
    case keepPayload(TaskKey)
    /// Every task of the epoch has exactly one accepted result, ordered by task number: the
    /// shell hands on the partials it kept for them in that order.
    case epochComplete(epoch: Int64, results: [TaskResult])
    /// The query cannot go on; the scheduler ignores events from now on.
    case queryFailed(reason: String)
    /// An executor was removed (silent past the timeout, disconnected or restarted); its
    /// running tasks were relaunched or queued.
    case executorRemoved(executorId: String, reason: String)
}
