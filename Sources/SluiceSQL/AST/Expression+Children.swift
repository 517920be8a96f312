extension Expression {
    /// The direct subexpressions, in written order.
    public var subexpressions: [Expression] {
        switch kind {
        case .literal, .column, .star: return []
        case .unary(_, let e), .cast(let e, _), .isNull(let e, _), .field(let e, _): return [e]
        case .binary(_, let l, let r), .subscript(let l, let r): return [l, r]
        case .call(_, let arguments, _): return arguments
        case .caseWhen(let operand, let branches, let otherwise):
            return (operand.map { [$0] } ?? []) + branches.flatMap { [$0.condition, $0.result] } + (otherwise.map { [$0] } ?? [])
        case .inList(let e, let list, _): return [e] + list
        case .between(let e, let low, let high, _): return [e, low, high]
        case .like(let e, let pattern, _, _): return [e, pattern]
        }
    }
}
