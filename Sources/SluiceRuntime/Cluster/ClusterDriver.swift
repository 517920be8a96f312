import Dispatch
import Foundation
import SluiceCore
import SluiceCluster
import SluiceZMQ
import Synchronization

/// The driver's side of a cluster (design §4): a ROUTER socket on its own thread, the
/// registration gate, and the scheduler of the running query. Executors connect with DEALER
/// sockets whose routing id is their executor id. The scheduler runs under a lock, fed by the
/// socket thread (messages, ticks) and by the query thread (epochs), which waits for each
/// epoch's results.
///
/// Peers are authenticated at the ZeroMQ handshake: the ROUTER is a PLAIN server whose ZAP
/// handler (on the same thread) accepts only the password derived from the secret
/// (`RegistrationSecret.handshakePassword`), so nothing a peer without it sends reaches the
/// driver's code; the registration's secret proof is a second check. Frames are bounded by
/// `MessageCodec.maxToDriverMessageBytes`. Refused handshakes and bad frames are counted and
/// logged at most once a second each, with the count.
public final class ClusterDriver: Sendable {
    /// The TCP endpoint executors connect to, e.g. `tcp://127.0.0.1:40123`.
    public let endpoint: String
    private let loop: ZMQLoop
    private let core: DriverCore

    /// How often the socket thread ticks the scheduler (heartbeats, timeouts).
    public static let tickInterval: Duration = .milliseconds(100)

    /// Heartbeats every 500 ms; an executor silent for 3 s is replaced (the state machines' own
    /// defaults suit clusters across hosts; a local cluster can afford to notice sooner).
    public static let localConfiguration = DriverScheduler.Configuration(
        heartbeatIntervalMillis: 500, heartbeatTimeoutMillis: 3_000, noExecutorTimeoutMillis: 30_000)

    /// How long a connection may take to authenticate before the driver closes it, so that a peer
    /// without the secret holds a connection (and what its handshake sent) no longer.
    public static let handshakeTimeout: Duration = .seconds(5)
    /// The ZAP domain of the driver's socket.
    public static let zapDomain = "sluice-cluster"
    /// Where the driver socket's monitor publishes failed handshakes, inside the process.
    static let monitorEndpoint = "inproc://driver-monitor"

    /// Binds `bind` (`tcp://HOST:PORT`, port `*` for any) and starts serving executors that prove `secret`.
    public init(
        bind: String, secret: String, configuration: DriverScheduler.Configuration = ClusterDriver.localConfiguration,
        log: @escaping @Sendable (String) -> Void
    ) throws {
        let core = DriverCore(
            gate: RegistrationGate(
                secret: Array(secret.utf8), heartbeatIntervalMillis: configuration.heartbeatIntervalMillis,
                heartbeatTimeoutMillis: configuration.heartbeatTimeoutMillis),
            zap: ZAPHandler(plainPassword: RegistrationSecret.handshakePassword(secret: Array(secret.utf8)), domain: Self.zapDomain),
            configuration: configuration, log: log)
        let bound = Mutex<String>("")
        do {
            loop = try ZMQLoop(
                context: ZMQContext(blocky: false), tickInterval: Self.tickInterval,
                setup: { context in
                    // The handler first: a handshake that finds none fails.
                    let zap = try ZAPHandler.makeSocket(context: context)
                    let router = try ZMQSocket(
                        context: context, kind: .router,
                        options: [
                            .linger(.zero), .maxMessageSize(MessageCodec.maxToDriverMessageBytes), .routerMandatory(false),
                            .plainServer(true), .zapDomain(Self.zapDomain), .handshakeInterval(Self.handshakeTimeout),
                        ])
                    // Every failed handshake is counted, a mechanism other than PLAIN included.
                    try router.monitor(
                        Self.monitorEndpoint, events: [.handshakeFailedAuth, .handshakeFailedProtocol, .handshakeFailedNoDetail])
                    let monitor = try ZMQSocket(context: context, kind: .pair, options: [.linger(.zero)])
                    try monitor.connect(Self.monitorEndpoint)
                    try router.bind(bind)
                    let endpoint = try router.lastEndpoint
                    bound.withLock { $0 = endpoint }
                    return ["router": router, "zap": zap, "monitor": monitor]
                },
                onMessage: { message, sockets in
                    switch message.socket {
                    case "zap":
                        if let reply = core.authenticate(message.frames) { sockets.send(to: "zap", reply) }
                    case "monitor":
                        core.monitored(message.frames)
                    default:
                        core.received(message.frames)
                    }
                },
                onTick: { _ in core.tick() })
        } catch {
            throw RuntimeError("cannot listen for executors on \(bind): \(error)")
        }
        endpoint = bound.withLock { $0 }
        self.core = core
        core.attach(loop)
    }

    /// Executors registered now, by id.
    public var executorIds: [String] { core.executorIds }

    /// Waits until `count` executors have registered, or `timeout` passes; returns how many did.
    @discardableResult
    public func waitForExecutors(_ count: Int, timeout: Duration) -> Int {
        core.waitForExecutors(count, timeout: timeout)
    }

