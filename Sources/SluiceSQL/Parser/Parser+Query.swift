import SluiceCore

extension Parser {
    /// query := select [ORDER BY items] [LIMIT expr]  |  '(' query ')'
    mutating func query() throws(SQLError) -> Query {
        try nested { (parser: inout Parser) throws(SQLError) -> Query in try parser.queryBody() }
    }

    private mutating func queryBody() throws(SQLError) -> Query {
        let start = current.span
        if acceptSymbol("(") {
            let inner = try query()
            try expectSymbol(")")
            return inner
        }
        let select = try selectBlock()
        var orderBy: [OrderItem] = []
        if accept("ORDER") {
            try expect("BY")
            repeat { orderBy.append(try orderItem()) } while acceptSymbol(",")
        }
        var limit: Expression?
        if accept("LIMIT") { limit = try expression() }
        if current.isWord("UNION") || current.isWord("INTERSECT") || current.isWord("EXCEPT") {
            throw SQLError(.unsupported, "\(current.text.uppercased()) is not supported", at: current.span)
        }
        return Query(select: select, orderBy: orderBy, limit: limit, span: span(from: start))
    }

    private mutating func selectBlock() throws(SQLError) -> Select {
        try expect("SELECT")
        let distinct = accept("DISTINCT")
        if !distinct { _ = accept("ALL") }
        var items: [SelectItem] = []
        repeat {
            items.append(try selectItem())
            if items.count > Limits.columnsMax {
                throw SQLError(.limit, "more than \(Limits.columnsMax) select items", at: current.span)
            }
        } while acceptSymbol(",")
        var select = Select(distinct: distinct, items: items)
        if accept("FROM") { select.from = try relation() }
        if accept("WHERE") { select.whereClause = try expression() }
        if accept("GROUP") {
            try expect("BY")
            repeat { select.groupBy.append(try expression()) } while acceptSymbol(",")
        }
        if accept("HAVING") { select.having = try expression() }
        return select
    }

    private mutating func selectItem() throws(SQLError) -> SelectItem {
        let expression = try expression()
        return SelectItem(expression: expression, alias: try alias())
    }

    /// `[AS] name`; a bare word only when it is not a clause word.
    private mutating func alias() throws(SQLError) -> Identifier? {
        if accept("AS") { return try identifier(what: "an alias") }
        if current.kind == .quotedIdentifier { return try identifier() }
        if current.kind == .word, !Parser.clauseWords.contains(current.text.uppercased()) {
            return try identifier()
        }
        if current.kind == .string {
            let token = advance()
            return Identifier(token.text, span: token.span)
        }
        return nil
    }

    private mutating func relation() throws(SQLError) -> Relation {
        let start = current.span
        let relation: Relation
        if acceptSymbol("(") {
            guard current.isWord("SELECT") || current.isSymbol("(") else {
                throw unexpected(expected: "SELECT in a subquery")
            }
            let inner = try query()
            try expectSymbol(")")
            let alias = try alias()
            relation = .subquery(inner, alias: alias, span: span(from: start))
        } else {
            let name = try qualifiedName(what: "a table name or a subquery")
            relation = .table(name, alias: try alias())
        }
        if current.isSymbol(",") || ["JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "LATERAL"]
            .contains(where: { current.isWord($0) })
        {
            throw SQLError(.unsupported, "joins are not supported; read one table or subquery", at: current.span)
        }
        return relation
    }

    private mutating func orderItem() throws(SQLError) -> OrderItem {
        let expression = try expression()
        var ascending = true
        if accept("DESC") { ascending = false } else { _ = accept("ASC") }
        var nullsFirst: Bool?
        if accept("NULLS") {
            if accept("FIRST") {
                nullsFirst = true
            } else {
                try expect("LAST")
                nullsFirst = false
            }
        }
        return OrderItem(expression: expression, ascending: ascending, nullsFirst: nullsFirst)
    }
}
