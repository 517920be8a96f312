import SluiceCore

/// The one error type of `SluicePlan`: catalog, binding and type errors with their spot.
public struct PlanError: LocatedError, Equatable {
    /// What kind of mistake this is.
    public enum Kind: String, Sendable {
        case unknownDatabase
        case unknownTable
        case unknownColumn
        case unknownFunction
        case unknownProvider
        case alreadyExists
        case argumentCount
        case typeMismatch
        case missingOption
        case invalidOption
        /// A column used outside `GROUP BY` and aggregates, or an aggregate where none may be.
        case grouping
        /// A statement that is valid but cannot be done in this state (dropping a non-empty database).
        case invalidState
        /// A named limit was exceeded.
        case limit
        /// Valid SQL that Sluice does not support.
        case unsupported
    }

    /// The kind of mistake.
    public let kind: Kind
    /// One sentence saying what is wrong.
    public let message: String
    /// Where in the parsed text, when known.
    public let span: SourceSpan?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at span: SourceSpan?) {
        self.kind = kind
        self.message = message
        self.span = span
    }
}
