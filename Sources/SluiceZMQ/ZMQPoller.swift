import CZeroMQ

/// One thing for `ZMQPoll` to wait on: a socket or a plain file descriptor, and the events of
/// interest. Holds its socket, so it is confined to that socket's thread too.
public struct ZMQPollItem {
    /// Readiness to wait for.
    public struct Events: OptionSet, Sendable, Hashable {
        /// libzmq's ZMQ_POLLIN / ZMQ_POLLOUT bits.
        public let rawValue: Int16

        /// Creates a set from libzmq's ZMQ_POLLIN / ZMQ_POLLOUT bits.
        public init(rawValue: Int16) {
            self.rawValue = rawValue
        }

        /// A message (socket) or bytes (descriptor) can be read without blocking.
        public static let readable = Events(rawValue: Int16(ZMQ_POLLIN))
        /// A message can be sent without blocking.
        public static let writable = Events(rawValue: Int16(ZMQ_POLLOUT))
    }

    /// What is polled.
    public enum Source {
        /// A libzmq socket.
        case socket(ZMQSocket)
        /// A file descriptor (a pipe, a TCP socket…).
        case descriptor(Int32)
    }

    /// What is polled.
    public let source: Source
    /// The events of interest.
    public let events: Events

    /// Polls `socket` for `events`.
    public init(socket: ZMQSocket, events: Events = .readable) {
        source = .socket(socket)
        self.events = events
    }

    /// Polls the file descriptor `descriptor` for `events`.
    public init(descriptor: Int32, events: Events = .readable) {
        source = .descriptor(descriptor)
        self.events = events
    }
}

/// Waiting on several sockets and descriptors at once (`zmq_poll`).
public enum ZMQPoll {
    /// Waits until at least one of `items` is ready or `timeout` passes (nil: no limit; zero:
    /// just look), and tells which items are readable.
    /// - Returns: per item, in order, whether it is readable.
    /// - Throws: `ZMQError`: `isTerminated` when a socket's context was terminated, ENOTSOCK for
    ///   a closed socket.
    public static func poll(_ items: [ZMQPollItem], timeout: Duration?) throws(ZMQError) -> [Bool] {
        try pollEvents(items, timeout: timeout).map { $0.contains(.readable) }
    }

    /// Waits like `poll` and tells, per item, which of its events of interest are ready.
    /// An interrupted wait is restarted with the whole `timeout`.
    public static func pollEvents(_ items: [ZMQPollItem], timeout: Duration?) throws(ZMQError)
        -> [ZMQPollItem.Events]
    {
        var entries: [zmq_pollitem_t] = []
        entries.reserveCapacity(items.count)
        for item in items {
            switch item.source {
            case .socket(let socket):
                let handle = try socket.open("zmq_poll")
                entries.append(zmq_pollitem_t(socket: handle, fd: 0, events: item.events.rawValue, revents: 0))
            case .descriptor(let descriptor):
                entries.append(zmq_pollitem_t(socket: nil, fd: descriptor, events: item.events.rawValue, revents: 0))
            }
        }
        let milliseconds = Int(timeout.zmqMilliseconds)
        let count = Int32(entries.count)
        try ZMQCall.checked("zmq_poll") { zmq_poll(&entries, count, milliseconds) }
        return zip(items, entries).map { item, entry in
            ZMQPollItem.Events(rawValue: entry.revents).intersection(item.events)
        }
    }
}
