/// Bounds the log store server (`sluice logstore serve`) sets on its clients, so that idle,
/// trickling or unsigned clients cannot lock others out or make it buffer what it will refuse.
/// docs/logstore.md ("Limits") lists them with what a client sees when it meets one.
public enum ServeLimits {
    /// Connections one client address may hold open at once. The next is answered 429
    /// `ExceedQuota` (SLS JSON) and closed; other addresses are not affected.
    public static let maxConnectionsPerAddress = 128

    /// From the first byte of a request to the end of its head, in milliseconds. A head still
    /// incomplete then (one trickled a byte at a time, say) is answered 408 `RequestTimeout` and
    /// its connection closed. Bytes arriving do not extend it.
    public static let requestHeadDeadlineMilliseconds: Int64 = 10_000

    /// How long a connection may wait for the first byte of its next request (after it is accepted
    /// or after its last answer), in milliseconds; then it is closed. Only that first byte ends the
    /// wait: after it the head deadline runs.
    public static let keepAliveIdleTimeoutMilliseconds: Int64 = 60_000

    /// From the end of an accepted head to the end of its body, in milliseconds; a body still
    /// incomplete then is answered 408 `RequestTimeout` and its connection closed.
    public static let requestBodyDeadlineMilliseconds: Int64 = 120_000

    /// Largest request body, as sent (compressed), in bytes: SLS's 10 MiB for PutLogs. A larger
    /// declared `Content-Length` is refused from the head (413 `PostBodyTooLarge`) before any of the
    /// body is read; a chunked body is refused as soon as it grows past it.
    public static let maxRequestBodyBytes = 10 << 20

    /// Largest request head (request line and header fields), in bytes; larger is answered 431.
    public static let maxRequestHeadBytes = 64 << 10

    /// Most header fields in one request head; more is answered 431.
    public static let maxRequestHeaderFields = 256

    /// After a request is refused before its body was read, how long the server still reads and
    /// discards what the client sends (so that the client reads the refusal rather than a reset),
    /// in milliseconds; then the connection is closed.
    public static let refusalDrainMilliseconds: Int64 = 2_000

    /// Threads that run the storage calls (reads, appends, fsync) off the event loops.
    public static let storageThreads = 16
}
