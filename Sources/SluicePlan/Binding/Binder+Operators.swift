import SluiceCore
import SluiceSQL

extension Binder {
    /// Types a prefix operator.
    func bindUnary(_ op: UnaryOperator, _ operand: BoundExpression, span: SourceSpan) throws -> BoundExpression {
        switch op {
        case .not:
            let condition = try expectBoolean(operand, what: "NOT")
            return BoundExpression(.unary(.not, condition), type: .boolean, span: span)
        case .minus, .plus:
            if operand.type == .interval { return BoundExpression(.unary(op, operand), type: .interval, span: span) }
            guard let type = Typings.numeric(operand.type) else {
                throw PlanError(.typeMismatch, "'\(op.rawValue)' expects a number, got \(operand.type.sqlName)", at: span)
            }
            if op == .plus { return operand.cast(to: type) }
            return BoundExpression(.unary(.minus, operand.cast(to: type)), type: type, span: span)
        case .bitwiseNot:
            guard operand.type.isIntegral else {
                throw PlanError(.typeMismatch, "'~' expects an integer, got \(operand.type.sqlName)", at: span)
            }
            return BoundExpression(.unary(.bitwiseNot, operand), type: operand.type, span: span)
        }
    }

    /// Types an infix operator with Spark's implicit casts.
    func bindBinary(
        _ op: BinaryOperator, _ left: BoundExpression, _ right: BoundExpression, span: SourceSpan
    ) throws -> BoundExpression {
        let mismatch = PlanError(
            .typeMismatch,
            "'\(op.rawValue)' cannot combine \(left.type.sqlName) and \(right.type.sqlName)", at: span)
        switch op {
        case .and, .or:
            let l = try expectBoolean(left, what: op.rawValue)
            let r = try expectBoolean(right, what: op.rawValue)
            return BoundExpression(.binary(op, l, r), type: .boolean, span: span)
        case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let common = TypeCoercion.comparisonType(left.type, right.type), common.isOrderable else { throw mismatch }
            return BoundExpression(.binary(op, left.cast(to: common), right.cast(to: common)), type: .boolean, span: span)
        case .concat:
            let l = try expectType(.string, left, what: "'||'")
            let r = try expectType(.string, right, what: "'||'")
            return BoundExpression(.call(name: "concat", arguments: [l, r]), type: .string, span: span)
        case .divide:
            return try bindDivide(left, right, span: span, mismatch: mismatch)
        case .integerDivide:
            guard let common = TypeCoercion.arithmeticType(left.type, right.type) else { throw mismatch }
            let type: DataType = common.isIntegral ? .bigint : common
            return BoundExpression(.binary(op, left.cast(to: type), right.cast(to: type)), type: .bigint, span: span)
        case .bitwiseAnd, .bitwiseOr, .bitwiseXor:
            guard let common = TypeCoercion.tightestCommonType(left.type, right.type), common.isIntegral else {
                throw mismatch
            }
            return BoundExpression(.binary(op, left.cast(to: common), right.cast(to: common)), type: common, span: span)
        case .plus, .minus, .multiply, .modulo:
            if let timed = try bindTimeArithmetic(op, left, right, span: span) { return timed }
            guard var common = TypeCoercion.arithmeticType(left.type, right.type) else { throw mismatch }
            if op == .multiply, case .decimal(let p1, let s1) = left.type, case .decimal(let p2, let s2) = right.type {
                common = .decimal(precision: min(38, p1 + p2 + 1), scale: min(38, s1 + s2))
            }
            return BoundExpression(.binary(op, left.cast(to: common), right.cast(to: common)), type: common, span: span)
        }
    }

    /// `/` yields double, or a decimal when both sides are exact and one is a decimal (Spark).
    private func bindDivide(
        _ left: BoundExpression, _ right: BoundExpression, span: SourceSpan, mismatch: PlanError
    ) throws -> BoundExpression {
        guard let common = TypeCoercion.arithmeticType(left.type, right.type) else { throw mismatch }
        var type = DataType.double
        if case .decimal = common { type = .decimal(precision: 38, scale: 6) }
        return BoundExpression(.binary(.divide, left.cast(to: type), right.cast(to: type)), type: type, span: span)
    }

    /// `timestamp ± interval` and `interval + timestamp`.
    private func bindTimeArithmetic(
        _ op: BinaryOperator, _ left: BoundExpression, _ right: BoundExpression, span: SourceSpan
    ) throws -> BoundExpression? {
        switch (left.type, right.type, op) {
        case (.timestamp, .interval, .plus), (.timestamp, .interval, .minus), (.date, .interval, .plus),
            (.date, .interval, .minus):
            return BoundExpression(.binary(op, left.cast(to: .timestamp), right), type: .timestamp, span: span)
        case (.interval, .timestamp, .plus), (.interval, .date, .plus):
            return BoundExpression(.binary(op, right.cast(to: .timestamp), left), type: .timestamp, span: span)
        case (.interval, .interval, .plus), (.interval, .interval, .minus):
            return BoundExpression(.binary(op, left, right), type: .interval, span: span)
        default:
            return nil
        }
    }
}
