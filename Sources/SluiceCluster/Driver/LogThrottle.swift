/// Counts recurring events (bad frames, refused handshakes) and says when to log them: at most
/// once per `intervalMillis`, with how many happened since the last line, so that a peer
/// flooding the driver cannot flood its log.
public struct LogThrottle: Sendable, Equatable {
    /// The shortest time between two lines, in milliseconds.
    public let intervalMillis: Int64
    /// Events not yet reported.
    public private(set) var pending = 0
    /// Events ever noted.
    public private(set) var total = 0
    /// When the last line was due, in milliseconds; nil before the first.
    private var lastReportMillis: Int64?

    /// A throttle of one line per `intervalMillis` (1000: once a second).
    public init(intervalMillis: Int64 = 1_000) {
        self.intervalMillis = intervalMillis
    }

    /// Notes one event at `now` (milliseconds); returns how many events to report in a line
    /// now (this one included), or nil when a line was written less than the interval ago.
    public mutating func note(now: Int64) -> Int? {
        pending += 1
        total += 1
        return due(now: now)
    }

    /// The count to report at `now` when events are pending and the interval has passed since
    /// the last line (call on a timer so that the last events of a burst are reported too).
    public mutating func due(now: Int64) -> Int? {
        guard pending > 0 else { return nil }
        if let last = lastReportMillis, now - last < intervalMillis { return nil }
        let count = pending
        pending = 0
        lastReportMillis = now
        return count
    }
}
