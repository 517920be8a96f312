import SluiceCore

/// The one error type of `SluiceSQL`: lexical, syntax and variable errors with their spot.
public struct SQLError: LocatedError, Equatable {
    /// What kind of mistake this is.
    public enum Kind: String, Sendable {
        /// A character or literal the lexer cannot read.
        case lexical
        /// Tokens in an order the grammar does not allow.
        case syntax
        /// A `${name}` that no `-d name=value` defines.
        case undefinedVariable
        /// A named limit was exceeded (nesting depth, script size).
        case limit
        /// Valid Spark SQL that Sluice does not support.
        case unsupported
    }

    /// The kind of mistake.
    public let kind: Kind
    /// One sentence saying what is wrong.
    public let message: String
    /// Where in the parsed text.
    public let span: SourceSpan?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at span: SourceSpan?) {
        self.kind = kind
        self.message = message
        self.span = span
    }
}