    /// Starts scheduling `query` (sent to every executor, now and as they join).
    public func start(_ query: StartQuery) {
        core.start(query)
    }

    /// Runs one epoch's tasks on the executors and returns their partial results as the
    /// executors encoded them (`PartialResultCodec`), ordered by task.
    /// - Throws: `RuntimeError` when the query fails (a task failed 4 times, no executors).
    public func runEpoch(_ epoch: Int64, tasks: [TaskSpec]) throws -> [[UInt8]] {
        try core.runEpoch(epoch, tasks: tasks)
    }

    /// Reports that executor `id`'s process has exited (seen by whoever started it): its tasks
    /// run elsewhere at once instead of after the heartbeat timeout.
    public func executorExited(_ id: String) {
        core.executorExited(id)
    }

    /// Tells every executor to exit and stops serving.
    public func shutdown(reason: String) {
        core.shutdown(reason: reason)
        loop.stop()
    }
}

/// The driver's state, behind one lock: everything the socket thread and the query thread share.
final class DriverCore: Sendable {
    struct State {
        var cores: [String: Int] = [:]
        var scheduler: DriverScheduler?
        /// The partial results beside the scheduler, which sees their headers only.
        var payloads = TaskPayloads()
        var failure: String?
        var loop: ZMQLoop?
    }

    /// Counts of what is logged at most once a second: refused handshakes and bad frames, with
    /// the last one's description.
    struct Throttled {
        var handshakes = LogThrottle()
        /// Why the handshakes not yet logged failed, with how many failed so.
        var handshakeReasons: [String: Int] = [:]
        var lastRefusal = "wrong credentials"
        var frames = LogThrottle()
        var lastFrame = ""
    }

    let gate: RegistrationGate
    let zap: ZAPHandler
    let configuration: DriverScheduler.Configuration
    let log: @Sendable (String) -> Void
    private let state = Mutex(State())
    private let throttled = Mutex(Throttled())
    /// Signalled whenever an epoch completes, the query fails or an executor registers.
    private let changed = NSCondition()

    init(
        gate: RegistrationGate, zap: ZAPHandler, configuration: DriverScheduler.Configuration,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.gate = gate
        self.zap = zap
        self.configuration = configuration
        self.log = log
    }

    func attach(_ loop: ZMQLoop) {
        state.withLock { $0.loop = loop }
    }

    var executorIds: [String] { state.withLock { $0.cores.keys.sorted() } }

    static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    /// The ZAP handler's answer to a handshake's request. A refusal is noted for the log line
    /// of `monitored`, which counts it. Nil for a message that is not a request.
    func authenticate(_ frames: [[UInt8]]) -> [[UInt8]]? {
        let decision = zap.answer(frames)
        if !decision.accepted, let request = decision.request {
            throttled.withLock { $0.lastRefusal = "wrong credentials from \(request.address)" }
        }
        return decision.reply
    }

    /// Counts a failed handshake the router's monitor reports, logging the count at most once a second.
    func monitored(_ frames: [[UInt8]]) {
        guard let event = ZMQMonitorEvent(frames: frames) else { return }
        let count = throttled.withLock { throttled -> Int? in
            let reason =
                switch event.kind {
                case .handshakeFailedAuth: throttled.lastRefusal
                case .handshakeFailedProtocol: "not speaking PLAIN or breaking the protocol"
                default: "broken off during the handshake"
                }
            throttled.handshakeReasons[reason, default: 0] += 1
            return throttled.handshakes.note(now: Self.now())
        }
        if let count { logHandshakes(count) }
    }

    /// Counts a frame dropped for `reason`, logging the count at most once a second.
    func dropped(_ reason: String) {
        let count = throttled.withLock { throttled -> Int? in
            throttled.lastFrame = reason
            return throttled.frames.note(now: Self.now())
        }
        if let count { logFrames(count) }
    }

    private func logHandshakes(_ count: Int) {
        let reasons = throttled.withLock { throttled in
            defer { throttled.handshakeReasons = [:] }
            return throttled.handshakeReasons.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        }
        log("driver: refused \(count) connection\(count == 1 ? "" : "s") at the handshake: \(reasons.joined(separator: ", "))")
    }

    private func logFrames(_ count: Int) {
        let last = throttled.withLock { $0.lastFrame }
        log("driver: dropped \(count) message\(count == 1 ? "" : "s") that \(count == 1 ? "is" : "are") not the cluster protocol (last: \(last))")
    }

    /// Logs what the throttles held back once their second has passed.
    private func flushThrottled() {
        let now = Self.now()
        let (handshakes, frames) = throttled.withLock { ($0.handshakes.due(now: now), $0.frames.due(now: now)) }
        if let handshakes { logHandshakes(handshakes) }
        if let frames { logFrames(frames) }
    }

