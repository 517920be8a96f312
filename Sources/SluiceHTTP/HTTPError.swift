#if canImport(Glibc)
    import Glibc
#endif

/// The one error type of `SluiceHTTP`: what kind of failure, and a message naming the peer
/// (`host:port`) when there is one, e.g. "cannot connect to 127.0.0.1:9: connection refused".
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    public enum Kind: Sendable, Hashable {
        /// Nothing listens at the address: the peer refused the connection.
        case connectionRefused
        /// The host name did not resolve to an address.
        case resolveFailed
        /// There is no route to the host or its network.
        case hostUnreachable
        /// A connect, read or write outlasted its timeout.
        case timedOut
        /// The peer closed or reset the connection.
        case connectionClosed
        /// Bytes that are not a valid HTTP/1.x message.
        case malformedMessage
        /// A message head or body larger than the configured `HTTPLimits`.
        case messageTooLarge
        /// Any other failed system call, with its `errno`.
        case io(errno: Int32)
    }

    /// What failed.
    public let kind: Kind
    /// What failed, in words, naming the peer when there is one.
    public let message: String

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// The same error with `context` in front of its message ("context: message").
    func prefixed(_ context: String) -> HTTPError {
        HTTPError(kind, "\(context): \(message)")
    }

    /// A malformed message, described by `message`.
    static func malformed(_ message: String) -> HTTPError {
        HTTPError(.malformedMessage, message)
    }

    /// A message over a limit, described by `message`.
    static func tooLarge(_ message: String) -> HTTPError {
        HTTPError(.messageTooLarge, message)
    }

    /// The error for a failed system call's `errno`, its message the system's wording.
    static func system(_ code: Int32) -> HTTPError {
        switch code {
        case ECONNREFUSED: HTTPError(.connectionRefused, "connection refused")
        case EAGAIN, ETIMEDOUT: HTTPError(.timedOut, "timed out")
        case EHOSTUNREACH, ENETUNREACH: HTTPError(.hostUnreachable, describe(errno: code))
        case ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN: HTTPError(.connectionClosed, describe(errno: code))
        default: HTTPError(.io(errno: code), describe(errno: code))
        }
    }

    /// The system's description of `code`, starting lower-case ("connection reset by peer").
    static func describe(errno code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
