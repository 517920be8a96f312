import SluiceCore

/// The one error type of `SluiceConnectors`: a source or sink that cannot be opened, read or
/// written.
public struct ConnectorError: LocatedError, Equatable {
    /// What went wrong.
    public let message: String
    /// Where in the script, when the error is about a statement.
    public let span: SourceSpan?

    /// Creates an error.
    public init(_ message: String, at span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }
}
