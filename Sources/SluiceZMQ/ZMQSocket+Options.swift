import CZeroMQ

extension ZMQSocket {
    /// A socket option and its value. Durations go to libzmq in whole milliseconds, rounded up.
    public enum Option: Sendable, Equatable {
        /// How long terminating the context waits for this socket's queued messages after
        /// `close()`; nil: forever (ZMQ_LINGER).
        case linger(Duration?)
        /// The identity peers' ROUTER sockets see for this socket: 1…255 bytes, not starting
        /// with a zero byte; set before `connect` (ZMQ_ROUTING_ID).
        case routingId([UInt8])
        /// How long `receive` blocks before failing with `isTimeout`; nil: forever (ZMQ_RCVTIMEO).
        case receiveTimeout(Duration?)
        /// How long `send` blocks before failing with `isTimeout`; nil: forever (ZMQ_SNDTIMEO).
        case sendTimeout(Duration?)
        /// At most this many outgoing messages queued per peer; 0: no limit (ZMQ_SNDHWM).
        case sendHighWaterMark(Int)
        /// At most this many incoming messages queued per peer; 0: no limit (ZMQ_RCVHWM).
        case receiveHighWaterMark(Int)
        /// The largest message, in bytes, accepted from a peer; a peer that sends a larger one is
        /// disconnected and the message dropped. nil: no limit (ZMQ_MAXMSGSIZE).
        case maxMessageSize(Int?)
        /// A ROUTER fails a send to an unknown peer with EHOSTUNREACH, and to a peer whose queue
        /// is full with EAGAIN, instead of dropping the message (ZMQ_ROUTER_MANDATORY).
        case routerMandatory(Bool)
        /// Queue messages only to completed connections: sends block (or fail with `isTimeout`)
        /// while no peer is connected (ZMQ_IMMEDIATE).
        case immediate(Bool)
        /// How often to send a ZMTP heartbeat on each connection; zero: never (ZMQ_HEARTBEAT_IVL).
        case heartbeatInterval(Duration)
        /// How long to wait for any traffic after a heartbeat before closing the connection
        /// (ZMQ_HEARTBEAT_TIMEOUT).
        case heartbeatTimeout(Duration)
        /// How long the peer should wait for traffic from this socket before closing the
        /// connection; at most 6553.5 s, in tenths of a second (ZMQ_HEARTBEAT_TTL).
        case heartbeatTTL(Duration)
        /// How long to wait before reconnecting a lost or failed connection (ZMQ_RECONNECT_IVL).
        case reconnectInterval(Duration)
        /// A SUB socket receives messages starting with these bytes; empty: all (ZMQ_SUBSCRIBE).
        case subscribe([UInt8])
        /// Undoes one `subscribe` of the same bytes (ZMQ_UNSUBSCRIBE).
        case unsubscribe([UInt8])
        /// Authenticates peers with the PLAIN mechanism as its server: every connection's
        /// handshake asks the ZAP handler of the context (`ZAPHandler`), and fails unless it
        /// accepts the peer's user name and password. Set before `bind` (ZMQ_PLAIN_SERVER).
        case plainServer(Bool)
        /// The user name this socket presents to a PLAIN server; set before `connect`
        /// (ZMQ_PLAIN_USERNAME).
        case plainUsername([UInt8])
        /// The password this socket presents to a PLAIN server; set before `connect`
        /// (ZMQ_PLAIN_PASSWORD).
        case plainPassword([UInt8])
        /// The domain a server socket names in its ZAP requests, at most 254 bytes (ZMQ_ZAP_DOMAIN).
        case zapDomain(String)
        /// How long a new connection may take to finish its handshake before it is closed; zero:
        /// for ever (ZMQ_HANDSHAKE_IVL, libzmq's default 30 s).
        case handshakeInterval(Duration)
    }

