import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// A failed libzmq call: the `errno` it left and the operation that failed, e.g.
/// "zmq_bind tcp://127.0.0.1:1: Address already in use".
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error number libzmq reported: a system `errno` (EAGAIN, EINVAL…) or one of libzmq's
    /// own (ETERM, EFSM…).
    public let errno: Int32
    /// The operation that failed, naming its argument when it has one ("zmq_connect tcp://…").
    public let operation: String

    /// Creates an error for `operation` failing with `errno`.
    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
    }

    /// The operation and libzmq's wording of the error (`zmq_strerror`).
    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(errno)))"
    }

    /// A non-blocking call found nothing to do, or a send or receive timeout ran out (EAGAIN).
    public var isTimeout: Bool { errno == EAGAIN }

    /// The context was terminated: the socket must be closed now (ETERM).
    public var isTerminated: Bool { errno == ETERM }

    /// A signal interrupted the call (EINTR). The wrappers retry such calls, so this is rare.
    public var isInterrupted: Bool { errno == EINTR }

    /// The error libzmq reported for the call that just failed on this thread.
    static func last(_ operation: String) -> ZMQError {
        ZMQError(errno: zmq_errno(), operation: operation)
    }
}
