/// A message between the driver and an executor.
///
/// Executors send `register`, `heartbeat`, `taskResult` and `taskFailed`; the driver sends
/// `registered`, `refused`, `startQuery`, `heartbeat`, `launchTask`, `cancelTask` and
/// `shutdown`. `MessageCodec` turns a message into one ZeroMQ frame and back (a `taskResult` is
/// followed by its partial's frame, which the codec never reads); `docs/protocol.md` describes
/// each message and its encoding.
public enum ClusterMessage: Equatable, Sendable {
    /// Executor → driver, first message on a connection: who the executor is and its proof of
    /// the shared secret.
    case register(Register)
    /// Driver → executor: registration accepted, with the heartbeat interval and timeout.
    case registered(Registered)
    /// Driver → executor: registration refused (wrong version, wrong secret, bad fields); the
    /// executor exits with `reason`.
    case refused(reason: String)
    /// Driver → executor: the query whose tasks follow — the serialized executor stage and the
    /// source and UDF settings, sent once per query and executor.
    case startQuery(StartQuery)
    /// Both ways, every heartbeat interval: "I am alive".
    case heartbeat(Heartbeat)
    /// Driver → executor: run one attempt of one task.
    case launchTask(LaunchTask)
    /// Executor → driver: a task attempt's result, whose partial states and metrics follow as
    /// a frame of their own.
    case taskResult(TaskResult)
    /// Executor → driver: a task attempt failed.
    case taskFailed(TaskFailed)
    /// Driver → executor: stop a task attempt; its result is no longer wanted.
    case cancelTask(CancelTask)
    /// Driver → executor: exit now, for `reason`.
    case shutdown(reason: String)
}

/// An executor's registration: its identity, resources and proof of the shared secret.
public struct Register: Equatable, Sendable {
    /// The protocol version the executor speaks (`ClusterProtocol.version`).
    public var protocolVersion: UInt16
    /// The executor's id; also its DEALER socket's routing id (1 to 255 UTF-8 bytes).
    public var executorId: String
    /// The host the executor runs on, for the dashboard and logs.
    public var host: String
    /// The executor's process id on `host`.
    public var pid: Int32
    /// Task slots: how many tasks the executor runs at once.
    public var cores: Int
    /// The executor's memory limit in bytes (0 when unlimited).
    public var memoryLimitBytes: Int64
    /// `RegistrationSecret.proof(secret:executorId:)`: SHA-256 of the secret, the executor id
    /// and a fixed label. The secret itself never crosses the wire.
    public var secretProof: [UInt8]

    /// Creates a registration.
    ///
    /// - Parameters:
    ///   - protocolVersion: The protocol version spoken.
    ///   - executorId: The executor's id and routing id.
    ///   - host: The executor's host.
    ///   - pid: The executor's process id.
    ///   - cores: Task slots.
    ///   - memoryLimitBytes: Memory limit in bytes (0 when unlimited).
    ///   - secretProof: Proof of the shared secret.
    public init(
        protocolVersion: UInt16 = ClusterProtocol.version, executorId: String, host: String, pid: Int32, cores: Int,
        memoryLimitBytes: Int64, secretProof: [UInt8]
    ) {
        self.protocolVersion = protocolVersion
        self.executorId = executorId
        self.host = host
        self.pid = pid
        self.cores = cores
        self.memoryLimitBytes = memoryLimitBytes
        self.secretProof = secretProof
    }
}

/// The driver's acceptance of a registration.
public struct Registered: Equatable, Sendable {
    /// The executor that was registered (the one that asked).
    public var executorId: String
    /// How often each side sends a heartbeat, in milliseconds.
    public var heartbeatIntervalMillis: Int64
    /// Silence after which each side gives the other up, in milliseconds.
    public var heartbeatTimeoutMillis: Int64

    /// Creates an acceptance.
    ///
    /// - Parameters:
    ///   - executorId: The registered executor.
    ///   - heartbeatIntervalMillis: Heartbeat interval in milliseconds.
    ///   - heartbeatTimeoutMillis: Heartbeat timeout in milliseconds.
    public init(executorId: String, heartbeatIntervalMillis: Int64, heartbeatTimeoutMillis: Int64) {
        self.executorId = executorId
        self.heartbeatIntervalMillis = heartbeatIntervalMillis
        self.heartbeatTimeoutMillis = heartbeatTimeoutMillis
    }
}

/// The query an executor runs tasks of: everything it needs, so it keeps no catalog.
public struct StartQuery: Equatable, Sendable {
    /// The query's id; every `TaskKey` of its tasks carries it.
    public var queryId: String
    /// The serialized executor stage of the plan (opaque here; the engine encodes it).
    public var plan: [UInt8]
    /// Source and UDF settings (endpoints, keys, model paths), by name.
    public var settings: [String: String]

    /// Creates a query announcement.
    ///
    /// - Parameters:
    ///   - queryId: The query's id.
    ///   - plan: The serialized executor stage.
    ///   - settings: Source and UDF settings.
    public init(queryId: String, plan: [UInt8], settings: [String: String]) {
        self.queryId = queryId
        self.plan = plan
        self.settings = settings
    }
}
