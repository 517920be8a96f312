import Dispatch
import Foundation
import SluiceConnectors
import SluiceExec
import SluicePlan

/// Runs the tasks of an epoch: here on all cores, or on a cluster's executors.
public protocol EpochTaskRunner: AnyObject {
    /// The results of `splits`' tasks (one per split, in order), rows behind the watermark
    /// dropped: still encoded when they came from another process (the driver stage decodes
    /// them), decoded when the tasks ran here.
    func run(epoch: Int, splits: [SourceSplit], watermarkMicros: Int64?) throws -> [TaskOutput]
}

/// Runs the executor stage over the splits in this process, on all cores: read, then partial aggregation.
final class LocalTaskRunner: EpochTaskRunner {
    let task: ExecutorTask

    init(stage: ExecutorStage, context: EvaluationContext) {
        task = ExecutorTask(stage: stage, context: context)
    }

    func run(epoch: Int, splits: [SourceSplit], watermarkMicros: Int64?) throws -> [TaskOutput] {
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
        return try results.values().map(TaskOutput.decoded)
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
