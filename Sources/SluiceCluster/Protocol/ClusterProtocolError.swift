/// An error of the cluster protocol: a malformed, truncated, oversized or unknown message.
///
/// This is the one error type of `SluiceCluster`. It describes bad *input* from the wire; the
/// shells log it and drop the message (or, for a frame from an unregistered peer, the peer).
public struct ClusterProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the input, in one sentence.
    public let message: String

    /// Creates an error carrying `message`.
    ///
    /// - Parameter message: What is wrong with the input.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
