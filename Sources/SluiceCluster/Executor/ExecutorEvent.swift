/// What happened, as the executor shell reports it to `ExecutorStateMachine`.
public enum ExecutorEvent: Equatable, Sendable {
    /// The DEALER socket was connected to the driver (ZeroMQ queues until the peer is up).
    case connected
    /// A message arrived from the driver.
    case received(ClusterMessage)
    /// A task attempt the machine asked to run produced its result: its header, with the size of
    /// the partial, which the shell keeps and sends after the header when the machine says
    /// `sendToDriver(.taskResult)`.
    case taskFinished(TaskResult)
    /// A task attempt the machine asked to run failed; `retryable` says whether another
    /// attempt may succeed.
    case taskErrored(TaskKey, error: String, retryable: Bool)
    /// Time passed: check the driver's silence and send a heartbeat when one is due. The shell
    /// ticks at least every quarter of the heartbeat interval.
    case tick
    /// The connection to the driver closed (the socket monitor saw it): a registered executor
    /// exits at once rather than waiting out the heartbeat timeout.
    case driverDisconnected
}

/// What the executor shell must do, as `ExecutorStateMachine` decides it; in order.
public enum ExecutorAction: Equatable, Sendable {
    /// Send a message to the driver; a `TaskResult` is followed by its partial's frame, which
    /// the shell kept.
    case sendToDriver(ClusterMessage)
    /// Run a task attempt of the query whose executor stage is `plan`, with the query's
    /// source and UDF `settings`. The shell reports every run task exactly once, as
    /// `taskFinished` or `taskErrored`, even after `cancel`.
    case runTask(LaunchTask, plan: [UInt8], settings: [String: String])
    /// Stop a running task attempt; its report, when it comes, is dropped.
    case cancel(TaskKey)
    /// Exit the process, for `reason`.
    case exit(reason: String)
}
