import Dispatch
import Foundation
import SluiceCheckpoint
import SluiceConnectors
import SluiceCore
import SluiceExec
import SluicePlan
import Synchronization

/// Runs a query epoch by epoch (design §3): offsets are written before an epoch runs, the
/// sink commits the epoch's rows with its marker, then state and the commit are written.
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
        var position = Resumption(queryID: name, state: AggregateState(), lastOffset: nil, epoch: 0)
        if let checkpoint { position = try resume(checkpoint) }
        var state = position.state
        var lastOffset = try position.lastOffset ?? startingOffset()
        var epoch = position.epoch
        while !stopRequested.load(ordering: .relaxed) {
            let started = DispatchTime.now()
            if let offset = try source.nextOffset(after: lastOffset) {
                let entry = OffsetEntry(epoch: epoch, source: offset, watermarkMicros: state.watermarkMicros)
                if let checkpoint { try checkpoint.write(entry, to: "offsets/\(epoch)") }
                try runEpoch(entry, queryID: position.queryID, state: &state, toSink: true)
                lastOffset = offset
                epoch += 1
                if trigger == .once || !source.isStreaming { break }
            } else if case .processingTime = trigger {
                // Nothing new: wait for the next trigger.
            } else {
                break
            }
            if case .processingTime(let interval) = trigger {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                let wait = Double(interval) / 1000 - elapsed
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
        }
    }

    /// Where a query with no committed epoch starts: the checkpoint's `sources/0`, or else the
    /// source's initial offset, written there first. A first run that reads nothing thus fixes
    /// its start, and a rerun reads what was written since (a `latest` start is not moved on).
    func startingOffset() throws -> SourceOffset? {
        if let checkpoint, let recorded = try checkpoint.read(SourceOffset.self, from: Self.startFile) { return recorded }
        guard let initial = try source.initialOffset() else { return nil }
        try checkpoint?.write(initial, to: Self.startFile)
        return initial
    }

    /// The checkpoint file of the source's start (one source: source 0, as Spark's `sources/0/0`).
    static let startFile = "sources/0"

    /// Runs one epoch: its tasks, the driver stage, the sink (unless `toSink` is false: an epoch
    /// the sink committed, recomputed for its state), then its state and commit.
    func runEpoch(_ entry: OffsetEntry, queryID: String, state: inout AggregateState, toSink: Bool) throws {
        let started = DispatchTime.now()
        let epoch = entry.epoch
        var metrics = TaskMetrics()
        let partials = try taskRunner.run(
            epoch: epoch, splits: try source.splits(entry.source), watermarkMicros: state.watermarkMicros)
        for partial in partials { metrics.add(partial.metrics) }
        let rows = try DriverEpoch(stages: stages, mode: mode, context: context).run(partials, state: &state)
        let written = toSink ? try sink.write(queryID: queryID, epoch: epoch, rows: rows) : false
        if let checkpoint {
            try checkpoint.write(bytes: StateFile.frame(PartialResultCodec.encode(state), epoch: epoch), to: "state/\(epoch)")
            try checkpoint.write(CommitEntry(epoch: epoch, offsets: entry), to: "commits/\(epoch)")
            checkpoint.retain(epochs: retainedEpochs, through: epoch)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        progress(EpochProgress(
            epoch: epoch, metrics: metrics, rowsWritten: written ? rows.count : 0, watermarkMicros: state.watermarkMicros,
            seconds: seconds))
    }
}
