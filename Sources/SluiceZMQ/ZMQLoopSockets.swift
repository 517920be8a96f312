/// The named sockets of a `ZMQLoop`, as its handlers see them on the loop thread.
///
/// Not `Sendable`: it exists on the loop thread only, where `onMessage` and `onTick` receive it.
/// `send(to:_:)` queues behind what was posted earlier and never blocks the loop; a message a
/// socket cannot take yet (high-water mark, no peer) waits for the socket to become writable.
public final class ZMQLoopSockets {
    /// The messages waiting for one socket, oldest first, and how the loop waits for room.
    private struct Outgoing {
        private var queue: [[[UInt8]]] = []
        private var head = 0
        /// Poll for ZMQ_POLLOUT (true) or retry on a short timer (false): a ROUTER with
        /// `routerMandatory` reports writable while the one peer a message is for is full.
        var awaitsWritable = true
        /// The last poll reported the socket writable.
        var sawWritable = false

        var isEmpty: Bool { head == queue.count }
        var first: [[UInt8]]? { isEmpty ? nil : queue[head] }

        mutating func append(_ frames: [[UInt8]]) {
            queue.append(frames)
        }

        mutating func removeFirst() {
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024, head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }

        mutating func removeAll() {
            queue = []
            head = 0
        }
    }

    /// The socket names, sorted.
    public let names: [String]
    private let sockets: [ZMQSocket]
    private let indexByName: [String: Int]
    private var outgoing: [Outgoing]

    /// Wraps `sockets`, created on the loop thread.
    init(_ sockets: [String: ZMQSocket]) {
        let sorted = sockets.keys.sorted()
        names = sorted
        self.sockets = sorted.map { sockets[$0]! }
        indexByName = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        outgoing = Array(repeating: Outgoing(), count: sorted.count)
    }

    /// The socket named `name`, for options, `connect`, `disconnect`… Sending on it directly
    /// bypasses the queue (and may block the loop); prefer `send(to:_:)`.
    public func socket(named name: String) -> ZMQSocket? {
        indexByName[name].map { sockets[$0] }
    }

    /// Queues `frames` for the socket named `name`, after every message posted or queued for it
    /// before; the loop sends it as soon as the socket can take it. A send that fails for another
    /// reason than a full queue goes to the loop's `onSendFailure`.
    public func send(to name: String, _ frames: [[UInt8]]) {
        guard let index = indexByName[name] else { preconditionFailure("ZMQLoop has no socket named \(name)") }
        outgoing[index].append(frames)
    }

    // MARK: For the loop

    /// How many sockets there are.
    var count: Int { sockets.count }

    /// The socket at `index`, in `names` order.
    func socket(at index: Int) -> ZMQSocket { sockets[index] }

    /// What to poll the socket at `index` for.
    func pollEvents(at index: Int) -> ZMQPollItem.Events {
        outgoing[index].isEmpty || !outgoing[index].awaitsWritable ? .readable : [.readable, .writable]
    }

    /// Whether a socket waits for room on a timer rather than for ZMQ_POLLOUT.
    var needsRetryTimer: Bool {
        outgoing.contains { !$0.isEmpty && !$0.awaitsWritable }
    }

    /// Notes that the last poll found the socket at `index` writable.
    func noteWritable(at index: Int) {
        outgoing[index].sawWritable = true
    }

    /// Sends, without blocking, all queued messages each socket can take now, in order.
    /// Messages failing for another reason than EAGAIN are dropped and reported to `onFailure`.
    func flush(onFailure: (ZMQLoop.Message, ZMQError) -> Void) {
        for index in outgoing.indices where !outgoing[index].isEmpty {
            var progressed = false
            while let frames = outgoing[index].first {
                do {
                    try sockets[index].send(frames, dontWait: true)
                } catch let error where error.isTimeout {
                    break
                } catch {
                    onFailure(ZMQLoop.Message(socket: names[index], frames: frames), error)
                }
                outgoing[index].removeFirst()
                progressed = true
            }
            if outgoing[index].isEmpty || progressed {
                outgoing[index].awaitsWritable = true
            } else if outgoing[index].sawWritable {
                outgoing[index].awaitsWritable = false
            }
            outgoing[index].sawWritable = false
        }
    }

    /// Closes every socket (each with its own linger) and drops what is still queued.
    func closeAll() {
        for socket in sockets { socket.close() }
        for index in outgoing.indices { outgoing[index].removeAll() }
    }
}

/// The loop's sockets exist on the loop thread only: never `Sendable`.
@available(*, unavailable)
extension ZMQLoopSockets: Sendable {}
