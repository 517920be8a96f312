/// Why a scanner counted one record of a file as malformed.
///
/// Scanners do not throw: they keep every record they can, count the others, and describe the
/// first one with this error's `description`, for example `line 12: expected ':' after key`.
public struct FormatError: Error, Equatable, CustomStringConvertible {
    /// The kinds of malformed records.
    public enum Kind: String, Sendable {
        /// The record's syntax is invalid; the record is dropped.
        case syntax
        /// The record has more or fewer fields than expected; the record is dropped.
        case fieldCount
        /// A value does not convert to its column's type; the field is NULL, the record kept.
        case conversion
        /// The record is longer than the format's limit; the record is dropped.
        case limit
    }

    /// The kind of problem.
    public let kind: Kind
    /// One sentence naming the line and what is wrong with it.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
