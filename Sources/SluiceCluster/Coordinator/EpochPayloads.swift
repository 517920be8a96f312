/// The things an epoch carries that `EpochCoordinator` passes along without looking inside:
/// the source's offsets, the driver's state and the tasks' counters. The shell names its own
/// types (the runtime's, or a simulation's).
///
/// The record itself does not pass through the coordinator: the shell keeps the epoch's task
/// results and the rows the driver stage makes of them, and the directives name them by their
/// epoch only (`runDriverStage(epoch:)`, `commitSink(epoch:)`).
public protocol EpochPayloads {
    /// Where an epoch's input ends (files or shard ranges); the next offset is planned after it.
    associatedtype Offset
    /// The driver's state between epochs (groups and watermark), opaque to the coordinator.
    associatedtype State
    /// Counters summed over an epoch's tasks, for progress.
    associatedtype Metrics
}

/// What one epoch reads, as `offsets/<epoch>` records it before the epoch runs.
public struct EpochInput<Offset> {
    /// The epoch.
    public var epoch: Int
    /// Where its input ends.
    public var offset: Offset
    /// The watermark when it was planned, µs.
    public var watermarkMicros: Int64?

    /// Creates an input.
    public init(epoch: Int, offset: Offset, watermarkMicros: Int64?) {
        self.epoch = epoch
        self.offset = offset
        self.watermarkMicros = watermarkMicros
    }
}

extension EpochInput: Equatable where Offset: Equatable {}
extension EpochInput: Sendable where Offset: Sendable {}

/// The tasks of one epoch, as the shell is told to launch them.
public struct TaskLaunch<Offset> {
    /// The epoch.
    public var epoch: Int
    /// Where its input ends.
    public var offset: Offset
    /// The watermark the tasks drop late rows behind, µs: the driver state's current one.
    public var watermarkMicros: Int64?
    /// Whether the epoch ran before (recomputed or pending): the shell checks first that the
    /// source can still read `offset` as it was.
    public var rerun: Bool

    /// Creates a launch.
    public init(epoch: Int, offset: Offset, watermarkMicros: Int64?, rerun: Bool) {
        self.epoch = epoch
        self.offset = offset
        self.watermarkMicros = watermarkMicros
        self.rerun = rerun
    }
}

extension TaskLaunch: Equatable where Offset: Equatable {}

/// What the driver stage produced for an epoch, less its rows, which the shell keeps for the sink.
public struct DriverStageOutput<Payloads: EpochPayloads> {
    /// How many rows the shell keeps for the sink, for progress.
    public var rowCount: Int
    /// Counters summed over the epoch's tasks.
    public var metrics: Payloads.Metrics
    /// The state after the epoch.
    public var state: Payloads.State
    /// The watermark after the epoch, µs (the state's).
    public var watermarkMicros: Int64?

    /// Creates an output.
    public init(rowCount: Int, metrics: Payloads.Metrics, state: Payloads.State, watermarkMicros: Int64?) {
        self.rowCount = rowCount
        self.metrics = metrics
        self.state = state
        self.watermarkMicros = watermarkMicros
    }
}

/// Progress of one finished epoch.
public struct EpochReport<Metrics> {
    /// The epoch.
    public var epoch: Int
    /// Counters summed over its tasks.
    public var metrics: Metrics
    /// Rows the sink took (0 when it skipped the epoch as committed, or the epoch was recomputed).
    public var rowsWritten: Int
    /// The watermark after the epoch, µs.
    public var watermarkMicros: Int64?
    /// Nanoseconds from the launch of its tasks to its commit.
    public var elapsedNanos: UInt64

    /// Creates a report.
    public init(epoch: Int, metrics: Metrics, rowsWritten: Int, watermarkMicros: Int64?, elapsedNanos: UInt64) {
        self.epoch = epoch
        self.metrics = metrics
        self.rowsWritten = rowsWritten
        self.watermarkMicros = watermarkMicros
        self.elapsedNanos = elapsedNanos
    }
}

extension EpochReport: Equatable where Metrics: Equatable {}

/// When epochs run (Spark's triggers), for the coordinator.
public enum EpochTrigger: Equatable, Sendable {
    /// One epoch over what is available, then stop (none if nothing is new).
    case once
    /// Epochs until the source has nothing new, then stop.
    case availableNow
    /// An epoch every `intervalMillis` milliseconds, from the start of the previous one's
    /// planning (at once if it took longer); nothing new waits for the next interval.
    case processingTime(intervalMillis: Int)
}
