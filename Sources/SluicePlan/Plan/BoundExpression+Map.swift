extension BoundExpression {
    /// This expression with each direct subexpression replaced by `transform` of it.
    public func mapChildren(_ transform: (BoundExpression) throws -> BoundExpression) rethrows -> BoundExpression {
        var copy = self
        switch kind {
        case .column, .literal: return self
        case .cast(let e): copy.kind = .cast(try transform(e))
        case .unary(let op, let e): copy.kind = .unary(op, try transform(e))
        case .binary(let op, let l, let r): copy.kind = .binary(op, try transform(l), try transform(r))
        case .call(let name, let arguments): copy.kind = .call(name: name, arguments: try arguments.map(transform))
        case .userFunction(let function, let arguments):
            copy.kind = .userFunction(function, arguments: try arguments.map(transform))
        case .aggregate(let name, let arguments, let distinct):
            copy.kind = .aggregate(name: name, arguments: try arguments.map(transform), distinct: distinct)
        case .caseWhen(let branches, let otherwise):
            copy.kind = .caseWhen(
                branches: try branches.map {
                    BoundBranch(condition: try transform($0.condition), result: try transform($0.result))
                },
                otherwise: try otherwise.map(transform))
        case .inList(let e, let list, let negated):
            copy.kind = .inList(try transform(e), try list.map(transform), negated: negated)
        case .like(let e, let pattern, let negated, let regex):
            copy.kind = .like(try transform(e), pattern: try transform(pattern), negated: negated, regex: regex)
        case .isNull(let e, let negated): copy.kind = .isNull(try transform(e), negated: negated)
        case .field(let e, let name): copy.kind = .field(try transform(e), name: name)
        case .element(let e, let index): copy.kind = .element(try transform(e), try transform(index))
        case .window(let time, let size, let slide): copy.kind = .window(time: try transform(time), size: size, slide: slide)
        }
        return copy
    }
}
