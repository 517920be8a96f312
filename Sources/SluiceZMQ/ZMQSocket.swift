import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// A libzmq socket.
///
/// **Confined to the creating thread.** libzmq sockets are not thread-safe, so a `ZMQSocket`
/// is not `Sendable` and must be created, used and closed on one thread: debug builds assert
/// that every call comes from the thread that created it. Do not use one from an `async`
/// function that suspends between calls (it may resume on another thread); give sockets a thread
/// of their own instead, or let a `ZMQLoop` own them.
///
/// Calls that can fail throw `ZMQError`; calls interrupted by a signal are retried. The socket
/// is closed by `close()` or when it is released, and keeps its `ZMQContext` alive until then.
public final class ZMQSocket {
    /// The socket type (ZMQ_ROUTER, ZMQ_DEALER…).
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// Routes by peer routing id: received messages start with the sender's id, sent ones
        /// with the recipient's.
        case router
        /// Sends round-robin to its peers and receives fairly from them, with no envelope.
        case dealer
        /// Strict request, then reply, client.
        case req
        /// Strict request, then reply, server.
        case rep
        /// One exclusive peer.
        case pair
        /// Publishes to all subscribers; drops what a slow subscriber cannot take.
        case pub
        /// Subscribes to a publisher's messages by prefix (see `Option.subscribe`).
        case sub
        /// Sends round-robin to pullers, pipeline style.
        case push
        /// Receives fairly from pushers.
        case pull

