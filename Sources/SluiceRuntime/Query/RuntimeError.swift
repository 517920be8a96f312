import SluiceCore

/// The one error type of `SluiceRuntime`: a query that cannot start or continue.
public struct RuntimeError: LocatedError, Equatable {
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
