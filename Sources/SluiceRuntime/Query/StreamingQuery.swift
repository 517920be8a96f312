import Dispatch
import Foundation
import SluiceCheckpoint
import SluiceCluster
import SluiceConnectors
import SluiceCore
import SluiceExec
import SluicePlan
import Synchronization

/// Runs a query epoch by epoch (design §3): the shell of `EpochCoordinator`, which decides the
/// order (offsets are written before an epoch runs, the sink commits the epoch's rows with its
/// marker, then state and the commit are written); this class carries out its directives with
/// the source, the task runner, the driver stage, the sink and the checkpoint.
/// Rerunning with the same checkpoint resumes after checking it (`resume`): an epoch with
/// offsets but no commit is redone with the same input, and the sink skips it if it had
/// committed it already; lost or damaged files are rebuilt where that is exact, else refused.
public final class StreamingQuery: @unchecked Sendable {
    /// The query's name (for the sink's marker and messages).
    public let name: String
    let stages: QueryStages
    let mode: OutputMode
    let source: QuerySource
    let sink: QuerySink
    let checkpoint: CheckpointStore?
    let trigger: Trigger
    let context: EvaluationContext
    let fingerprint: String
    let retainedEpochs: Int
    /// Where the tasks of an epoch run.
    let taskRunner: EpochTaskRunner
    /// Receives one line per epoch: progress for logs.
    let progress: (EpochProgress) -> Void
    /// Receives warnings: what recovery found and mended.
    let log: (String) -> Void
    private let stopRequested = Atomic<Bool>(false)
    /// The record between the coordinator's directives, which name it by its epoch only: the
    /// task results of the epoch under way until its driver stage, then its rows until the sink.
    private var held = HeldEpoch()

    /// Progress of one epoch.
    public struct EpochProgress: Sendable {
        /// The epoch.
        public var epoch: Int
        /// Counters summed over its tasks.
        public var metrics: TaskMetrics
        /// Rows written to the sink (0 when it skipped a replayed epoch).
        public var rowsWritten: Int
        /// The watermark after the epoch, µs.
        public var watermarkMicros: Int64?
        /// Seconds the epoch took.
        public var seconds: Double
    }

    /// Creates a query; nothing runs until `run()`.
    public init(
        name: String, stages: QueryStages, mode: OutputMode, source: QuerySource, sink: QuerySink,
        checkpoint: CheckpointStore?, trigger: Trigger, context: EvaluationContext, fingerprint: String,
        retainedEpochs: Int = 100, taskRunner: EpochTaskRunner? = nil, log: @escaping (String) -> Void = { _ in },
        progress: @escaping (EpochProgress) -> Void = { _ in }
    ) {
        self.log = log
        self.taskRunner = taskRunner ?? LocalTaskRunner(stage: stages.executor, context: context)
        self.name = name
        self.stages = stages
        self.mode = mode
        self.source = source
        self.sink = sink
        self.checkpoint = checkpoint
        self.trigger = trigger
        self.context = context
        self.fingerprint = fingerprint
        self.retainedEpochs = retainedEpochs
        self.progress = progress
    }

    /// Asks the query to stop after the epoch under way commits.
    public func requestStop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Runs epochs until the trigger says stop (or `requestStop`).
    /// - Throws: the first error of an epoch; what was committed stays committed.
    public func run() throws {
        try sink.check()
        var start = EpochResumption<QueryPayloads>(state: AggregateState())
        var queryID = name
        if let checkpoint { (queryID, start) = try resume(checkpoint) }
        var coordinator = EpochCoordinator<QueryPayloads>(configuration: .init(
            trigger: trigger.epochTrigger, sourceIsStreaming: source.isStreaming, checkpointed: checkpoint != nil,
            retainedEpochs: retainedEpochs))
        var event: EpochEvent<QueryPayloads>? = .started(start)
        var stopSent = false
        while let next = event {
            event = nil
            if !stopSent, stopRequested.load(ordering: .relaxed) {
                stopSent = true
                _ = coordinator.handle(.stopRequested, nowNanos: Self.nowNanos())
            }
            for directive in coordinator.handle(next, nowNanos: Self.nowNanos()) {
                if case .stop = directive { return }
                if let answer = try execute(directive, queryID: queryID) { event = answer }
            }
        }
        throw RuntimeError("query '\(name)': the epoch coordinator stopped in phase \(coordinator.phase) without finishing")
    }

