import Dispatch
import Foundation
import SluiceCluster
import SluiceExec
import SluiceZMQ
import Synchronization

/// `sluice executor`: connects a DEALER socket (routing id = executor id) to the driver,
/// registers with the shared secret, and runs the tasks it is sent on up to `cores` threads,
/// each pulling its shard range from the log store itself. It exits when the driver says so,
/// refuses it, closes the connection (the socket monitor reports it at once, so a driver that
/// dies is noticed within milliseconds), or stays silent past the heartbeat timeout. A watchdog compares the process's
/// resident memory with `--memory` and fails the running tasks when it is exceeded.
public final class ClusterExecutor: Sendable {
    private let core: ExecutorCore
    private let loop: ZMQLoop

    /// How often the socket thread ticks the state machine (heartbeats, timeouts, the memory watchdog).
    public static let tickInterval: Duration = .milliseconds(100)
    /// Where the driver socket's monitor publishes its handshake failures, inside the process.
    static let monitorEndpoint = "inproc://executor-monitor"

    /// Connects to `driver` (`tcp://HOST:PORT`).
    public init(driver: String, configuration: ExecutorStateMachine.Configuration, log: @escaping @Sendable (String) -> Void)
        throws
    {
        let core = ExecutorCore(machine: ExecutorStateMachine(configuration: configuration), log: log)
        let routingId = Array(configuration.executorId.utf8)
        let password = RegistrationSecret.handshakePassword(secret: configuration.secret)
        do {
            loop = try ZMQLoop(
                context: ZMQContext(blocky: false), tickInterval: Self.tickInterval,
                setup: { context in
                    let dealer = try ZMQSocket(
                        context: context, kind: .dealer,
                        options: [
                            .routingId(routingId), .linger(.milliseconds(500)), .maxMessageSize(MessageCodec.maxMessageBytes),
                            .plainUsername(routingId), .plainPassword(password),
                        ])
                    // A handshake the driver refuses is seen here: the executor exits instead of retrying;
                    // so is a connection that closes, as when the driver's process dies.
                    try dealer.monitor(Self.monitorEndpoint, events: [.handshakeFailedAuth, .disconnected])
                    let monitor = try ZMQSocket(context: context, kind: .pair, options: [.linger(.zero)])
                    try monitor.connect(Self.monitorEndpoint)
                    try dealer.connect(driver)
                    return ["driver": dealer, "monitor": monitor]
                },
                onMessage: { message, _ in
                    if message.socket == "monitor" {
                        core.monitored(message.frames)
                    } else {
                        core.received(message.frames)
                    }
                },
                onTick: { _ in core.tick() })
        } catch {
            throw RuntimeError("cannot connect to the driver at \(driver): \(error)")
        }
        self.core = core
        core.attach(loop)
        core.handle(.connected)
    }

    /// Blocks until the executor exits; returns the reason.
    public func wait() -> String {
        let reason = core.waitForExit()
        loop.stop()
        return reason
    }
}

/// The executor's state behind one lock, shared by the socket thread and the task threads.
final class ExecutorCore: Sendable {
    struct State {
        var machine: ExecutorStateMachine
        var loop: ZMQLoop?
        var queries: [String: ExecutorQuery] = [:]
        var exitReason: String?
        /// When the last task ended (`now()`), and whether the heap has been released since.
        var lastTaskEndedMillis: Int64 = 0
        var heapReleasePending = false
    }

    /// How long an executor stays without a task before it returns its free heap to the system
    /// (`ProcessTuning.releaseFreeHeap`): longer than the gap between tasks of back-to-back
    /// epochs, so a busy executor keeps its heap, and short beside a 1 s trigger, so an executor
    /// between epochs holds no more than its code and its idle state.
    static let heapReleaseIdleMilliseconds: Int64 = 250

    private let state: Mutex<State>
    private let exited = DispatchSemaphore(value: 0)
    let log: @Sendable (String) -> Void
    let memoryLimitBytes: Int64
    let executorId: String

    init(machine: ExecutorStateMachine, log: @escaping @Sendable (String) -> Void) {
        memoryLimitBytes = ResidentMemory.effectiveLimit(machine.configuration.memoryLimitBytes)
        executorId = machine.configuration.executorId
        state = Mutex(State(machine: machine))
        self.log = log
    }

    func attach(_ loop: ZMQLoop) {
        state.withLock { $0.loop = loop }
    }

    static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    func received(_ frames: [[UInt8]]) {
        guard let frame = frames.first else { return }
        do {
            handle(.received(try MessageCodec.decode(frame, payloadFrameBytes: frames.dropFirst().map(\.count))))
        } catch {
            log("executor \(executorId): dropped a message that is not the cluster protocol: \(error)")
        }
    }

