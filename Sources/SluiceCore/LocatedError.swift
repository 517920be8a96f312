/// An error that can point at the spot in a script it is about.
///
/// Each module keeps its own error type; they share this shape so the command line renders
/// all of them the same way: file, line, column, the line itself and a caret.
public protocol LocatedError: Error, CustomStringConvertible {
    /// What went wrong, in one sentence without position.
    var message: String { get }
    /// Where it went wrong, in the parsed text, if known.
    var span: SourceSpan? { get }
}

extension LocatedError {
    /// The message alone, for logs that carry no source.
    public var description: String { message }
}
