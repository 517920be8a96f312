/// Bounds on what a client accepts from its peer.
public struct HTTPLimits: Sendable, Equatable {
    /// Largest message head (status line plus header fields and the blank line), in bytes.
    /// Default 64 KiB.
    public var maxHeaderBytes: Int
    /// Largest message body, in bytes (after chunked decoding). Default 64 MiB.
    public var maxBodyBytes: Int

    /// Limits with the defaults: 64 KiB heads, 64 MiB bodies.
    public init(maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 64 * 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
