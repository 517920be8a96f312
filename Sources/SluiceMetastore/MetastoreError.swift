import SluiceCore

/// The one error type of `SluiceMetastore`: the metastore directory cannot be used.
public struct MetastoreError: LocatedError, Equatable {
    /// What went wrong, naming the path.
    public let message: String
    /// Metastore errors are not about a spot in a script.
    public var span: SourceSpan? { nil }

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }
}
