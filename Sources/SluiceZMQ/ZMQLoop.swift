/// A dedicated OS thread that owns a set of named ZMQ sockets and polls them, so that the rest of
/// the program (any thread, any task) uses those sockets without blocking anything but that
/// thread, and without breaking libzmq's one-thread-per-socket rule.
///
/// Threading rules:
/// - `setup` runs once, on the loop thread, and creates the sockets there (binds, connects,
///   options); they never leave that thread. `init` waits for it and rethrows its error.
/// - `post(to:frames:)`, `messages()`, `stop()` and `failure` may be called from any thread or
///   task. `post` queues the message and wakes the loop through a pipe; the loop thread sends
///   it, in posting order, as soon as the socket can take it, never blocking.
/// - `onMessage`, `onTick` and `onSendFailure` run on the loop thread, one at a time; they get
///   the `ZMQLoopSockets`, which only exists there, to queue replies or reach the sockets. They
///   must not block for long: the loop does nothing else meanwhile.
/// - `stop()` wakes the loop, which sends what it can of what was posted, closes its sockets
///   (their linger applies when the context terminates), ends the `messages()` streams and the
///   thread; `stop()` returns when that is done. Releasing the loop stops it too.
///
/// A loop ends on its own, with `failure` set, when a socket call fails for good, e.g. when the
/// context is terminated (`ZMQError.isTerminated`).
public final class ZMQLoop: Sendable {
    /// A message: the name of the socket it came from or goes to, and its frames (on a ROUTER
    /// the first frame is the peer's routing id).
    public struct Message: Sendable, Equatable {
        /// The socket's name, as `setup` named it.
        public var socket: String
        /// The frames.
        public var frames: [[UInt8]]

        /// Creates a message of `frames` for or from the socket named `socket`.
        public init(socket: String, frames: [[UInt8]]) {
            self.socket = socket
            self.frames = frames
        }
    }

    /// Creates the loop's sockets, by name, on the loop thread, from the context it is given.
    public typealias Setup = @Sendable (ZMQContext) throws -> [String: ZMQSocket]

    /// The context the sockets live in.
    public let context: ZMQContext
    /// The socket names `setup` returned, sorted.
    public let socketNames: [String]
    private let mailbox: ZMQMailbox
    private let subscribers: ZMQLoopSubscribers
    private let lifecycle: ZMQLoopLifecycle

    /// Starts the loop thread, runs `setup` there and waits for it.
    ///
    /// - Parameters:
    ///   - tickInterval: how often to call `onTick` (for timers, heartbeats…); nil: never.
    ///   - setup: creates the sockets; see `Setup`.
    ///   - onMessage: called on the loop thread with each message received on any socket.
    ///   - onTick: called on the loop thread about every `tickInterval`.
    ///   - onSendFailure: called on the loop thread with a message that could not be sent for
    ///     another reason than a full queue (e.g. EHOSTUNREACH from a ROUTER with
    ///     `routerMandatory`); the message is dropped.
    /// - Throws: what `setup` threw, or `ZMQError` when the thread or its pipe cannot be made.
    public init(
        context: ZMQContext,
        tickInterval: Duration? = nil,
        setup: @escaping Setup,
        onMessage: @escaping @Sendable (Message, ZMQLoopSockets) -> Void = { _, _ in },
        onTick: @escaping @Sendable (ZMQLoopSockets) -> Void = { _ in },
        onSendFailure: @escaping @Sendable (Message, ZMQError) -> Void = { _, _ in }
    ) throws {
        let mailbox = try ZMQMailbox()
        let subscribers = ZMQLoopSubscribers()
        let lifecycle = ZMQLoopLifecycle()
        let handlers = ZMQLoopHandlers(onMessage: onMessage, onTick: onTick, onSendFailure: onSendFailure)
        do {
            try ZMQThread.start(detached: true) {
                ZMQLoop.runThread(
                    context: context, setup: setup, handlers: handlers, tickInterval: tickInterval,
                    mailbox: mailbox, subscribers: subscribers, lifecycle: lifecycle)
            }
        } catch {
            lifecycle.ended(failure: error)
            throw error
        }
        socketNames = try lifecycle.awaitStartup()
        self.context = context
        self.mailbox = mailbox
        self.subscribers = subscribers
        self.lifecycle = lifecycle
    }

    deinit {
        stop()
    }

    /// Queues `frames` for the socket named `socketName` (one of `socketNames`) and wakes the
    /// loop, which sends them after everything posted before. Thread-safe, never blocks on the
    /// socket.
    /// - Returns: false, dropping the message, once the loop is stopping or has ended.
    @discardableResult
    public func post(to socketName: String, frames: [[UInt8]]) -> Bool {
        precondition(socketNames.contains(socketName), "ZMQLoop has no socket named \(socketName)")
        return mailbox.post(Message(socket: socketName, frames: frames))
    }

    /// A stream of every message received from now on, on any socket; it finishes when the
    /// loop ends (at once if it has). Each call makes a new stream with its own unbounded buffer.
    public func messages() -> AsyncStream<Message> {
        subscribers.subscribe()
    }

    /// Stops the loop and waits until its thread has closed the sockets and ended. Idempotent;
    /// from the loop thread itself (in a handler) it only asks, and the loop ends after the
    /// handler returns.
    public func stop() {
        mailbox.requestStop()
        guard !lifecycle.isLoopThread else { return }
        lifecycle.awaitEnd()
    }

    /// The error that ended the loop on its own (not by `stop()`), if it did.
    public var failure: ZMQError? {
        lifecycle.failure
    }

    /// The loop thread's whole life: setup, the loop, the teardown.
    private static func runThread(
        context: ZMQContext, setup: Setup, handlers: ZMQLoopHandlers, tickInterval: Duration?,
        mailbox: ZMQMailbox, subscribers: ZMQLoopSubscribers, lifecycle: ZMQLoopLifecycle
    ) {
        lifecycle.enter()
        let sockets: ZMQLoopSockets
        do {
            sockets = ZMQLoopSockets(try setup(context))
        } catch {
            mailbox.requestStop()
            subscribers.finish()
            lifecycle.startupFinished(.failure(error))
            lifecycle.ended(failure: nil)
            return
        }
        lifecycle.startupFinished(.success(sockets.names))
        let runner = ZMQLoopRunner(
            sockets: sockets, mailbox: mailbox, subscribers: subscribers, handlers: handlers, tickInterval: tickInterval)
        let failure = runner.run()
        // After a failure: refuse later posts (after `stop()` they already are).
        mailbox.requestStop()
        sockets.closeAll()
        subscribers.finish()
        lifecycle.ended(failure: failure)
    }
}