    /// Carries out one directive; the event that answers it, if any.
    private func execute(_ directive: EpochDirective<QueryPayloads>, queryID: String) throws -> EpochEvent<QueryPayloads>? {
        switch directive {
        case .resolveStart:
            return .startResolved(try source.initialOffset())
        case .writeStart(let offset):
            try checkpoint?.write(offset, to: Self.startFile)
            return .startWritten
        case .planNextOffset(let previous):
            return try source.nextOffset(after: previous).map { .offsetPlanned($0) } ?? .nothingNew
        case .writeOffsets(let input):
            try checkpoint?.write(OffsetEntry(input), to: "offsets/\(input.epoch)")
            return .offsetsWritten
        case .launchTasks(let launch):
            if launch.rerun { try source.verify(launch.offset) }
            held.outputs = (launch.epoch, try taskRunner.run(
                epoch: launch.epoch, splits: try source.splits(launch.offset), watermarkMicros: launch.watermarkMicros))
            return .tasksFinished
        case .runDriverStage(let epoch, var state):
            let outputs = try held.takeOutputs(epoch: epoch)
            let output = try DriverEpoch(stages: stages, mode: mode, context: context).run(outputs: outputs, state: &state)
            held.rows = (epoch, output.rows)
            return .driverStageDone(DriverStageOutput(
                rowCount: output.rows.count, metrics: output.metrics, state: state, watermarkMicros: state.watermarkMicros))
        case .commitSink(let epoch):
            let rows = try held.takeRows(epoch: epoch)
            return try sink.write(queryID: queryID, epoch: epoch, rows: rows) ? .sinkCommitted : .sinkSkipped
        case .writeState(let epoch, let state):
            try checkpoint?.write(bytes: StateFile.frame(PartialResultCodec.encode(state), epoch: epoch), to: "state/\(epoch)")
            return .stateWritten
        case .writeCommit(let input):
            try checkpoint?.write(CommitEntry(epoch: input.epoch, offsets: OffsetEntry(input)), to: "commits/\(input.epoch)")
            return .commitWritten
        case .retain(let count, let epoch):
            checkpoint?.retain(epochs: count, through: epoch)
            return nil
        case .reportProgress(let report):
            progress(EpochProgress(
                epoch: report.epoch, metrics: report.metrics, rowsWritten: report.rowsWritten,
                watermarkMicros: report.watermarkMicros, seconds: Double(report.elapsedNanos) / 1e9))
            return nil
        case .waitUntil(let deadline):
            let now = Self.nowNanos()
            if deadline > now { Thread.sleep(forTimeInterval: Double(deadline - now) / 1e9) }
            return .tick
        case .stop:
            return nil
        }
    }

    /// The monotonic clock, ns.
    private static func nowNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The checkpoint file of the source's start (one source: source 0, as Spark's `sources/0/0`).
    static let startFile = "sources/0"
}

/// What the runtime's epochs carry through `EpochCoordinator`: not the record, which
/// `HeldEpoch` keeps.
enum QueryPayloads: EpochPayloads {
    typealias Offset = SourceOffset
    typealias State = AggregateState
    typealias Metrics = TaskMetrics
}

extension Trigger {
    /// The trigger as the coordinator takes it.
    var epochTrigger: EpochTrigger {
        switch self {
        case .once: .once
        case .availableNow: .availableNow
        case .processingTime(let intervalMs): .processingTime(intervalMillis: intervalMs)
        }
    }
}
