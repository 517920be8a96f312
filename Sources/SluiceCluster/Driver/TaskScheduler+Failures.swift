/// Lost executors, failed attempts and the query's failure.
extension DriverScheduler {
    /// Removes an executor and relaunches (or queues) its running tasks as new attempts.
    ///
    /// - Parameters:
    ///   - id: The executor; nothing happens when it is not registered.
    ///   - reason: Why, for the action and the lost attempts' error.
    ///   - now: The current time in milliseconds.
    ///   - notify: Whether to tell the executor to shut down (it may still be alive).
    mutating func remove(_ id: String, reason: String, now: Int64, notify: Bool) -> [DriverAction] {
        guard let record = executors.removeValue(forKey: id) else { return [] }
        var actions: [DriverAction] = []
        if notify {
            actions.append(.send(executorId: id, .shutdown(reason: "removed by the driver: \(reason)")))
        }
        actions.append(.executorRemoved(executorId: id, reason: reason))
        if executors.isEmpty { noExecutorsSince = now }
        for number in record.running.sorted() {
            actions += recordFailure(number, error: "executor \(id) lost: \(reason)", retryable: true)
            guard failure == nil else { break }
        }
        return actions
    }

    /// Counts a failed attempt of a task whose executor slot is already free: queues the next
    /// attempt, or fails the query when the failure is not retryable or was the last allowed.
    mutating func recordFailure(_ number: Int32, error: String, retryable: Bool) -> [DriverAction] {
        guard let epoch = epochTasks?.epoch, var task = epochTasks?.tasks[number] else { return [] }
        task.failures += 1
        task.state = .queued
        epochTasks?.tasks[number] = task
        guard retryable else {
            return fail("task \(number) of epoch \(epoch) failed: \(error)")
        }
        guard task.failures < configuration.maxAttempts else {
            return fail("task \(number) of epoch \(epoch) failed \(task.failures) times: \(error)")
        }
        epochTasks?.tasks[number]?.attempt = task.attempt + 1
        return []
    }

    /// Fails the query: cancels the running attempts and stops scheduling.
    mutating func fail(_ reason: String) -> [DriverAction] {
        var actions: [DriverAction] = []
        if let tasks = epochTasks {
            for number in tasks.order {
                guard let task = tasks.tasks[number], case .running(let executorId) = task.state else { continue }
                let cancel = CancelTask(key: tasks.key(of: task, queryId: query.queryId))
                actions.append(.send(executorId: executorId, .cancelTask(cancel)))
            }
        }
        actions.append(.queryFailed(reason: reason))
        failure = reason
        epochTasks = nil
        for id in executors.keys {
            executors[id]?.running = []
        }
        return actions
    }
}
