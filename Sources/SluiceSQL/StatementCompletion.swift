/// Whether text read so far ends a statement, as `spark-sql` decides when to run what it has
/// read: at a `;` outside quotes and comments, with nothing but blanks and comments after it.
/// Quotes and comments are those of `ScriptSplitter`, so the two agree on every `;`.
public enum StatementCompletion: Sendable, Equatable {
    /// Nothing but blanks and comments: nothing to run, nothing pending.
    case empty
    /// Code not yet ended by `;`, or a quote or block comment still open.
    case incomplete
    /// Ends with `;`: every statement in it can run.
    case complete

    /// The completion of `text`.
    public init(of text: String) {
        let bytes = Array(text.utf8)
        var scanner = TriviaScanner(bytes: bytes)
        var hasCode = false
        var endsWithSemicolon = false
        while let index = scanner.nextCodeByte() {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";"), !scanner.isQuoted {
                endsWithSemicolon = true
            } else if !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
                hasCode = true
                endsWithSemicolon = false
            }
        }
        if scanner.isQuoted || scanner.endsInComment {
            self = .incomplete
        } else if endsWithSemicolon {
            self = .complete
        } else {
            self = hasCode ? .incomplete : .empty
        }
    }
}
