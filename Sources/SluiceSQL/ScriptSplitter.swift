import SluiceCore

/// One statement's text within a script.
public struct StatementText: Sendable, Equatable {
    /// Byte range of the statement in the script, without the terminating `;`.
    public let span: SourceSpan
    /// The statement's text.
    public let text: Substring

    /// Creates a statement text: `text` sits at `span` of its script.
    public init(span: SourceSpan, text: Substring) {
        self.span = span
        self.text = text
    }
}

/// Splits a script into statements at `;` outside quotes and comments, as `spark-sql` does.
public enum ScriptSplitter {
    /// The non-empty statements of `text`, in order.
    /// - Throws: `SQLError` of kind `.limit` past `Limits.statementsPerScriptMax` statements.
    public static func split(_ text: String) throws(SQLError) -> [StatementText] {
        let bytes = Array(text.utf8)
        var scanner = TriviaScanner(bytes: bytes)
        var statements: [StatementText] = []
        var start = 0
        var hasCode = false
        func finish(at end: Int) throws(SQLError) {
            defer { hasCode = false }
            guard hasCode else { return }
            if statements.count >= Limits.statementsPerScriptMax {
                throw SQLError(.limit, "more than \(Limits.statementsPerScriptMax) statements", at: .at(start))
            }
            statements.append(StatementText(span: SourceSpan(start: start, end: end), text: slice(text, start, end)))
        }
        while let index = scanner.nextCodeByte() {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";"), !scanner.isQuoted {
                try finish(at: index)
                start = index + 1
            } else if !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
                hasCode = true
            }
        }
        try finish(at: bytes.count)
        return statements
    }

    private static func slice(_ text: String, _ start: Int, _ end: Int) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return text[lower..<upper]
    }
}
