/// The driver's scheduling of one query's epochs over its executors, as a pure state machine.
///
/// The shell feeds it events with the current time in milliseconds and carries out the
/// actions it returns, in order. Rules:
///
/// - Every executor that registers is sent the query's `StartQuery`, then tasks.
/// - A queued task goes to the least-loaded executor with a free slot (slots = cores; load =
///   busy share of the slots), ties to the smaller id; tasks launch in task-number order.
/// - Attempts count from 0. Only a result or failure for a task's current attempt counts;
///   anything else is a late report of an old attempt and is dropped (`droppedResults`).
/// - A failed attempt, or one lost with its executor, is relaunched as attempt + 1 until
///   `maxAttempts` attempts have failed, which fails the query with
///   `task <n> of epoch <e> failed <maxAttempts> times: <last error>`; a failure that is not
///   retryable fails the query at once.
/// - On `tick`, an executor silent for longer than `heartbeatTimeoutMillis` is removed (and
///   told to shut down), executors not sent anything for `heartbeatIntervalMillis` get a
///   heartbeat, and no executor at all for longer than `noExecutorTimeoutMillis` fails the
///   query.
/// - An epoch completes when every task has exactly one accepted result.
/// - It sees task results' headers only, never their partials: the shell keeps a result's
///   partial when told `keepPayload` and drops every other, so the record passes beside the
///   scheduler, not through it.
public struct DriverScheduler: Sendable {
    /// Timeouts and limits of the scheduler.
    public struct Configuration: Equatable, Sendable {
        /// How often the driver sends each executor a heartbeat, in milliseconds.
        public var heartbeatIntervalMillis: Int64
        /// Silence after which an executor is removed, in milliseconds.
        public var heartbeatTimeoutMillis: Int64
        /// Time without any executor after which the query fails, in milliseconds.
        public var noExecutorTimeoutMillis: Int64
        /// Failed attempts of one task that fail the query.
        public var maxAttempts: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - heartbeatIntervalMillis: Heartbeat interval (1 s).
        ///   - heartbeatTimeoutMillis: Heartbeat timeout (10 s).
        ///   - noExecutorTimeoutMillis: No-executor timeout (60 s).
        ///   - maxAttempts: Failed attempts that fail the query (4).
        public init(
            heartbeatIntervalMillis: Int64 = 1_000, heartbeatTimeoutMillis: Int64 = 10_000,
            noExecutorTimeoutMillis: Int64 = 60_000, maxAttempts: Int = 4
        ) {
            self.heartbeatIntervalMillis = heartbeatIntervalMillis
            self.heartbeatTimeoutMillis = heartbeatTimeoutMillis
            self.noExecutorTimeoutMillis = noExecutorTimeoutMillis
            self.maxAttempts = maxAttempts
        }
    }

    /// The query whose tasks are scheduled; sent to every executor that registers.
    public let query: StartQuery
    /// Timeouts and limits.
    public let configuration: Configuration
    /// Why the query failed, once it has; the scheduler then ignores every event.
    public internal(set) var failure: String?
    /// Whether `shutdown` was handled; the scheduler then ignores every event.
    public internal(set) var isStopped = false
    /// Results and failures dropped as late reports of old attempts.
    public internal(set) var droppedResults = 0

    /// Registered executors by id.
    var executors: [String: ExecutorRecord] = [:]
    /// The running epoch, `nil` between epochs.
    var epochTasks: EpochTasks?
    /// Since when no executor has been registered, `nil` while one is.
    var noExecutorsSince: Int64?

    /// Creates a scheduler with no executors and no epoch.
    ///
    /// - Parameters:
    ///   - query: The query.
    ///   - configuration: Timeouts and limits.
    ///   - now: The current time in milliseconds; the no-executor timeout counts from it.
    public init(query: StartQuery, configuration: Configuration = Configuration(), now: Int64) {
        self.query = query
        self.configuration = configuration
        self.noExecutorsSince = now
    }

    /// The registered executors' ids, ascending.
    public var executorIds: [String] { executors.keys.sorted() }

    /// The running epoch, `nil` between epochs.
    public var currentEpoch: Int64? { epochTasks?.epoch }

    /// The current attempts running on an executor, ordered.
    ///
    /// - Parameter executorId: The executor.
    /// - Returns: Its running attempts (empty for an unknown executor).
    public func tasks(runningOn executorId: String) -> [TaskKey] {
        guard let record = executors[executorId], let tasks = epochTasks else { return [] }
        return record.running.sorted().compactMap { number in
            tasks.tasks[number].map { tasks.key(of: $0, queryId: query.queryId) }
        }
    }

