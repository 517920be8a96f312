import SluiceCore

/// A hand-written recursive-descent parser for Sluice's Spark-SQL dialect.
///
/// One parser reads one statement's tokens. `parseScript` splits a script and parses each
/// statement; `parseStatement` parses one statement's text. Every error is an `SQLError`
/// with the span of the token where the grammar broke.
public struct Parser {
    var tokens: [Token]
    var index = 0
    var depth = 0
    let statementSpan: SourceSpan

    /// Words that end a select item or relation, so they are never taken as an implicit alias.
    static let clauseWords: Set<String> = [
        "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "JOIN", "INNER",
        "LEFT", "RIGHT", "FULL", "CROSS", "OUTER", "NATURAL", "ON", "USING", "AS", "SORT", "CLUSTER", "DISTRIBUTE",
        "LATERAL", "WINDOW", "AND", "OR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "RLIKE", "THEN", "ELSE", "END", "WHEN",
        "SELECT", "BY", "ASC", "DESC", "NULLS", "DIV", "ILIKE", "REGEXP",
    ]

    /// Words that cannot start an expression.
    static let nonExpressionWords: Set<String> = [
        "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "AND", "OR", "AS", "ON", "JOIN", "UNION",
        "THEN", "ELSE", "END", "WHEN", "IS", "IN", "BETWEEN", "LIKE", "RLIKE", "BY", "DIV",
    ]

    init(tokens: [Token], statementSpan: SourceSpan) {
        self.tokens = tokens
        self.statementSpan = statementSpan
    }

    /// Parses every statement of `source`.
    /// - Throws: the first `SQLError` met.
    public static func parseScript(_ source: SourceText) throws(SQLError) -> [Statement] {
        var statements: [Statement] = []
        for text in try ScriptSplitter.split(source.text) {
            statements.append(try parseStatement(text))
        }
        return statements
    }

    /// Parses one statement.
    /// - Throws: `SQLError` for lexical and syntax errors and unsupported constructs.
    public static func parseStatement(_ text: StatementText) throws(SQLError) -> Statement {
        if let raw = try RawStatement.parse(text) { return raw }
        let tokens = try Lexer.tokenize(text.text, baseOffset: text.span.start)
        var parser = Parser(tokens: tokens, statementSpan: text.span)
        let statement = try parser.statement()
        try parser.expectEnd()
        return statement
    }

    // MARK: - Token navigation

    var current: Token { tokens[index] }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(index + ahead, tokens.count - 1)]
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Consumes the word `keyword` if it is next.
    mutating func accept(_ keyword: String) -> Bool {
        guard current.isWord(keyword) else { return false }
        advance()
        return true
    }

    /// Consumes the symbol `symbol` if it is next.
    mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    /// Consumes the word `keyword` or fails.
    @discardableResult
    mutating func expect(_ keyword: String) throws(SQLError) -> Token {
        guard current.isWord(keyword) else { throw unexpected(expected: keyword) }
        return advance()
    }

    /// Consumes the symbol `symbol` or fails.
    @discardableResult
    mutating func expectSymbol(_ symbol: String) throws(SQLError) -> Token {
        guard current.isSymbol(symbol) else { throw unexpected(expected: "'\(symbol)'") }
        return advance()
    }

    mutating func expectEnd() throws(SQLError) {
        guard current.kind == .end else { throw unexpected(expected: "end of statement") }
    }

    /// The error for finding the current token where `expected` should be.
    func unexpected(expected: String) -> SQLError {
        SQLError(.syntax, "expected \(expected), found \(current.display)", at: current.span)
    }

    /// The span from `start` to the end of the last consumed token.
    func span(from start: SourceSpan) -> SourceSpan {
        let last = tokens[max(0, index - 1)]
        return SourceSpan(start: start.start, end: max(start.end, last.span.end))
    }

    /// Runs `body` one nesting level deeper, failing past `Limits.expressionDepthMax`.
    mutating func nested<T>(_ body: (inout Parser) throws(SQLError) -> T) throws(SQLError) -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Limits.expressionDepthMax {
            throw SQLError(.limit, "expressions nested deeper than \(Limits.expressionDepthMax) levels", at: current.span)
        }
        return try body(&self)
    }

    // MARK: - Names

    /// An identifier: a bare word or a backtick-quoted name.
    mutating func identifier(what: String = "an identifier") throws(SQLError) -> Identifier {
        let token = current
        switch token.kind {
        case .word, .quotedIdentifier:
            if token.utf8Count > Limits.identifierBytesMax {
                throw SQLError(.limit, "identifier longer than \(Limits.identifierBytesMax) bytes", at: token.span)
            }
            advance()
            return Identifier(token.text, span: token.span)
        default:
            throw unexpected(expected: what)
        }
    }

    /// A dotted name.
    mutating func qualifiedName(what: String = "a name") throws(SQLError) -> QualifiedName {
        var parts = [try identifier(what: what)]
        while current.isSymbol("."), peek().kind == .word || peek().kind == .quotedIdentifier {
            advance()
            parts.append(try identifier())
        }
        return QualifiedName(parts)
    }

    /// A string literal's value.
    mutating func stringLiteral(what: String = "a string literal") throws(SQLError) -> Token {
        guard current.kind == .string else { throw unexpected(expected: what) }
        return advance()
    }
}

extension Token {
    var utf8Count: Int { text.utf8.count }
}
