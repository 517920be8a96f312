import SluiceCore

extension Parser {
    /// primary := literal | INTERVAL … | CASE … | CAST(…) | name '(' args ')' | name | '*' | '(' expression ')'
    mutating func primary() throws(SQLError) -> Expression {
        let token = current
        switch token.kind {
        case .integer, .decimal:
            advance()
            return Expression(.literal(try Parser.number(token)), span: token.span)
        case .string:
            return stringLiterals()
        case .symbol:
            return try symbolPrimary(token)
        case .quotedIdentifier:
            return try nameOrCall()
        case .word:
            return try wordPrimary(token)
        case .end:
            throw unexpected(expected: "an expression")
        }
    }

    private mutating func symbolPrimary(_ token: Token) throws(SQLError) -> Expression {
        if acceptSymbol("*") { return Expression(.star(qualifier: []), span: token.span) }
        guard acceptSymbol("(") else { throw unexpected(expected: "an expression") }
        if current.isWord("SELECT") {
            throw SQLError(.unsupported, "scalar subqueries are not supported", at: current.span)
        }
        var inner = try expression()
        if current.isSymbol(",") {
            throw SQLError(.unsupported, "row values '(a, b, …)' are not supported", at: current.span)
        }
        let close = try expectSymbol(")")
        inner.span = token.span.union(close.span)
        return inner
    }

    private mutating func wordPrimary(_ token: Token) throws(SQLError) -> Expression {
        let word = token.text.uppercased()
        switch word {
        case "TRUE", "FALSE":
            advance()
            return Expression(.literal(.boolean(word == "TRUE")), span: token.span)
        case "NULL":
            advance()
            return Expression(.literal(.null), span: token.span)
        case "INTERVAL" where peek().kind != .symbol || peek().isSymbol("-"):
            return try interval()
        case "CASE":
            return try caseWhen()
        case "CAST" where peek().isSymbol("("), "TRY_CAST" where peek().isSymbol("("):
            return try cast()
        case "CURRENT_TIMESTAMP" where !peek().isSymbol("("), "CURRENT_DATE" where !peek().isSymbol("("):
            advance()
            let name = QualifiedName([Identifier(token.text.lowercased(), span: token.span)])
            return Expression(.call(name: name, arguments: [], distinct: false), span: token.span)
        case "EXISTS" where peek().isSymbol("("):
            throw SQLError(.unsupported, "EXISTS subqueries are not supported", at: token.span)
        default:
            if Parser.nonExpressionWords.contains(word) { throw unexpected(expected: "an expression") }
            return try nameOrCall()
        }
    }

    /// A column path, `t.*`, or a call of a possibly qualified function name.
    private mutating func nameOrCall() throws(SQLError) -> Expression {
        var parts = [try identifier()]
        while current.isSymbol(".") {
            if peek().isSymbol("*") {
                advance()
                let star = advance()
                return Expression(.star(qualifier: parts), span: parts[0].span.union(star.span))
            }
            guard peek().kind == .word || peek().kind == .quotedIdentifier else { break }
            advance()
            parts.append(try identifier())
        }
        let name = QualifiedName(parts)
        guard current.isSymbol("(") else { return Expression(.column(name), span: name.span) }
        return try call(name)
    }

    private mutating func call(_ name: QualifiedName) throws(SQLError) -> Expression {
        try expectSymbol("(")
        var distinct = false
        var arguments: [Expression] = []
        if !current.isSymbol(")") {
            if accept("DISTINCT") { distinct = true } else { _ = accept("ALL") }
            repeat { arguments.append(try expression()) } while acceptSymbol(",")
            // SQL's `substring(s FROM start [FOR length])`.
            let isSubstring = name.parts.count == 1 && ["substring", "substr"].contains(name.name.normalized)
            if isSubstring, arguments.count == 1, accept("FROM") {
                arguments.append(try expression())
                if accept("FOR") { arguments.append(try expression()) }
            }
        }
        let close = try expectSymbol(")")
        if current.isWord("OVER") {
            throw SQLError(.unsupported, "window functions (OVER) are not supported", at: current.span)
        }
        if current.isWord("FILTER") && peek().isSymbol("(") {
            throw SQLError(.unsupported, "aggregate FILTER clauses are not supported", at: current.span)
        }
        return Expression(.call(name: name, arguments: arguments, distinct: distinct), span: name.span.union(close.span))
    }

    /// Adjacent string literals concatenate, as in Spark: `'a' 'b'` is `'ab'`.
    private mutating func stringLiterals() -> Expression {
        var token = advance()
        var value = token.text
        var span = token.span
        while current.kind == .string {
            token = advance()
            value += token.text
            span = span.union(token.span)
        }
        return Expression(.literal(.string(value)), span: span)
    }

