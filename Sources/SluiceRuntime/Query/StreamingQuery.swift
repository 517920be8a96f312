import Dispatch
import Foundation
import SluiceCheckpoint
import SluiceCore
import SluiceExec
import SluicePlan
import Synchronization

/// Runs a query epoch by epoch (design §3): offsets are written before an epoch runs, the
/// sink commits the epoch's rows with its marker, then state and the commit are written.
/// Rerunning with the same checkpoint resumes: an epoch with offsets but no commit is redone
/// with the same input, and the sink skips it if it had committed it already.
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

    struct Metadata: Codable, Equatable {
        var queryName: String
        var plan: String
    }

    struct OffsetEntry: Codable {
        var epoch: Int
        var source: SourceOffset
        var watermarkMicros: Int64?
    }

    /// Creates a query; nothing runs until `run()`.
    public init(
        name: String, stages: QueryStages, mode: OutputMode, source: QuerySource, sink: QuerySink,
        checkpoint: CheckpointStore?, trigger: Trigger, context: EvaluationContext, fingerprint: String,
        retainedEpochs: Int = 100, taskRunner: EpochTaskRunner? = nil,
        progress: @escaping (EpochProgress) -> Void = { _ in }
    ) {
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
        var state = AggregateState()
        var lastOffset: SourceOffset?
        var epoch = 0
        if let checkpoint {
            try checkMetadata(checkpoint)
            let committed = checkpoint.epochs(in: "commits").last
            if let committed {
                state = try Self.readState(checkpoint, epoch: committed)
                lastOffset = try checkpoint.read(OffsetEntry.self, from: "offsets/\(committed)")?.source
                epoch = committed + 1
            }
            if let pending = checkpoint.epochs(in: "offsets").last, pending >= epoch,
                let entry = try checkpoint.read(OffsetEntry.self, from: "offsets/\(pending)")
            {
                // The epoch ran (maybe into the sink) but was not recorded as committed: redo it as it was.
                try runEpoch(pending, offset: entry.source, state: &state)
                lastOffset = entry.source
                epoch = pending + 1
            }
        }
        while !stopRequested.load(ordering: .relaxed) {
            let started = DispatchTime.now()
            if let offset = try source.nextOffset(after: lastOffset) {
                if let checkpoint {
                    try checkpoint.write(
                        OffsetEntry(epoch: epoch, source: offset, watermarkMicros: state.watermarkMicros),
                        to: "offsets/\(epoch)")
                }
                try runEpoch(epoch, offset: offset, state: &state)
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

    /// The state committed with `epoch`: binary (`PartialResultCodec`), or JSON as earlier versions wrote it.
    static func readState(_ checkpoint: CheckpointStore, epoch: Int) throws -> AggregateState {
        guard let bytes = try checkpoint.readBytes(from: "state/\(epoch)") else { return AggregateState() }
        if PartialResultCodec.isState(bytes) {
            do {
                return try PartialResultCodec.decodeState(bytes)
            } catch let error as ExecError {
                throw RuntimeError("checkpoint \(checkpoint.directory.path) state/\(epoch): \(error.message)")
            }
        }
        return try checkpoint.read(AggregateState.self, from: "state/\(epoch)") ?? AggregateState()
    }

    private func checkMetadata(_ checkpoint: CheckpointStore) throws {
        let current = Metadata(queryName: name, plan: fingerprint)
        guard let stored = try checkpoint.read(Metadata.self, from: "metadata") else {
            try checkpoint.write(current, to: "metadata")
            return
        }
        guard stored.plan == current.plan else {
            let old = stored.plan.split(separator: "\n", omittingEmptySubsequences: false)
            let new = current.plan.split(separator: "\n", omittingEmptySubsequences: false)
            let index = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
            let before = index < old.count ? String(old[index]) : "(nothing)"
            let after = index < new.count ? String(new[index]) : "(nothing)"
            throw RuntimeError(
                "the query differs from the one that wrote checkpoint \(checkpoint.directory.path): was \(before.trimmingWhitespace()), "
                    + "now \(after.trimmingWhitespace()); use a new checkpoint location for a changed query")
        }
    }

    private func runEpoch(_ epoch: Int, offset: SourceOffset, state: inout AggregateState) throws {
        let started = DispatchTime.now()
        var metrics = TaskMetrics()
        let partials = try taskRunner.run(epoch: epoch, splits: try source.splits(offset), watermarkMicros: state.watermarkMicros)
        for partial in partials { metrics.add(partial.metrics) }
        let rows = try DriverEpoch(stages: stages, mode: mode, context: context).run(partials, state: &state)
        let written = try sink.write(epoch: epoch, rows: rows)
        if let checkpoint {
            try checkpoint.write(bytes: PartialResultCodec.encode(state), to: "state/\(epoch)")
            try checkpoint.write(["epoch": epoch], to: "commits/\(epoch)")
            checkpoint.removeEpochs(before: epoch - retainedEpochs + 1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        progress(EpochProgress(
            epoch: epoch, metrics: metrics, rowsWritten: written ? rows.count : 0, watermarkMicros: state.watermarkMicros,
            seconds: seconds))
    }
}

/// Runs the tasks of an epoch: here on all cores, or on a cluster's executors.
public protocol EpochTaskRunner: AnyObject {
    /// The partial results of `splits` (one per split, in order), rows behind the watermark dropped.
    func run(epoch: Int, splits: [SourceSplit], watermarkMicros: Int64?) throws -> [PartialResult]
}

/// Runs the executor stage over the splits in this process, on all cores: read, then partial aggregation.
final class LocalTaskRunner: EpochTaskRunner {
    let task: ExecutorTask

    init(stage: ExecutorStage, context: EvaluationContext) {
        task = ExecutorTask(stage: stage, context: context)
    }

    func run(epoch: Int, splits: [SourceSplit], watermarkMicros: Int64?) throws -> [PartialResult] {
        let task = self.task
        let results = TaskResults(count: splits.count)
        DispatchQueue.concurrentPerform(iterations: splits.count) { index in
            results.set(index, Result {
                var metrics = TaskMetrics()
                let batch = try splits[index].read(metrics: &metrics)
                var partial = try task.run(batch, watermarkMicros: watermarkMicros)
                partial.metrics.malformedRecords += metrics.malformedRecords
                return partial
            })
        }
        return try results.values()
    }
}

/// Results of concurrently run tasks, collected under a lock.
final class TaskResults: @unchecked Sendable {
    private var results: [Result<PartialResult, Error>?]
    private let lock = NSLock()

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<PartialResult, Error>) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }

    func values() throws -> [PartialResult] {
        try results.map { try $0!.get() }
    }
}
