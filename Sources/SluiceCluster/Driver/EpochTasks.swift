/// Where one task of the running epoch stands.
enum TaskState: Equatable, Sendable {
    /// Waiting for a free slot.
    case queued
    /// Its current attempt runs on an executor.
    case running(executorId: String)
    /// Its one accepted result.
    case done(TaskResult)
}

/// One task of the running epoch: its range, current attempt and failures so far.
struct PendingTask: Sendable {
    /// The cursor range.
    let spec: TaskSpec
    /// The current attempt; only its result is accepted.
    var attempt: Int32 = 0
    /// Failed attempts so far (reported failures and lost executors).
    var failures = 0
    /// Where the task stands.
    var state: TaskState = .queued
}

/// The tasks of the running epoch.
struct EpochTasks: Sendable {
    /// The epoch.
    let epoch: Int64
    /// Tasks by number.
    var tasks: [Int32: PendingTask]
    /// Task numbers, ascending: the order tasks are launched and results reported in.
    let order: [Int32]

    /// Creates the epoch with every task queued at attempt 0, or fails with the task number
    /// two specs share.
    static func make(epoch: Int64, specs: [TaskSpec]) -> Result<EpochTasks, RepeatedTask> {
        var tasks: [Int32: PendingTask] = [:]
        for spec in specs {
            guard tasks.updateValue(PendingTask(spec: spec), forKey: spec.task) == nil else {
                return .failure(RepeatedTask(task: spec.task))
            }
        }
        return .success(EpochTasks(epoch: epoch, tasks: tasks, order: tasks.keys.sorted()))
    }

    /// A task number listed twice in an epoch.
    struct RepeatedTask: Error {
        /// The repeated number.
        let task: Int32
    }

    /// The key of `task`'s current attempt.
    func key(of task: PendingTask, queryId: String) -> TaskKey {
        TaskKey(queryId: queryId, epoch: epoch, task: task.spec.task, attempt: task.attempt)
    }

    /// The accepted results in task order, or `nil` while a task has none.
    var results: [TaskResult]? {
        var results: [TaskResult] = []
        for number in order {
            guard case .done(let result) = tasks[number]?.state else { return nil }
            results.append(result)
        }
        return results
    }
}