    /// Handles an event of the driver socket's monitor: a handshake the driver refused is a
    /// refused registration; a closed connection is a driver gone.
    func monitored(_ frames: [[UInt8]]) {
        guard let event = ZMQMonitorEvent(frames: frames) else { return }
        if event.kind == .disconnected {
            handle(.driverDisconnected)
            return
        }
        guard event.kind == .handshakeFailedAuth else { return }
        handle(.received(.refused(
            reason: "the driver refused this executor's credentials at the handshake (status \(event.value)): "
                + "check the cluster's secret file")))
    }

    func tick() {
        let resident = ResidentMemory.current() ?? 0
        let running: [TaskKey] = state.withLock { state in
            state.machine.residentBytes = resident
            return state.machine.runningTasks
        }
        if let message = overMemoryLimit(resident), !running.isEmpty {
            log(message)
            for key in running { handle(.taskErrored(key, error: message, retryable: true)) }
        }
        handle(.tick)
        releaseHeapWhenIdle()
    }

    /// Returns the free heap to the system once no task has run for `heapReleaseIdleMilliseconds`
    /// (once per idle spell). `malloc_trim` is thread-safe: a task started meanwhile only maps some
    /// of its pages anew.
    private func releaseHeapWhenIdle() {
        let idle = state.withLock { state -> Bool in
            guard state.heapReleasePending, state.machine.runningTasks.isEmpty,
                Self.now() - state.lastTaskEndedMillis >= Self.heapReleaseIdleMilliseconds
            else { return false }
            state.heapReleasePending = false
            return true
        }
        if idle { ProcessTuning.releaseFreeHeap() }
    }

    /// The error of a task run while the process's resident memory exceeds `--memory`, if it does.
    func overMemoryLimit(_ resident: Int64? = ResidentMemory.current()) -> String? {
        guard memoryLimitBytes > 0, let resident, resident > memoryLimitBytes else { return nil }
        return "executor \(executorId) exceeded its memory limit (--executor-memory, or its cgroup's if lower): resident "
            + "\(resident >> 20) MiB > \(memoryLimitBytes >> 20) MiB"
    }

    /// Feeds `event` to the state machine and carries out its actions. `partial` is the encoded
    /// partial result of a `taskFinished` event, which the machine sees the size of only: it goes
    /// to the driver as the frame after the `TaskResult`'s, when the machine sends that.
    func handle(_ event: ExecutorEvent, partial: [UInt8] = []) {
        let actions = state.withLock { $0.machine.handle(event, now: Self.now()) }
        for action in actions {
            switch action {
            case .sendToDriver(let message):
                let loop = state.withLock { $0.loop }
                var frames = [MessageCodec.encode(message)]
                if case .taskResult = message { frames.append(partial) }
                loop?.post(to: "driver", frames: frames)
            case .runTask(let launch, let plan, _):
                let core = self
                Thread.detachNewThread { core.run(launch, plan: plan) }
            case .cancel:
                break  // a running task cannot be interrupted; the state machine drops its result
            case .exit(let reason):
                let first = state.withLock { state -> Bool in
                    guard state.exitReason == nil else { return false }
                    state.exitReason = reason
                    return true
                }
                if first { exited.signal() }
            }
        }
    }

    func waitForExit() -> String {
        exited.wait()
        return state.withLock { $0.exitReason ?? "" }
    }

    private func run(_ launch: LaunchTask, plan: [UInt8]) {
        let started = DispatchTime.now()
        defer {
            state.withLock { state in
                state.lastTaskEndedMillis = Self.now()
                state.heapReleasePending = true
            }
        }
        if let message = overMemoryLimit() {
            handle(.taskErrored(launch.key, error: message, retryable: true))
            return
        }
        do {
            let query = try query(launch.key.queryId, plan: plan)
            let partial = try query.run(launch.range, watermarkMicros: launch.watermarkMicros)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            // The machine is told the partial's size (it fails a result the driver would refuse);
            // the partial itself stays here until it is sent.
            handle(.taskFinished(TaskResult(key: launch.key, seconds: seconds, partialBytes: partial.count)), partial: partial)
        } catch {
            handle(.taskErrored(launch.key, error: "executor \(executorId): \(error)", retryable: true))
        }
    }

    private func query(_ id: String, plan: [UInt8]) throws -> ExecutorQuery {
        if let known = state.withLock({ $0.queries[id] }) { return known }
        let query = try ExecutorQuery(plan: ExecutorQueryPlan.decode(plan))
        state.withLock { $0.queries[id] = query }
        return query
    }
}
