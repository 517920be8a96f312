import SluiceCore

/// `SET` and `RESET` take the rest of the statement as raw text, as `spark-sql` does: a
/// value runs to the `;` with backticks, `?`, quotes and spaces kept as written.
enum RawStatement {
    /// The statement if it is a `SET` or `RESET`, else `nil`.
    static func parse(_ text: StatementText) throws(SQLError) -> Statement? {
        var lexer = Lexer(text.text, baseOffset: text.span.start)
        guard let first = try? lexer.next(), first.kind == .word else { return nil }
        let isSet = first.isWord("SET")
        guard isSet || first.isWord("RESET") else { return nil }
        let restStart = first.span.end - text.span.start
        let utf8 = text.text.utf8
        let restIndex = utf8.index(utf8.startIndex, offsetBy: restStart)
        let rest = String(text.text[restIndex...])
        let restOffset = text.span.start + restStart
        let trimmed = rest.trimmingWhitespace()
        let span = SourceSpan(start: first.span.start, end: text.span.end)
        if trimmed.isEmpty { return Statement(isSet ? .set(key: nil, value: nil) : .reset(key: nil), span: span) }
        let keyOffset = restOffset + rest.utf8.prefix(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).count
        if !isSet {
            try checkKey(trimmed, at: keyOffset)
            return Statement(.reset(key: trimmed), span: span)
        }
        guard let equals = trimmed.firstIndex(of: "=") else {
            if trimmed == "-v" { return Statement(.set(key: nil, value: nil), span: span) }
            try checkKey(trimmed, at: keyOffset)
            return Statement(.set(key: trimmed, value: nil), span: span)
        }
        let key = String(trimmed[..<equals]).trimmingWhitespace()
        let afterEquals = trimmed[trimmed.index(after: equals)...]
        let value = String(afterEquals).trimmingWhitespace()
        try checkKey(key, at: keyOffset)
        var statement = Statement(.set(key: key, value: value), span: span)
        let leading = afterEquals.utf8.prefix(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).count
        let valueStart = keyOffset + trimmed.utf8.distance(from: trimmed.utf8.startIndex, to: afterEquals.utf8.startIndex) + leading
        statement.valueSpan = SourceSpan(start: valueStart, end: valueStart + value.utf8.count)
        return statement
    }

    private static func checkKey(_ key: String, at offset: Int) throws(SQLError) {
        if key.isEmpty {
            throw SQLError(.syntax, "expected a configuration key before '='", at: .at(offset))
        }
        if key.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            throw SQLError(
                .syntax, "configuration key '\(key)' contains whitespace; write SET key=value",
                at: SourceSpan(start: offset, end: offset + key.utf8.count))
        }
    }
}
