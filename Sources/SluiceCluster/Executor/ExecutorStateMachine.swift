/// An executor's side of the protocol, as a pure state machine.
///
/// The shell feeds it events with the current time in milliseconds and carries out the
/// actions it returns, in order. Rules:
///
/// - On `connected` it sends `Register` with the proof of the shared secret.
/// - It runs tasks only once `Registered` and `StartQuery` have arrived, and only of that
///   query; a `LaunchTask` before that is answered with a retryable `TaskFailed`.
/// - It runs at most `cores` task attempts at once and queues the rest in arrival order; a
///   cancelled attempt keeps its slot until the shell reports it, and its report is dropped.
/// - A finished attempt is reported by its result's header alone (`TaskResult`: key, time, the
///   partial's size); the shell keeps the partial and sends it after the header. A result whose
///   frames would exceed `MessageCodec.maxToDriverMessageBytes` is reported as a `TaskFailed`
///   that is not retryable.
/// - Once registered it sends a heartbeat every heartbeat interval.
/// - It exits on `Refused` and `Shutdown`, and when nothing was heard from the driver for the
///   heartbeat timeout ("driver gone"; before `Registered`, `registrationTimeoutMillis`).
public struct ExecutorStateMachine: Sendable {
    /// Who the executor is and how it waits.
    public struct Configuration: Sendable {
        /// The executor's id; also its DEALER routing id.
        public var executorId: String
        /// The host it runs on.
        public var host: String
        /// Its process id.
        public var pid: Int32
        /// Task slots.
        public var cores: Int
        /// Its memory limit in bytes (0 when unlimited).
        public var memoryLimitBytes: Int64
        /// The cluster's shared secret; only a proof of it is sent.
        public var secret: [UInt8]
        /// How long to wait for the driver's first answer, in milliseconds; after `Registered`
        /// the driver's heartbeat timeout applies.
        public var registrationTimeoutMillis: Int64

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - executorId: The executor's id.
        ///   - host: Its host.
        ///   - pid: Its process id.
        ///   - cores: Task slots.
        ///   - memoryLimitBytes: Memory limit in bytes (0 when unlimited).
        ///   - secret: The shared secret's bytes.
        ///   - registrationTimeoutMillis: Wait for the driver's first answer (30 s).
        public init(
            executorId: String, host: String, pid: Int32, cores: Int, memoryLimitBytes: Int64, secret: [UInt8],
            registrationTimeoutMillis: Int64 = 30_000
        ) {
            self.executorId = executorId
            self.host = host
            self.pid = pid
            self.cores = cores
            self.memoryLimitBytes = memoryLimitBytes
            self.secret = secret
            self.registrationTimeoutMillis = registrationTimeoutMillis
        }
    }

    /// Where the executor stands.
    public enum Phase: Equatable, Sendable {
        /// Not connected yet.
        case disconnected
        /// `Register` sent, no answer yet.
        case registering
        /// Registered with the driver.
        case registered
        /// Exited (the `exit` action was returned); every later event is ignored.
        case exited(reason: String)
    }

    /// Who the executor is.
    public let configuration: Configuration
    /// Where the executor stands.
    public private(set) var phase: Phase = .disconnected
    /// The query tasks run for, once `StartQuery` arrived.
    public private(set) var query: StartQuery?
    /// Resident memory in bytes, reported in heartbeats; the shell updates it.
    public var residentBytes: Int64 = 0

    /// The driver's heartbeat interval, once registered.
    private var heartbeatIntervalMillis: Int64 = 0
    /// The driver's heartbeat timeout, once registered.
    private var heartbeatTimeoutMillis: Int64 = 0
    /// When the driver was last heard from (or the connection was made).
    private var lastHeard: Int64 = 0
    /// When the last heartbeat was sent (or registration completed).
    private var lastHeartbeatSent: Int64 = 0
    /// Attempts holding a slot: running, or cancelled and not yet reported.
    private var running: Set<TaskKey> = []
    /// Running attempts that were cancelled; their reports are dropped.
    private var cancelled: Set<TaskKey> = []
    /// Attempts waiting for a slot, in arrival order.
    private var queue: [LaunchTask] = []

    /// Creates a disconnected executor.
    ///
    /// - Parameter configuration: Who the executor is.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Running attempts that were not cancelled, ordered.
    public var runningTasks: [TaskKey] { running.subtracting(cancelled).sorted() }

    /// Attempts waiting for a slot, in arrival order.
    public var queuedTasks: [TaskKey] { queue.map(\.key) }

    /// Handles one event.
    ///
    /// - Parameters:
    ///   - event: What happened.
    ///   - now: The current time in milliseconds (monotonic).
    /// - Returns: What to do, in order.
    public mutating func handle(_ event: ExecutorEvent, now: Int64) -> [ExecutorAction] {
        if case .exited = phase { return [] }
        switch event {
        case .connected:
            guard phase == .disconnected else { return [] }
            phase = .registering
            lastHeard = now
            let register = Register(
                executorId: configuration.executorId, host: configuration.host, pid: configuration.pid,
                cores: configuration.cores, memoryLimitBytes: configuration.memoryLimitBytes,
                secretProof: RegistrationSecret.proof(
                    secret: configuration.secret, executorId: configuration.executorId))
            return [.sendToDriver(.register(register))]
        case .received(let message):
            lastHeard = now
            return receive(message, now: now)
        case .taskFinished(let result):
            return finish(result.key, report: report(result))
        case .taskErrored(let key, let error, let retryable):
            return finish(key, report: .taskFailed(TaskFailed(key: key, error: error, retryable: retryable)))
        case .tick:
            return tick(now: now)
        case .driverDisconnected:
            // Before registration a closed connection is a handshake refused or a driver not up
            // yet: the refusal or the registration timeout says which.
            guard phase == .registered else { return [] }
            return exit("driver gone: the connection to the driver closed")
        }
    }