    private mutating func caseWhen() throws(SQLError) -> Expression {
        let start = try expect("CASE").span
        var operand: Expression?
        if !current.isWord("WHEN") { operand = try expression() }
        var branches: [WhenBranch] = []
        while accept("WHEN") {
            let condition = try expression()
            try expect("THEN")
            branches.append(WhenBranch(condition: condition, result: try expression()))
        }
        if branches.isEmpty { throw unexpected(expected: "WHEN") }
        var otherwise: Expression?
        if accept("ELSE") { otherwise = try expression() }
        let end = try expect("END")
        return Expression(.caseWhen(operand: operand, branches: branches, otherwise: otherwise), span: start.union(end.span))
    }

    private mutating func cast() throws(SQLError) -> Expression {
        let start = advance().span
        try expectSymbol("(")
        let value = try expression()
        try expect("AS")
        let type = try typeName()
        let close = try expectSymbol(")")
        return Expression(.cast(value, type), span: start.union(close.span))
    }

    /// `INTERVAL 10 SECOND`, `INTERVAL '10' SECONDS`, `INTERVAL '10 seconds'`, `INTERVAL 1 MINUTE 30 SECONDS`.
    private mutating func interval() throws(SQLError) -> Expression {
        let start = try expect("INTERVAL").span
        var total = Interval()
        var parts = 0
        while true {
            let negative = acceptSymbol("-")
            let countToken = current
            guard countToken.kind == .integer || countToken.kind == .decimal || countToken.kind == .string else {
                if parts > 0 && !negative { break }
                throw unexpected(expected: "an interval value such as 10 SECONDS")
            }
            advance()
            let part: Interval
            if countToken.kind == .string, current.kind != .word || Interval.Unit(word: current.text) == nil {
                guard let parsed = Interval.parse(countToken.text) else {
                    throw SQLError(.syntax, "cannot read interval '\(countToken.text)'; write e.g. '10 seconds'",
                                   at: countToken.span)
                }
                part = parsed
            } else {
                guard let count = Double(countToken.text.trimmingWhitespace()) else {
                    throw SQLError(.syntax, "interval value '\(countToken.text)' is not a number", at: countToken.span)
                }
                guard current.kind == .word, let unit = Interval.Unit(word: current.text) else {
                    throw unexpected(expected: "an interval unit (SECOND, MINUTE, HOUR, DAY, …)")
                }
                advance()
                guard let value = Interval.of(negative ? -count : count, unit) else {
                    throw SQLError(.syntax, "interval out of range", at: countToken.span)
                }
                part = value
            }
            guard let sum = total.adding(part) else { throw SQLError(.syntax, "interval out of range", at: countToken.span) }
            total = sum
            parts += 1
            guard current.kind == .integer || current.kind == .decimal || current.isSymbol("-")
                || (current.kind == .string && parts > 0)
            else { break }
        }
        return Expression(.literal(.interval(total)), span: span(from: start))
    }

    /// The value of a number token: `int` when it fits, else `bigint`, else decimal;
    /// `1.5` is a decimal and `1.5D`/`1e3` a double, as in Spark.
    static func number(_ token: Token) throws(SQLError) -> Value {
        var text = token.text.uppercased()
        if text.hasSuffix("BD") {
            text.removeLast(2)
            return decimal(text)
        }
        if text.hasSuffix("D") || text.hasSuffix("F") {
            text.removeLast()
            guard let value = Double(text) else { throw SQLError(.lexical, "bad number '\(token.text)'", at: token.span) }
            return .double(value)
        }
        if token.kind == .decimal {
            if text.contains("E") {
                guard let value = Double(text) else { throw SQLError(.lexical, "bad number '\(token.text)'", at: token.span) }
                return .double(value)
            }
            return decimal(text)
        }
        let suffix = text.last.map { "LSY".contains($0) } ?? false
        if suffix { text.removeLast() }
        if let value = Int32(text), !text.isEmpty, token.text.last.map({ $0 != "L" && $0 != "l" }) ?? true {
            return .int(value)
        }
        if let value = Int64(text) { return .bigint(value) }
        if suffix { throw SQLError(.lexical, "number '\(token.text)' is out of range", at: token.span) }
        return decimal(text)
    }

    private static func decimal(_ text: String) -> Value {
        var digits = text
        if digits.hasPrefix(".") { digits = "0" + digits }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let integral = parts[0].drop(while: { $0 == "0" })
        let scale = parts.count > 1 ? parts[1].count : 0
        let precision = max(1, integral.count + scale, scale)
        return .decimal(digits, precision: min(38, precision), scale: min(38, scale))
    }
}
