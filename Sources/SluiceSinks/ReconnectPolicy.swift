/// When to try a lost database again: exponential backoff from `firstDelay` up to `maxDelay`,
/// with one last try at `timeout`, then giving up. Pure: the caller sleeps.
public struct ReconnectPolicy: Sendable, Equatable {
    /// The pause before the first retry, in milliseconds.
    public var firstDelayMilliseconds: Int
    /// The longest pause between tries, in milliseconds.
    public var maxDelayMilliseconds: Int
    /// How long after the first failure the last try may start, in milliseconds.
    public var timeoutMilliseconds: Int

    /// The pause before the first retry unless configured, in milliseconds.
    public static let firstDelayDefaultMilliseconds = 100
    /// The longest pause between tries unless configured, in milliseconds.
    public static let maxDelayDefaultMilliseconds = 5_000

    /// Creates a policy that gives up after `timeoutMilliseconds`.
    public init(
        timeoutMilliseconds: Int, firstDelayMilliseconds: Int = ReconnectPolicy.firstDelayDefaultMilliseconds,
        maxDelayMilliseconds: Int = ReconnectPolicy.maxDelayDefaultMilliseconds
    ) {
        self.timeoutMilliseconds = timeoutMilliseconds
        self.firstDelayMilliseconds = firstDelayMilliseconds
        self.maxDelayMilliseconds = maxDelayMilliseconds
    }

    /// The pause before retry number `attempt` (1 for the first retry), `elapsedMilliseconds`
    /// after the first failure; `nil` when it is time to give up.
    public func delay(beforeRetry attempt: Int, elapsedMilliseconds: Int) -> Int? {
        let doublings = min(max(attempt - 1, 0), 30)
        let pause = min(firstDelayMilliseconds << doublings, maxDelayMilliseconds)
        guard elapsedMilliseconds + pause <= timeoutMilliseconds else {
            let last = timeoutMilliseconds - elapsedMilliseconds
            return last > 0 ? last : nil
        }
        return pause
    }
}
