/// The deadlines a server enforces, in milliseconds: `standard` holds the `ServeLimits` values;
/// tests shorten them to watch each one act.
struct ServeTiming: Sendable {
    /// From a request's first byte to the end of its head.
    var requestHeadDeadlineMilliseconds: Int64
    /// Waiting for the first byte of the next request.
    var keepAliveIdleTimeoutMilliseconds: Int64
    /// From an accepted head to the end of its body.
    var requestBodyDeadlineMilliseconds: Int64
    /// Reading and discarding after a refusal, before closing.
    var refusalDrainMilliseconds: Int64

    static let standard = ServeTiming(
        requestHeadDeadlineMilliseconds: ServeLimits.requestHeadDeadlineMilliseconds,
        keepAliveIdleTimeoutMilliseconds: ServeLimits.keepAliveIdleTimeoutMilliseconds,
        requestBodyDeadlineMilliseconds: ServeLimits.requestBodyDeadlineMilliseconds,
        refusalDrainMilliseconds: ServeLimits.refusalDrainMilliseconds)
}
