import SluiceCluster

/// The query the scheduler tests run.
let testQuery = StartQuery(queryId: "q1", plan: [1, 2, 3], settings: ["sls.endpoint": "127.0.0.1:1"])

/// Heartbeat every second, executors lost after 5 s of silence, the query after 20 s without any.
let testConfiguration = DriverScheduler.Configuration(
    heartbeatIntervalMillis: 1_000, heartbeatTimeoutMillis: 5_000, noExecutorTimeoutMillis: 20_000)

/// `count` tasks: task `i` reads shard `i % 2` from cursor `100 i` to `100 i + 50`.
func specs(_ count: Int) -> [TaskSpec] {
    (0..<count).map { index in
        TaskSpec(
            task: Int32(index), range: ShardRange(shard: index % 2, start: Int64(index) * 100, end: Int64(index) * 100 + 50))
    }
}

/// The key of an attempt of a task of `testQuery`.
func key(_ task: Int32, attempt: Int32 = 0, epoch: Int64 = 1) -> TaskKey {
    TaskKey(queryId: testQuery.queryId, epoch: epoch, task: task, attempt: attempt)
}

/// The header of a result for `key` whose partial's size names the task and attempt.
func result(_ key: TaskKey) -> TaskResult {
    TaskResult(key: key, seconds: 0.5, partialBytes: Int(key.task) * 10 + Int(key.attempt))
}

/// The launch that `specs` plans for `key`.
func launch(_ key: TaskKey) -> LaunchTask {
    let index = Int64(key.task)
    return LaunchTask(key: key, range: ShardRange(shard: Int(key.task % 2), start: index * 100, end: index * 100 + 50))
}

/// The `LaunchTask` messages among `actions`, with their executors.
func launches(_ actions: [DriverAction]) -> [(executor: String, launch: LaunchTask)] {
    actions.compactMap { action in
        guard case .send(let executor, .launchTask(let launch)) = action else { return nil }
        return (executor, launch)
    }
}

/// A scheduler with `executors` (id, cores) registered at time 0.
func makeScheduler(_ executors: [(String, Int)]) -> DriverScheduler {
    var scheduler = DriverScheduler(query: testQuery, configuration: testConfiguration, now: 0)
    for (id, cores) in executors {
        _ = scheduler.handle(.executorRegistered(id: id, cores: cores), now: 0)
    }
    return scheduler
}
