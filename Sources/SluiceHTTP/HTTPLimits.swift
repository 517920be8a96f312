/// Bounds on what a server or a client accepts from its peer.
public struct HTTPLimits: Sendable, Equatable {
    /// Largest message head (request or status line plus header fields and the blank line), in
    /// bytes. Default 64 KiB. A server answers a larger head with 431.
    public var maxHeaderBytes: Int
    /// Largest message body, in bytes (after chunked decoding). Default 64 MiB. A server answers
    /// a larger body with 413.
    public var maxBodyBytes: Int
    /// How long a connection may sit without a byte arriving (and how long a write may block)
    /// before the server closes it. Default 60 seconds.
    public var idleTimeout: Duration
    /// Most connections a server serves at once; beyond them it answers 503 and closes. Default 256.
    public var maxConnections: Int

    /// Limits with the defaults: 64 KiB heads, 64 MiB bodies, 60 s idle timeout, 256 connections.
    public init(
        maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024, idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 256
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