    /// Sets `option` (`zmq_setsockopt`).
    /// - Throws: `ZMQError`, EINVAL for a value libzmq rejects.
    public func set(_ option: Option) throws(ZMQError) {
        switch option {
        case .linger(let value): try setInteger(ZMQ_LINGER, "ZMQ_LINGER", value.zmqMilliseconds)
        case .routingId(let bytes): try setBytes(ZMQ_ROUTING_ID, "ZMQ_ROUTING_ID", bytes)
        case .receiveTimeout(let value): try setInteger(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO", value.zmqMilliseconds)
        case .sendTimeout(let value): try setInteger(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO", value.zmqMilliseconds)
        case .sendHighWaterMark(let count): try setInteger(ZMQ_SNDHWM, "ZMQ_SNDHWM", Int32(clamping: count))
        case .receiveHighWaterMark(let count): try setInteger(ZMQ_RCVHWM, "ZMQ_RCVHWM", Int32(clamping: count))
        case .maxMessageSize(let size): try setInteger(ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE", Int64(size ?? -1))
        case .routerMandatory(let on): try setInteger(ZMQ_ROUTER_MANDATORY, "ZMQ_ROUTER_MANDATORY", Int32(on ? 1 : 0))
        case .immediate(let on): try setInteger(ZMQ_IMMEDIATE, "ZMQ_IMMEDIATE", Int32(on ? 1 : 0))
        case .heartbeatInterval(let value):
            try setInteger(ZMQ_HEARTBEAT_IVL, "ZMQ_HEARTBEAT_IVL", value.zmqMilliseconds)
        case .heartbeatTimeout(let value):
            try setInteger(ZMQ_HEARTBEAT_TIMEOUT, "ZMQ_HEARTBEAT_TIMEOUT", value.zmqMilliseconds)
        case .heartbeatTTL(let value): try setInteger(ZMQ_HEARTBEAT_TTL, "ZMQ_HEARTBEAT_TTL", value.zmqMilliseconds)
        case .reconnectInterval(let value):
            try setInteger(ZMQ_RECONNECT_IVL, "ZMQ_RECONNECT_IVL", value.zmqMilliseconds)
        case .subscribe(let bytes): try setBytes(ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", bytes)
        case .unsubscribe(let bytes): try setBytes(ZMQ_UNSUBSCRIBE, "ZMQ_UNSUBSCRIBE", bytes)
        case .plainServer(let on): try setInteger(ZMQ_PLAIN_SERVER, "ZMQ_PLAIN_SERVER", Int32(on ? 1 : 0))
        case .plainUsername(let bytes): try setBytes(ZMQ_PLAIN_USERNAME, "ZMQ_PLAIN_USERNAME", bytes)
        case .plainPassword(let bytes): try setBytes(ZMQ_PLAIN_PASSWORD, "ZMQ_PLAIN_PASSWORD", bytes)
        case .zapDomain(let domain): try setBytes(ZMQ_ZAP_DOMAIN, "ZMQ_ZAP_DOMAIN", Array(domain.utf8))
        case .handshakeInterval(let value):
            try setInteger(ZMQ_HANDSHAKE_IVL, "ZMQ_HANDSHAKE_IVL", value.zmqMilliseconds)
        }
    }

    /// Sets each of `options`, in order.
    public func set(_ options: [Option]) throws(ZMQError) {
        for option in options { try set(option) }
    }

    /// Sets the option `name` to an `int` or `int64_t` `value`.
    private func setInteger<Value: FixedWidthInteger>(_ name: Int32, _ label: String, _ value: Value)
        throws(ZMQError)
    {
        let socket = try open("zmq_setsockopt \(label)")
        _ = try withUnsafeBytes(of: value) { (bytes: UnsafeRawBufferPointer) throws(ZMQError) -> Int32 in
            try ZMQCall.checked("zmq_setsockopt \(label)") {
                zmq_setsockopt(socket, name, bytes.baseAddress, bytes.count)
            }
        }
    }

    /// Sets the option `name` to the binary `value`.
    private func setBytes(_ name: Int32, _ label: String, _ value: [UInt8]) throws(ZMQError) {
        let socket = try open("zmq_setsockopt \(label)")
        _ = try value.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) throws(ZMQError) -> Int32 in
            try ZMQCall.checked("zmq_setsockopt \(label)") {
                zmq_setsockopt(socket, name, bytes.baseAddress, bytes.count)
            }
        }
    }
}
