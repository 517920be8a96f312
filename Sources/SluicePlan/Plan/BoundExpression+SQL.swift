import SluiceCore

extension BoundExpression {
    /// The expression as `EXPLAIN` prints it: attributes as `name#id`, Spark's spelling otherwise.
    public var sql: String {
        switch kind {
        case .column(let attribute): return attribute.reference
        case .literal(let value): return value.sqlText
        case .cast(let inner): return "cast(\(inner.sql) as \(type.sqlName))"
        case .unary(let op, let inner):
            return op == .not ? "NOT \(inner.sql)" : "\(op.rawValue)\(inner.sql)"
        case .binary(let op, let left, let right): return "(\(left.sql) \(op.rawValue) \(right.sql))"
        case .call(let name, let arguments): return "\(name)(\(arguments.map(\.sql).joined(separator: ", ")))"
        case .userFunction(let function, let arguments):
            return "\(function.qualifiedName)(\(arguments.map(\.sql).joined(separator: ", ")))"
        case .aggregate(let name, let arguments, let distinct):
            let list = arguments.isEmpty ? "*" : arguments.map(\.sql).joined(separator: ", ")
            return "\(name)(\(distinct ? "DISTINCT " : "")\(list))"
        case .caseWhen(let branches, let otherwise):
            let whens = branches.map { "WHEN \($0.condition.sql) THEN \($0.result.sql)" }.joined(separator: " ")
            return "CASE \(whens)\(otherwise.map { " ELSE \($0.sql)" } ?? "") END"
        case .inList(let value, let list, let negated):
            return "\(value.sql) \(negated ? "NOT IN" : "IN") (\(list.map(\.sql).joined(separator: ", ")))"
        case .like(let value, let pattern, let negated, let regex):
            return "\(value.sql) \(negated ? "NOT " : "")\(regex ? "RLIKE" : "LIKE") \(pattern.sql)"
        case .isNull(let value, let negated): return "\(value.sql) IS \(negated ? "NOT " : "")NULL"
        case .field(let value, let name): return "\(value.sql).\(name)"
        case .element(let value, let index): return "\(value.sql)[\(index.sql)]"
        case .window(let time, let size, let slide):
            if size == slide { return "tumbling(\(time.sql), \(size))" }
            return "hopping(\(time.sql), \(size), \(slide))"
        }
    }
}

extension NamedExpression {
    /// `expr AS name#id`, or just `name#id` when the expression is that attribute.
    public var sql: String {
        if case .column(let attribute) = expression.kind, attribute.id == self.attribute.id { return attribute.reference }
        return "\(expression.sql) AS \(attribute.reference)"
    }
}