    /// Handles a message from the ROUTER: the routing id, the message's frame, and for a task
    /// result the partial's frame, which is counted here and kept (or dropped) unread.
    func received(_ frames: [[UInt8]]) {
        guard frames.count >= 2 else {
            dropped("a message of no frames")
            return
        }
        let routingId = frames[0]
        let message: ClusterMessage
        do {
            message = try MessageCodec.decode(frames[1], payloadFrameBytes: frames.dropFirst(2).map(\.count))
        } catch {
            dropped("\(error)")
            return
        }
        switch message {
        case .register(let register):
            let answer = gate.answer(register, routingId: routingId)
            send(routingId, answer)
            if case .refused(let reason) = answer {
                log("driver: refused executor \(register.executorId) (\(register.host), pid \(register.pid)): \(reason)")
                return
            }
            log("driver: executor \(register.executorId) registered (\(register.host), pid \(register.pid), \(register.cores) cores)")
            handle(.executorRegistered(id: register.executorId, cores: register.cores)) { $0.cores[register.executorId] = register.cores }
        case .heartbeat(let heartbeat):
            handle(.heartbeat(id: heartbeat.executorId))
        case .taskResult(let result):
            handle(.taskResult(result), partial: frames[2])
        case .taskFailed(let failed):
            log("driver: task \(failed.key.task) attempt \(failed.key.attempt) of epoch \(failed.key.epoch) failed: \(failed.error)")
            handle(.taskFailed(failed))
        default:
            dropped("a \(message.typeName) message, which executors do not send")
        }
    }

    func tick() {
        flushThrottled()
        handle(.tick)
    }

    func executorExited(_ id: String) {
        let known = state.withLock { $0.cores.removeValue(forKey: id) != nil }
        guard known else { return }
        log("driver: executor \(id) exited")
        handle(.executorGone(id: id))
    }

    func start(_ query: StartQuery) {
        let now = Self.now()
        let actions: [DriverAction] = state.withLock { state in
            var scheduler = DriverScheduler(query: query, configuration: configuration, now: now)
            var actions: [DriverAction] = []
            for (id, cores) in state.cores.sorted(by: { $0.key < $1.key }) {
                actions += scheduler.handle(.executorRegistered(id: id, cores: cores), now: now)
            }
            state.scheduler = scheduler
            state.payloads.removeAll()
            state.failure = nil
            return actions
        }
        perform(actions)
    }

    func runEpoch(_ epoch: Int64, tasks: [TaskSpec]) throws -> [[UInt8]] {
        handle(.startEpoch(epoch: epoch, tasks: tasks))
        changed.lock()
        defer { changed.unlock() }
        while true {
            let (partials, failure): ([[UInt8]]?, String?) = state.withLock { state in
                (state.payloads.collect(epoch), state.failure)
            }
            if let partials { return partials }
            if let failure { throw RuntimeError(failure) }
            _ = changed.wait(until: Date().addingTimeInterval(0.5))
        }
    }

    func waitForExecutors(_ count: Int, timeout: Duration) -> Int {
        let deadline = Date().addingTimeInterval(timeout.seconds)
        changed.lock()
        defer { changed.unlock() }
        while true {
            let registered = state.withLock { $0.cores.count }
            if registered >= count || Date() >= deadline { return registered }
            _ = changed.wait(until: min(deadline, Date().addingTimeInterval(0.05)))
        }
    }

    func shutdown(reason: String) {
        let actions: [DriverAction] = state.withLock { state in
            var actions = state.scheduler?.handle(.shutdown(reason: reason), now: Self.now()) ?? []
            let told = Set(actions.compactMap { action -> String? in
                if case .send(let id, _) = action { return id }
                return nil
            })
            for id in state.cores.keys.sorted() where !told.contains(id) {
                actions.append(.send(executorId: id, .shutdown(reason: reason)))
            }
            state.cores = [:]
            state.payloads.removeAll()
            return actions
        }
        perform(actions)
    }

    /// Feeds `event` to the scheduler (after `update`) and carries out its actions; `partial` is
    /// a task result's, kept under the same lock when the scheduler accepts the result.
    private func handle(_ event: DriverEvent, partial: [UInt8] = [], update: (inout State) -> Void = { _ in }) {
        let (actions, lost): ([DriverAction], String?) = state.withLock { state in
            update(&state)
            let actions = state.scheduler?.handle(event, now: Self.now()) ?? []
            let lost = state.payloads.apply(actions, partial: partial)
            if let lost, state.failure == nil { state.failure = lost }
            return (actions, lost)
        }
        if let lost {
            log("driver: \(lost)")
            signal()
        }
        perform(actions)
        if case .executorRegistered = event { signal() }
    }

    private func perform(_ actions: [DriverAction]) {
        for action in actions {
            switch action {
            case .send(let executorId, let message):
                send(Array(executorId.utf8), message)
            case .keepPayload:
                break  // kept by `handle`, under the scheduler's lock
            case .epochComplete:
                signal()  // the partials wait in `payloads`
            case .queryFailed(let reason):
                state.withLock { $0.failure = reason }
                signal()
            case .executorRemoved(let executorId, let reason):
                state.withLock { _ = $0.cores.removeValue(forKey: executorId) }
                log("driver: executor \(executorId) removed: \(reason)")
            }
        }
    }

    private func send(_ routingId: [UInt8], _ message: ClusterMessage) {
        let loop = state.withLock { $0.loop }
        loop?.post(to: "router", frames: [routingId, MessageCodec.encode(message)])
    }

    private func signal() {
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }
}
