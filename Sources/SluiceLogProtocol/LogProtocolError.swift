/// An error in SLS wire data: malformed protobuf, a bad cursor, an unparsable key.
///
/// This is the one error type of `SluiceLogProtocol`. It describes bad *input*; callers that
/// answer HTTP requests map it to an `SLSError` (usually `PostBodyInvalid` or `InvalidCursor`).
public struct LogProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
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