    /// Handles one event.
    ///
    /// - Parameters:
    ///   - event: What happened.
    ///   - now: The current time in milliseconds (monotonic).
    /// - Returns: What to do, in order.
    public mutating func handle(_ event: DriverEvent, now: Int64) -> [DriverAction] {
        guard failure == nil, !isStopped else { return [] }
        switch event {
        case .executorRegistered(let id, let cores):
            return register(id, cores: cores, now: now)
        case .heartbeat(let id):
            guard executors[id] != nil else {
                return [.send(executorId: id, .shutdown(reason: "executor \(id) is not registered with this driver"))]
            }
            executors[id]?.lastHeard = now
            return []
        case .taskResult(let result):
            guard let executorId = runningExecutor(of: result.key) else {
                droppedResults += 1
                return []
            }
            epochTasks?.tasks[result.key.task]?.state = .done(result)
            executors[executorId]?.running.remove(result.key.task)
            return [.keepPayload(result.key)] + dispatch(now: now) + completeIfDone()
        case .taskFailed(let failed):
            guard let executorId = runningExecutor(of: failed.key) else {
                droppedResults += 1
                return []
            }
            executors[executorId]?.running.remove(failed.key.task)
            return recordFailure(failed.key.task, error: failed.error, retryable: failed.retryable) + dispatch(now: now)
        case .executorGone(let id):
            return remove(id, reason: "disconnected", now: now, notify: false) + dispatch(now: now)
        case .tick:
            return tick(now: now)
        case .startEpoch(let epoch, let tasks):
            return start(epoch: epoch, tasks: tasks, now: now)
        case .shutdown(let reason):
            let actions = executorIds.map { DriverAction.send(executorId: $0, .shutdown(reason: reason)) }
            executors = [:]
            epochTasks = nil
            isStopped = true
            return actions
        }
    }

    /// Adds an executor (replacing a restarted one), sends it the query, and fills its slots.
    private mutating func register(_ id: String, cores: Int, now: Int64) -> [DriverAction] {
        var actions = remove(id, reason: "registered again (restarted)", now: now, notify: false)
        guard failure == nil else { return actions }
        executors[id] = ExecutorRecord(id: id, cores: cores, lastHeard: now, lastSent: now)
        noExecutorsSince = nil
        actions.append(.send(executorId: id, .startQuery(query)))
        return actions + dispatch(now: now)
    }

    /// Removes silent executors, checks the no-executor timeout, launches what waits, and
    /// sends heartbeats that are due.
    private mutating func tick(now: Int64) -> [DriverAction] {
        var actions: [DriverAction] = []
        let timeout = configuration.heartbeatTimeoutMillis
        for id in executorIds {
            guard let silence = executors[id].map({ now - $0.lastHeard }), silence > timeout else { continue }
            actions += remove(
                id, reason: "no heartbeat for \(silence) ms (timeout \(timeout) ms)", now: now, notify: true)
            guard failure == nil else { return actions }
        }
        if executors.isEmpty, let since = noExecutorsSince, now - since > configuration.noExecutorTimeoutMillis {
            return actions
                + fail("no executors for \(now - since) ms (timeout \(configuration.noExecutorTimeoutMillis) ms)")
        }
        actions += dispatch(now: now)
        for id in executorIds {
            guard let record = executors[id], now - record.lastSent >= configuration.heartbeatIntervalMillis else {
                continue
            }
            let beat = Heartbeat(executorId: id, runningTasks: tasks(runningOn: id), residentBytes: 0)
            actions.append(.send(executorId: id, .heartbeat(beat)))
            executors[id]?.lastSent = now
        }
        return actions
    }

    /// Starts an epoch: queues its tasks and launches what fits.
    private mutating func start(epoch: Int64, tasks: [TaskSpec], now: Int64) -> [DriverAction] {
        if let current = epochTasks {
            return fail("epoch \(epoch) started while epoch \(current.epoch) is still running")
        }
        switch EpochTasks.make(epoch: epoch, specs: tasks) {
        case .failure(let repeated):
            return fail("epoch \(epoch) lists task \(repeated.task) twice")
        case .success(let made):
            epochTasks = made
        }
        return dispatch(now: now) + completeIfDone()
    }

    /// The executor running `key` when `key` is the current attempt of a running task of the
    /// running epoch of this query; `nil` for a late or foreign report.
    private func runningExecutor(of key: TaskKey) -> String? {
        guard let tasks = epochTasks, key.queryId == query.queryId, key.epoch == tasks.epoch,
            let task = tasks.tasks[key.task], task.attempt == key.attempt,
            case .running(let executorId) = task.state
        else { return nil }
        return executorId
    }

    /// Launches queued tasks, in task order, on the least-loaded executors with free slots.
    mutating func dispatch(now: Int64) -> [DriverAction] {
        guard let tasks = epochTasks else { return [] }
        var actions: [DriverAction] = []
        for number in tasks.order {
            guard let task = epochTasks?.tasks[number], task.state == .queued else { continue }
            guard let executor = executors.leastLoadedWithFreeSlot() else { break }
            epochTasks?.tasks[number]?.state = .running(executorId: executor.id)
            executors[executor.id]?.running.insert(number)
            executors[executor.id]?.lastSent = now
            let launch = LaunchTask(
                key: tasks.key(of: task, queryId: query.queryId), range: task.spec.range,
                watermarkMicros: task.spec.watermarkMicros)
            actions.append(.send(executorId: executor.id, .launchTask(launch)))
        }
        return actions
    }

    /// Completes the epoch when every task has its result.
    private mutating func completeIfDone() -> [DriverAction] {
        guard let tasks = epochTasks, let results = tasks.results else { return [] }
        epochTasks = nil
        return [.epochComplete(epoch: tasks.epoch, results: results)]
    }
}
