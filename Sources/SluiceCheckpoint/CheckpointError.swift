import SluiceCore

/// The one error type of `SluiceCheckpoint`: the checkpoint directory cannot be used or does
/// not belong to this query.
public struct CheckpointError: LocatedError, Equatable {
    /// What went wrong, naming the path or the difference.
    public let message: String
    /// Checkpoint errors are not about a spot in a script.
    public var span: SourceSpan? { nil }

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }
}
