import SluiceCore

/// Lines read one at a time, from a terminal or a pipe, gathered until they end a statement,
/// as `spark-sql` gathers them: what has been read runs once a line ends it with `;`
/// (`StatementCompletion`), so each piece starts at the beginning of a line.
public struct StatementBuffer: Sendable {
    /// Statements ready to run.
    public struct Piece: Sendable, Equatable {
        /// The statements, as read; without the `quit` or `exit` that ends the input, if any.
        public let text: String
        /// The number, in the whole input, of the line `text` starts on.
        public let firstLine: Int
        /// Whether a `quit;` or `exit;` statement follows `text`: the input ends there.
        public let quits: Bool
    }

    /// The text read and not yet run.
    public private(set) var text = ""
    /// Whether `text` is a statement begun and not ended (or an open quote or comment): a
    /// terminal then prompts for more of it.
    public private(set) var isContinuing = false
    private var firstLine = 1
    private var linesRead = 0

    /// An empty buffer at the input's first line.
    public init() {}

    /// Adds `line` (without its newline).
    /// - Returns: the statements it completes, if it completes any; a buffer past
    ///   `Limits.scriptBytesMax` bytes is given as it is, for the runner to reject.
    public mutating func append(line: String) -> Piece? {
        linesRead += 1
        if text.isEmpty { firstLine = linesRead }
        text += line
        text += "\n"
        // Only a line with a `;` can end a statement; a buffer of blanks and comments is dropped.
        if !isContinuing || line.utf8.contains(UInt8(ascii: ";")) {
            switch StatementCompletion(of: text) {
            case .empty:
                text = ""
                isContinuing = false
                return nil
            case .incomplete: isContinuing = true
            case .complete: return take()
            }
        }
        return text.utf8.count > Limits.scriptBytesMax ? take() : nil
    }

    /// What is left at the end of the input: a last statement without `;`, or nil.
    public mutating func finish() -> Piece? {
        isContinuing ? take() : nil
    }

    private mutating func take() -> Piece {
        defer {
            text = ""
            isContinuing = false
        }
        guard let statements = try? ScriptSplitter.split(text),
            let quit = statements.first(where: { Self.isQuit($0.text) })
        else {
            return Piece(text: text, firstLine: firstLine, quits: false)
        }
        let utf8 = text.utf8
        let end = utf8.index(utf8.startIndex, offsetBy: quit.span.start)
        return Piece(text: String(text[..<end]), firstLine: firstLine, quits: true)
    }

    /// Whether `statement` is `quit` or `exit`, which end a `spark-sql` session.
    private static func isQuit(_ statement: Substring) -> Bool {
        guard let first = statement.firstIndex(where: { !$0.isWhitespace }),
            let last = statement.lastIndex(where: { !$0.isWhitespace })
        else { return false }
        let word = statement[first...last].lowercased()
        return word == "quit" || word == "exit"
    }
}
