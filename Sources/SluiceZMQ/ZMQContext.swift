import CZeroMQ
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A libzmq context: the I/O threads and the `inproc://` namespace its sockets share.
///
/// A context is thread-safe: share one per process (or per component) among all threads and
/// tasks. Every `ZMQSocket` keeps its context alive, so the context is terminated when it is no
/// longer referenced and its sockets are gone, or earlier by `terminate()`.
public final class ZMQContext: Sendable {
    /// The libzmq context. Valid until `terminate()` has called `zmq_ctx_term`, after which
    /// no socket is created on it (see `makeSocket`).
    private nonisolated(unsafe) let handle: UnsafeMutableRawPointer
    /// Whether `terminate()` has started; guards socket creation against a terminated context.
    private let terminated = Mutex(false)

    /// Creates a context with `ioThreads` background I/O threads.
    ///
    /// - Parameter blocky: true (libzmq's default) makes new sockets linger forever on close, so
    ///   that terminating the context waits until their queued messages are sent; false gives new
    ///   sockets a linger of zero, so that termination never waits (ZMQ_BLOCKY).
    /// - Throws: `ZMQError` when libzmq cannot create the context or rejects an option.
    public init(ioThreads: Int = 1, blocky: Bool = true) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        do {
            try ZMQCall.checked("zmq_ctx_set ZMQ_IO_THREADS") {
                zmq_ctx_set(handle, ZMQ_IO_THREADS, Int32(clamping: ioThreads))
            }
            try ZMQCall.checked("zmq_ctx_set ZMQ_BLOCKY") { zmq_ctx_set(handle, ZMQ_BLOCKY, blocky ? 1 : 0) }
        } catch {
            _ = zmq_ctx_term(handle)
            throw error
        }
        self.handle = handle
    }

    deinit {
        terminate()
    }

    /// Terminates the context (`zmq_ctx_term`): blocking calls on its sockets in other threads
    /// fail with `ZMQError.isTerminated`, new sockets cannot be created, and the call returns once
    /// every socket is closed and has sent what its linger allows. Idempotent: later calls
    /// return at once.
    public func terminate() {
        let first = terminated.withLock { terminated in
            defer { terminated = true }
            return !terminated
        }
        guard first else { return }
        _ = try? ZMQCall.checked("zmq_ctx_term") { zmq_ctx_term(handle) }
    }

    /// Whether `terminate()` has been called.
    public var isTerminated: Bool {
        terminated.withLock { $0 }
    }

    /// A new libzmq socket of `type` (ZMQ_ROUTER…), owned by the caller.
    /// - Throws: `ZMQError.isTerminated` once `terminate()` was called, or libzmq's error.
    func makeSocket(type: Int32) throws(ZMQError) -> UnsafeMutableRawPointer {
        // The address travels out of the lock as an integer: the error number is read inside.
        let outcome = terminated.withLock { terminated -> Result<UInt, ZMQError> in
            guard !terminated else { return .failure(ZMQError(errno: ETERM, operation: "zmq_socket")) }
            guard let socket = zmq_socket(handle, type) else { return .failure(ZMQError.last("zmq_socket")) }
            return .success(UInt(bitPattern: socket))
        }
        return UnsafeMutableRawPointer(bitPattern: try outcome.get())!
    }
}
