/// Bytes that are not what a binary codec expects: truncated, trailing, a length past the end,
/// a varint out of form, invalid UTF-8. The one error type of `SluiceCore`; each codec turns it
/// into its own module's error, keeping the message.
public struct ByteFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the bytes, in one sentence, naming the field and its offset.
    public let message: String

    /// Creates an error carrying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