    /// Handles a message from the driver.
    private mutating func receive(_ message: ClusterMessage, now: Int64) -> [ExecutorAction] {
        switch message {
        case .registered(let registered):
            guard registered.executorId == configuration.executorId else {
                return exit(
                    "the driver registered executor \(registered.executorId), but this is \(configuration.executorId)")
            }
            if phase != .registered { lastHeartbeatSent = now }
            phase = .registered
            heartbeatIntervalMillis = registered.heartbeatIntervalMillis
            heartbeatTimeoutMillis = registered.heartbeatTimeoutMillis
            return []
        case .refused(let reason):
            return exit("registration refused: \(reason)")
        case .shutdown(let reason):
            return exit("shut down by the driver: \(reason)")
        case .startQuery(let started):
            return start(started)
        case .launchTask(let launch):
            return self.launch(launch)
        case .cancelTask(let cancel):
            return self.cancel(cancel.key)
        case .heartbeat, .register, .taskResult, .taskFailed:
            // A driver heartbeat only proves the driver alive; the others never go this way.
            return []
        }
    }

    /// Takes up a query; tasks of a previous, different query are cancelled and dropped.
    private mutating func start(_ started: StartQuery) -> [ExecutorAction] {
        guard phase == .registered else { return [] }
        var actions: [ExecutorAction] = []
        if let current = query, current.queryId != started.queryId {
            for key in runningTasks {
                cancelled.insert(key)
                actions.append(.cancel(key))
            }
            queue.removeAll()
        }
        query = started
        return actions
    }

    /// Runs a task attempt when a slot is free, queues it otherwise, or refuses it.
    private mutating func launch(_ launch: LaunchTask) -> [ExecutorAction] {
        let id = configuration.executorId
        guard phase == .registered else {
            return refuse(launch, "executor \(id) is not registered yet")
        }
        guard let query else {
            return refuse(launch, "executor \(id) has not received the query (StartQuery)")
        }
        guard launch.key.queryId == query.queryId else {
            return refuse(launch, "executor \(id) runs query \(query.queryId), not \(launch.key.queryId)")
        }
        guard !running.contains(launch.key), !queue.contains(where: { $0.key == launch.key }) else { return [] }
        queue.append(launch)
        return startQueued()
    }

    /// Cancels a running attempt (which keeps its slot until reported) or drops a queued one.
    private mutating func cancel(_ key: TaskKey) -> [ExecutorAction] {
        if running.contains(key) {
            guard cancelled.insert(key).inserted else { return [] }
            return [.cancel(key)]
        }
        queue.removeAll { $0.key == key }
        return []
    }

    /// What a finished attempt reports: its result, or, when the result's frames would exceed
    /// what the driver takes, a failure that rerunning cannot mend.
    private func report(_ result: TaskResult) -> ClusterMessage {
        let bytes = MessageCodec.taskResultBytesMax(result)
        guard bytes <= MessageCodec.maxToDriverMessageBytes else {
            let error =
                "executor \(configuration.executorId): the task's result of about \(bytes) bytes exceeds the driver's "
                + "limit of \(MessageCodec.maxToDriverMessageBytes) bytes"
            return .taskFailed(TaskFailed(key: result.key, error: error, retryable: false))
        }
        return .taskResult(result)
    }

    /// Frees an attempt's slot, reports it unless it was cancelled, and starts what waits.
    private mutating func finish(_ key: TaskKey, report: ClusterMessage) -> [ExecutorAction] {
        guard running.remove(key) != nil else { return [] }
        var actions: [ExecutorAction] = []
        if cancelled.remove(key) == nil {
            actions.append(.sendToDriver(report))
        }
        return actions + startQueued()
    }

    /// Starts queued attempts while slots are free.
    private mutating func startQueued() -> [ExecutorAction] {
        guard let query else { return [] }
        var actions: [ExecutorAction] = []
        while running.count < configuration.cores, !queue.isEmpty {
            let launch = queue.removeFirst()
            running.insert(launch.key)
            actions.append(.runTask(launch, plan: query.plan, settings: query.settings))
        }
        return actions
    }

    /// Exits when the driver has been silent too long; sends a heartbeat when one is due.
    private mutating func tick(now: Int64) -> [ExecutorAction] {
        guard phase != .disconnected else { return [] }
        let timeout = phase == .registered ? heartbeatTimeoutMillis : configuration.registrationTimeoutMillis
        let silence = now - lastHeard
        guard silence <= timeout else {
            return exit("driver gone: nothing heard for \(silence) ms (timeout \(timeout) ms)")
        }
        guard phase == .registered, now - lastHeartbeatSent >= heartbeatIntervalMillis else { return [] }
        lastHeartbeatSent = now
        let beat = Heartbeat(
            executorId: configuration.executorId, runningTasks: runningTasks, residentBytes: residentBytes)
        return [.sendToDriver(.heartbeat(beat))]
    }

    /// Answers a launch that cannot run here with a retryable failure.
    private func refuse(_ launch: LaunchTask, _ reason: String) -> [ExecutorAction] {
        [.sendToDriver(.taskFailed(TaskFailed(key: launch.key, error: reason, retryable: true)))]
    }

    /// Cancels the running attempts and exits.
    private mutating func exit(_ reason: String) -> [ExecutorAction] {
        var actions = runningTasks.map { ExecutorAction.cancel($0) }
        actions.append(.exit(reason: reason))
        phase = .exited(reason: reason)
        running = []
        cancelled = []
        queue = []
        return actions
    }
}
