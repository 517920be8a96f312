/// A ZAP request (ZeroMQ RFC 27): what libzmq asks a context's ZAP handler when a peer's
/// handshake reaches a socket with a security mechanism (e.g. `Option.plainServer`).
public struct ZAPRequest: Sendable, Equatable {
    /// The request id, echoed in the reply.
    public let requestId: [UInt8]
    /// The server socket's ZAP domain (`Option.zapDomain`).
    public let domain: String
    /// The peer's address, e.g. "127.0.0.1".
    public let address: String
    /// The mechanism: "NULL", "PLAIN" or "CURVE".
    public let mechanism: String
    /// The mechanism's credentials: for PLAIN the user name and the password.
    public let credentials: [[UInt8]]

    /// Parses the frames of a request as a ROUTER bound to `ZAPHandler.endpoint` receives them:
    /// routing id, empty delimiter, "1.0", request id, domain, address, identity, mechanism,
    /// credentials. Nil when they are not a ZAP 1.0 request.
    init?(routed frames: [[UInt8]]) {
        guard frames.count >= 8, frames[1].isEmpty, frames[2] == Array("1.0".utf8) else { return nil }
        requestId = frames[3]
        domain = String(decoding: frames[4], as: UTF8.self)
        address = String(decoding: frames[5], as: UTF8.self)
        mechanism = String(decoding: frames[7], as: UTF8.self)
        credentials = Array(frames[8...])
    }
}

/// The ZAP handler of one context: a ROUTER bound to `endpoint` that answers every handshake
/// of the context's server sockets, here for the PLAIN mechanism with one password.
///
/// Create its socket with `makeSocket` before the server socket binds (a handshake without a
/// handler fails), own it in a `ZMQLoop`, and answer each message it receives with `answer`.
/// ZAP's own messages never leave the process (inproc); the peer learns only that it failed.
public struct ZAPHandler: Sendable {
    /// Where libzmq sends ZAP requests, in every context.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// The password PLAIN peers must present.
    private let password: [UInt8]
    /// The domain server sockets name (`Option.zapDomain`); requests for another are refused.
    public let domain: String

    /// A handler accepting PLAIN peers that present `password` (any user name) to sockets of `domain`.
    public init(plainPassword password: [UInt8], domain: String) {
        self.password = password
        self.domain = domain
    }

    /// The outcome of one request, for the caller's count and log.
    public struct Decision: Sendable, Equatable {
        /// The request, when the message was one.
        public let request: ZAPRequest?
        /// Whether the peer is let in.
        public let accepted: Bool
        /// The frames to send back on the handler's socket (nil for a message that is not a request).
        public let reply: [[UInt8]]?
    }

    /// Creates the handler's socket in `context`, bound to `endpoint`. Call on the thread that
    /// will own it (a `ZMQLoop`'s setup).
    public static func makeSocket(context: ZMQContext) throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context: context, kind: .router, options: [.linger(.zero)])
        try socket.bind(endpoint)
        return socket
    }

    /// Answers `frames`, as received on the handler's socket: 200 for a PLAIN peer of `domain`
    /// with the password (compared in constant time), 400 for anything else.
    public func answer(_ frames: [[UInt8]]) -> Decision {
        guard let request = ZAPRequest(routed: frames) else { return Decision(request: nil, accepted: false, reply: nil) }
        let accepted =
            request.domain == domain && request.mechanism == "PLAIN" && request.credentials.count == 2
            && Self.constantTimeEquals(request.credentials[1], password)
        let status = accepted ? ("200", "OK") : ("400", "invalid credentials")
        let userId = accepted ? request.credentials[0] : []
        let reply: [[UInt8]] = [
            frames[0], [], Array("1.0".utf8), request.requestId, Array(status.0.utf8), Array(status.1.utf8), userId, [],
        ]
        return Decision(request: request, accepted: accepted, reply: reply)
    }

    /// Whether both are equal, in time that depends on their lengths only.
    static func constantTimeEquals(_ received: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = received.count == expected.count ? 0 : 1
        for index in 0..<expected.count {
            let byte = index < received.count ? received[index] : ~expected[index]
            difference |= byte ^ expected[index]
        }
        return difference == 0
    }
}
