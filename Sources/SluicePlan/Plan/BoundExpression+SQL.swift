import SluiceCore
import SluiceSQL

extension BoundExpression {
    /// The expression as `EXPLAIN` prints it: attributes as `name#id`, Spark's spelling otherwise.
    public var sql: String { render(ids: true) }

    /// The expression as a column name: like `sql`, without attribute ids.
    public var displayName: String { render(ids: false) }

    private func render(ids: Bool) -> String {
        let sql = { (expression: BoundExpression) in expression.render(ids: ids) }
        switch kind {
        case .column(let attribute): return ids ? attribute.reference : Identifier.quoteIfNeeded(attribute.name)
        case .literal(let value):
            // Column names show literals as Spark names them: `lit`, `10`, not `'lit'`, `10L`.
            if !ids, case .string(let text) = value { return text }
            if !ids, case .bigint(let number) = value { return String(number) }
            return value.sqlText
        case .cast(let inner):
            if !ids && !isExplicitCast { return sql(inner) }
            return ids ? "cast(\(sql(inner)) as \(type.sqlName))" : "CAST(\(sql(inner)) AS \(type.sqlName.uppercased()))"
        case .unary(let op, let inner):
            let operand = sql(inner)
            if op == .not { return "NOT \(operand)" }
            return operand.hasPrefix("-") || operand.hasPrefix("+") ? "\(op.rawValue)(\(operand))" : "\(op.rawValue)\(operand)"
        case .binary(let op, let left, let right): return "(\(sql(left)) \(op.rawValue) \(sql(right)))"
        case .call(let name, let arguments): return "\(name)(\(arguments.map(sql).joined(separator: ", ")))"
        case .userFunction(let function, let arguments):
            return "\(function.qualifiedName)(\(arguments.map(sql).joined(separator: ", ")))"
        case .aggregate(let name, let arguments, let distinct):
            let list = arguments.isEmpty ? "*" : arguments.map(sql).joined(separator: ", ")
            return "\(name)(\(distinct ? "DISTINCT " : "")\(list))"
        case .caseWhen(let branches, let otherwise):
            let whens = branches.map { "WHEN \(sql($0.condition)) THEN \(sql($0.result))" }.joined(separator: " ")
            return "CASE \(whens)\(otherwise.map { " ELSE \(sql($0))" } ?? "") END"
        case .inList(let value, let list, let negated):
            return "\(sql(value)) \(negated ? "NOT IN" : "IN") (\(list.map(sql).joined(separator: ", ")))"
        case .like(let value, let pattern, let negated, let regex):
            return "\(sql(value)) \(negated ? "NOT " : "")\(regex ? "RLIKE" : "LIKE") \(sql(pattern))"
        case .isNull(let value, let negated): return "\(sql(value)) IS \(negated ? "NOT " : "")NULL"
        case .field(let value, let name): return "\(sql(value)).\(name)"
        case .element(let value, let index): return "\(sql(value))[\(sql(index))]"
        case .window(let time, let size, let slide):
            if size == slide { return "tumbling(\(sql(time)), \(size))" }
            return "hopping(\(sql(time)), \(size), \(slide))"
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