        /// The libzmq constant.
        var code: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .dealer: ZMQ_DEALER
            case .req: ZMQ_REQ
            case .rep: ZMQ_REP
            case .pair: ZMQ_PAIR
            case .pub: ZMQ_PUB
            case .sub: ZMQ_SUB
            case .push: ZMQ_PUSH
            case .pull: ZMQ_PULL
            }
        }
    }

    /// The socket type.
    public let kind: Kind
    /// The context the socket belongs to, kept alive by the socket.
    public let context: ZMQContext
    /// The libzmq socket; nil once closed.
    private var handle: UnsafeMutableRawPointer?
    #if DEBUG
        /// The thread that created the socket, the only one allowed to use it.
        private let owner = pthread_self()
    #endif

    /// Creates a socket of `kind` in `context` and sets `options` on it, in order.
    /// - Throws: `ZMQError` when the context is terminated or an option is rejected.
    public init(context: ZMQContext, kind: Kind, options: [Option] = []) throws(ZMQError) {
        self.context = context
        self.kind = kind
        handle = try context.makeSocket(type: kind.code)
        do {
            for option in options { try set(option) }
        } catch {
            close(linger: .zero)
            throw error
        }
    }

    deinit {
        // A release may happen anywhere; closing from another thread is safe when nothing else
        // uses the socket any more, which is the case once it is released.
        if let handle { _ = zmq_close(handle) }
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { handle == nil }

    // MARK: Endpoints

    /// Accepts connections on `endpoint`, e.g. "tcp://127.0.0.1:*" (an ephemeral port, see
    /// `lastEndpoint`), "tcp://*:5555" or "inproc://name".
    public func bind(_ endpoint: String) throws(ZMQError) {
        let socket = try open("zmq_bind")
        try ZMQCall.checked("zmq_bind \(endpoint)") { zmq_bind(socket, endpoint) }
    }

    /// Connects to `endpoint`, e.g. "tcp://127.0.0.1:5555". The connection is made, and remade
    /// after failures, in the background: this returns at once.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let socket = try open("zmq_connect")
        try ZMQCall.checked("zmq_connect \(endpoint)") { zmq_connect(socket, endpoint) }
    }

    /// Stops accepting on `endpoint`, as bound (for a wildcard bind: as `lastEndpoint` reported).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        let socket = try open("zmq_unbind")
        try ZMQCall.checked("zmq_unbind \(endpoint)") { zmq_unbind(socket, endpoint) }
    }

    /// Drops the connection to `endpoint`, as connected.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let socket = try open("zmq_disconnect")
        try ZMQCall.checked("zmq_disconnect \(endpoint)") { zmq_disconnect(socket, endpoint) }
    }

    /// The endpoint last bound or connected (ZMQ_LAST_ENDPOINT), with the port chosen for a
    /// wildcard bind: "tcp://127.0.0.1:41234".
    public var lastEndpoint: String {
        get throws(ZMQError) {
            let socket = try open("zmq_getsockopt ZMQ_LAST_ENDPOINT")
            var buffer = [UInt8](repeating: 0, count: 1024)
            var size = buffer.count
            try ZMQCall.checked("zmq_getsockopt ZMQ_LAST_ENDPOINT") {
                zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, &buffer, &size)
            }
            let text = buffer.prefix(min(size, buffer.count)).prefix { $0 != 0 }
            return String(decoding: text, as: UTF8.self)
        }
    }

    // MARK: Messages

    /// Sends one message of `frames` (at least one; empty frames are fine), all or nothing:
    /// every frame but the last goes with ZMQ_SNDMORE. Blocks while the socket cannot take the
    /// message (high-water mark, no peer), up to the send timeout.
    /// - Parameter dontWait: fail with `isTimeout` instead of blocking.
    /// - Throws: `ZMQError`: `isTimeout` when the message could not be queued in time, EINVAL for
    ///   no frames, EHOSTUNREACH for an unknown peer on a ROUTER with `routerMandatory`.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) {
        let socket = try open("zmq_send")
        guard !frames.isEmpty else { throw ZMQError(errno: EINVAL, operation: "zmq_send (no frames)") }
        let last = frames.count - 1
        for (index, frame) in frames.enumerated() {
            let flags = (index < last ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
            try frame.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(ZMQError) -> Void in
                try ZMQCall.checked("zmq_send") { zmq_send(socket, bytes.baseAddress, bytes.count, flags) }
            }
        }
    }

    /// Receives one message: all its frames. Blocks until one arrives, up to the receive timeout.
    /// On a ROUTER the first frame is the sender's routing id.
    /// - Parameter dontWait: fail with `isTimeout` instead of blocking.
    /// - Throws: `ZMQError`: `isTimeout` when no message came in time.
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]] {
        let socket = try open("zmq_msg_recv")
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        var frames: [[UInt8]] = []
        var flags = dontWait ? ZMQ_DONTWAIT : 0
        var more = true
        while more {
            _ = zmq_msg_init(message)
            defer { _ = zmq_msg_close(message) }
            try ZMQCall.checked("zmq_msg_recv") { zmq_msg_recv(message, socket, flags) }
            let size = zmq_msg_size(message)
            frames.append(size == 0 ? [] : [UInt8](UnsafeRawBufferPointer(start: zmq_msg_data(message), count: size)))
            more = zmq_msg_more(message) != 0
            // The rest of a message arrives with its first frame: never a wait.
            flags = 0
        }
        return frames
    }

    // MARK: Closing

    /// Closes the socket, first setting its linger (how long the context's termination waits
    /// for queued messages) when `linger` is given. Idempotent.
    public func close(linger: Duration? = nil) {
        assertConfined()
        guard let socket = handle else { return }
        if let linger { try? set(.linger(linger)) }
        _ = zmq_close(socket)
        handle = nil
    }

    // MARK: Internal

    /// The open libzmq socket, for a call named `operation`, on the creating thread.
    /// - Throws: ENOTSOCK once the socket is closed.
    func open(_ operation: @autoclosure () -> String) throws(ZMQError) -> UnsafeMutableRawPointer {
        assertConfined()
        guard let handle else { throw ZMQError(errno: ENOTSOCK, operation: operation()) }
        return handle
    }

    /// Stops a debug build when the socket is used off its creating thread.
    private func assertConfined() {
        #if DEBUG
            assert(pthread_equal(owner, pthread_self()) != 0, "a ZMQSocket is used off the thread that created it")
        #endif
    }
}

/// A socket belongs to its creating thread: never `Sendable`.
@available(*, unavailable)
extension ZMQSocket: Sendable {}
