import SluiceCore

/// Expression grammar, lowest precedence first (Spark's order):
///
///     expression     := or
///     or             := and (OR and)*
///     and            := not (AND not)*
///     not            := NOT not | predicate
///     predicate      := comparison [[NOT] BETWEEN bitOr AND bitOr | [NOT] IN (…) | [NOT] LIKE bitOr
///                                   | IS [NOT] NULL]
///     comparison     := bitOr ((= | == | <=> | <> | != | < | <= | > | >=) bitOr)*
///     bitOr          := bitXor ('|' bitXor)*      bitXor := bitAnd ('^' bitAnd)*
///     bitAnd         := additive ('&' additive)*
///     additive       := multiplicative ((+ | - | '||') multiplicative)*
///     multiplicative := unary ((* | / | % | DIV) unary)*
///     unary          := (- | + | ~) unary | postfix
///     postfix        := primary ('.' name | '[' expression ']')*
extension Parser {
    /// Parses one expression.
    mutating func expression() throws(SQLError) -> Expression {
        try nested { (parser: inout Parser) throws(SQLError) -> Expression in try parser.or() }
    }

    private mutating func binaryChain(
        _ operators: [(String, BinaryOperator)], isWord: Bool,
        operand: (inout Parser) throws(SQLError) -> Expression
    ) throws(SQLError) -> Expression {
        var left = try operand(&self)
        var length = 0
        while true {
            guard let op = operators.first(where: { isWord ? current.isWord($0.0) : current.isSymbol($0.0) }) else {
                return left
            }
            // A chain `a + b + …` nests to the left: each operator is one level of the tree.
            length += 1
            try checkChain(length)
            advance()
            let right = try operand(&self)
            left = Expression(.binary(op.1, left, right), span: left.span.union(right.span))
        }
    }

    /// Fails when a left-deep chain plus the current nesting passes `Limits.expressionDepthMax`.
    private func checkChain(_ length: Int) throws(SQLError) {
        if depth + length > Limits.expressionDepthMax {
            throw SQLError(
                .limit, "expression nested deeper than \(Limits.expressionDepthMax) levels (a chain of \(length) operators)",
                at: current.span)
        }
    }

    private mutating func or() throws(SQLError) -> Expression {
        try binaryChain([("OR", .or)], isWord: true) { (p: inout Parser) throws(SQLError) in try p.and() }
    }

    private mutating func and() throws(SQLError) -> Expression {
        try binaryChain([("AND", .and)], isWord: true) { (p: inout Parser) throws(SQLError) in try p.not() }
    }

    private mutating func not() throws(SQLError) -> Expression {
        let start = current.span
        if current.isWord("NOT") || current.isSymbol("!") {
            advance()
            let operand = try nested { (p: inout Parser) throws(SQLError) -> Expression in try p.not() }
            return Expression(.unary(.not, operand), span: start.union(operand.span))
        }
        return try predicate()
    }

    private mutating func predicate() throws(SQLError) -> Expression {
        var value = try comparison()
        var length = 0
        while true {
            length += 1
            try checkChain(length)
            let negated = current.isWord("NOT")
                && ["BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP"].contains { peek().isWord($0) }
            if negated { advance() }
            if accept("BETWEEN") {
                let low = try bitOr()
                try expect("AND")
                let high = try bitOr()
                value = Expression(.between(value, low: low, high: high, negated: negated), span: value.span.union(high.span))
            } else if accept("IN") {
                value = try inList(value, negated: negated)
            } else if accept("ILIKE") {
                // Case-insensitive LIKE, as Spark 3.3: lower(x) LIKE lower(pattern).
                let pattern = try bitOr()
                let lowered = { (e: Expression) in
                    Expression(.call(name: QualifiedName([Identifier("lower", span: e.span)]), arguments: [e], distinct: false),
                               span: e.span)
                }
                value = Expression(
                    .like(lowered(value), pattern: lowered(pattern), negated: negated, regex: false),
                    span: value.span.union(pattern.span))
            } else if current.isWord("LIKE") || current.isWord("RLIKE") || current.isWord("REGEXP") {
                let regex = !advance().isWord("LIKE")
                let pattern = try bitOr()
                value = Expression(
                    .like(value, pattern: pattern, negated: negated, regex: regex), span: value.span.union(pattern.span))
            } else if accept("IS") {
                let isNot = accept("NOT")
                if current.isWord("TRUE") || current.isWord("FALSE") {
                    // x IS [NOT] TRUE|FALSE: a null-safe comparison, never NULL.
                    let literal = advance()
                    let truth = Expression(.literal(.boolean(literal.isWord("TRUE"))), span: literal.span)
                    let span = value.span.union(literal.span)
                    let test = Expression(.binary(.nullSafeEqual, value, truth), span: span)
                    value = isNot ? Expression(.unary(.not, test), span: span) : test
                    continue
                }
                let end = try expect("NULL")
                value = Expression(.isNull(value, negated: isNot), span: value.span.union(end.span))
            } else {
                return value
            }
        }
    }

