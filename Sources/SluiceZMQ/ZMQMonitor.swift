import CZeroMQ

/// An event of a socket's monitor (`ZMQSocket.monitor`): a connection made, lost, or a
/// handshake that failed.
public struct ZMQMonitorEvent: Sendable, Equatable {
    /// Kinds of events, as a set to choose which ones a monitor reports.
    public struct Kind: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// A connection was made (ZMQ_EVENT_CONNECTED).
        public static let connected = Kind(rawValue: ZMQ_EVENT_CONNECTED)
        /// A connection was lost (ZMQ_EVENT_DISCONNECTED).
        public static let disconnected = Kind(rawValue: ZMQ_EVENT_DISCONNECTED)
        /// The security handshake succeeded (ZMQ_EVENT_HANDSHAKE_SUCCEEDED).
        public static let handshakeSucceeded = Kind(rawValue: ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        /// The peer's ZAP handler refused the credentials; `value` is its status code, e.g. 400
        /// (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH).
        public static let handshakeFailedAuth = Kind(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
        /// The handshake broke the protocol, e.g. the two sides use different mechanisms
        /// (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL).
        public static let handshakeFailedProtocol = Kind(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
        /// The handshake failed for another reason (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL).
        public static let handshakeFailedNoDetail = Kind(rawValue: ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
    }

    /// What happened: one kind.
    public let kind: Kind
    /// The event's value (a file descriptor, an errno, a ZAP status code, by kind).
    public let value: UInt32
    /// The endpoint concerned.
    public let endpoint: String

    /// Parses the two frames a monitor socket receives: a 16-bit event number and a 32-bit
    /// value (native byte order), then the endpoint. Nil for anything else.
    public init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let head = frames[0]
        kind = Kind(rawValue: Int32(UInt16(head[0]) | UInt16(head[1]) << 8))
        value = UInt32(head[2]) | UInt32(head[3]) << 8 | UInt32(head[4]) << 16 | UInt32(head[5]) << 24
        endpoint = String(decoding: frames[1], as: UTF8.self)
    }
}

extension ZMQSocket {
    /// Publishes this socket's `events` on a PAIR socket bound at `endpoint` (an `inproc://`
    /// name unique in the context), which a PAIR socket of the same context connects to and
    /// reads `ZMQMonitorEvent`s from (`zmq_socket_monitor`). Call before `connect` or `bind`
    /// to see their first events.
    public func monitor(_ endpoint: String, events: ZMQMonitorEvent.Kind) throws(ZMQError) {
        let socket = try open("zmq_socket_monitor")
        try ZMQCall.checked("zmq_socket_monitor \(endpoint)") { zmq_socket_monitor(socket, endpoint, events.rawValue) }
    }
}
