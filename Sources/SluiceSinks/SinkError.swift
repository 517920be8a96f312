import SluiceCore

/// The one error type of `SluiceSinks`: a sink that cannot be opened, read or written.
public struct SinkError: LocatedError, Equatable {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        /// The URL or options are wrong (unknown scheme, driver for another database).
        case configuration
        /// The database refused: cannot open, missing table, bad statement.
        case database
        /// The table's columns do not fit the rows.
        case schema
        /// The server cannot be reached, the connection broke, or the database aborted the
        /// transaction (deadlock, shutdown): a new connection may succeed.
        case connection
    }

    /// The kind of failure.
    public let kind: Kind
    /// What went wrong, naming the database, table or column.
    public let message: String
    /// Sink errors are not about a spot in a script.
    public var span: SourceSpan? { nil }

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