    private mutating func inList(_ value: Expression, negated: Bool) throws(SQLError) -> Expression {
        try expectSymbol("(")
        if current.isWord("SELECT") {
            throw SQLError(.unsupported, "IN (SELECT …) subqueries are not supported", at: current.span)
        }
        var items: [Expression] = []
        repeat { items.append(try expression()) } while acceptSymbol(",")
        let close = try expectSymbol(")")
        return Expression(.inList(value, items, negated: negated), span: value.span.union(close.span))
    }

    private static let comparisonOperators: [(String, BinaryOperator)] = [
        ("=", .equal), ("==", .equal), ("<=>", .nullSafeEqual), ("<>", .notEqual), ("!=", .notEqual),
        ("<", .less), ("<=", .lessOrEqual), (">", .greater), (">=", .greaterOrEqual),
    ]

    private mutating func comparison() throws(SQLError) -> Expression {
        try binaryChain(Parser.comparisonOperators, isWord: false) { (p: inout Parser) throws(SQLError) in
            try p.bitOr()
        }
    }

    mutating func bitOr() throws(SQLError) -> Expression {
        try binaryChain([("|", .bitwiseOr)], isWord: false) { (p: inout Parser) throws(SQLError) in
            try p.binaryChain([("^", .bitwiseXor)], isWord: false) { (q: inout Parser) throws(SQLError) in
                try q.binaryChain([("&", .bitwiseAnd)], isWord: false) { (r: inout Parser) throws(SQLError) in
                    try r.additive()
                }
            }
        }
    }

    private mutating func additive() throws(SQLError) -> Expression {
        try binaryChain([("+", .plus), ("-", .minus), ("||", .concat)], isWord: false) {
            (p: inout Parser) throws(SQLError) in try p.multiplicative()
        }
    }

    private mutating func multiplicative() throws(SQLError) -> Expression {
        var left = try unary()
        var length = 0
        while true {
            let op: BinaryOperator
            if current.isSymbol("*") {
                op = .multiply
            } else if current.isSymbol("/") {
                op = .divide
            } else if current.isSymbol("%") {
                op = .modulo
            } else if current.isWord("DIV") {
                op = .integerDivide
            } else {
                return left
            }
            length += 1
            try checkChain(length)
            advance()
            let right = try unary()
            left = Expression(.binary(op, left, right), span: left.span.union(right.span))
        }
    }

    private mutating func unary() throws(SQLError) -> Expression {
        let start = current.span
        let op: UnaryOperator
        if current.isSymbol("-") {
            op = .minus
        } else if current.isSymbol("+") {
            op = .plus
        } else if current.isSymbol("~") {
            op = .bitwiseNot
        } else {
            return try postfix()
        }
        advance()
        let operand = try nested { (p: inout Parser) throws(SQLError) -> Expression in try p.unary() }
        if op == .minus, case .literal(let value) = operand.kind, let negated = value.negated {
            return Expression(.literal(negated), span: start.union(operand.span))
        }
        return Expression(.unary(op, operand), span: start.union(operand.span))
    }

    private mutating func postfix() throws(SQLError) -> Expression {
        var value = try primary()
        var length = 0
        while true {
            length += 1
            try checkChain(length)
            if current.isSymbol("."), peek().kind == .word || peek().kind == .quotedIdentifier {
                advance()
                let field = try identifier()
                value = Expression(.field(value, field), span: value.span.union(field.span))
            } else if acceptSymbol("[") {
                let index = try expression()
                let close = try expectSymbol("]")
                value = Expression(.subscript(value, index), span: value.span.union(close.span))
            } else {
                return value
            }
        }
    }
}

extension Value {
    /// The literal with its sign flipped, when that is still a literal of the same kind.
    var negated: Value? {
        switch self {
        case .int(let i): return i == Int32.min ? nil : .int(-i)
        case .bigint(let i): return i == Int64.min ? nil : .bigint(-i)
        case .double(let d): return .double(-d)
        case .decimal(let text, let precision, let scale):
            return text.hasPrefix("-") ? nil : .decimal("-" + text, precision: precision, scale: scale)
        default: return nil
        }
    }
}
