import SluiceCore

/// The one error type of `SluiceExec`: failures while evaluating a query.
public struct ExecError: LocatedError, Equatable {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        /// A user function could not be set up (model missing or invalid).
        case function
        /// A named limit was exceeded (state keys, distinct values).
        case resourcesExhausted
        /// Something the engine does not do yet.
        case unsupported
        /// Bytes from another process (a task result) that are not what they should be.
        case malformedData
        /// A broken invariant: a bug.
        case internalError
    }

    /// The kind of failure.
    public let kind: Kind
    /// What went wrong.
    public let message: String
    /// Where the failing expression was written, if known.
    public let span: SourceSpan?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at span: SourceSpan? = nil) {
        self.kind = kind
        self.message = message
        self.span = span
    }
}
