import SluiceCore
import SluiceSQL

extension Binder {
    /// Splits `WHERE` into a watermark (`delay(col) < 'd'`) and the remaining condition.
    func bindWhere(
        _ condition: Expression?, scope: Scope
    ) throws -> (watermark: (Attribute, Interval)?, condition: BoundExpression?) {
        guard let condition else { return (nil, nil) }
        let context = ExpressionContext(scope: scope, aggregatesAllowed: false, clause: "WHERE")
        var watermark: (Attribute, Interval)?
        var remaining: [BoundExpression] = []
        for conjunct in conjuncts(of: condition) {
            if let found = try watermarkDeclaration(conjunct, context) {
                if watermark != nil {
                    throw PlanError(.unsupported, "only one delay() watermark per query", at: conjunct.span)
                }
                watermark = found
            } else {
                remaining.append(try expectBoolean(try bind(conjunct, context), what: "WHERE"))
            }
        }
        let combined = remaining.dropFirst().reduce(remaining.first) { result, next in
            result.map { BoundExpression(.binary(.and, $0, next), type: .boolean, span: nil) }
        }
        return (watermark, combined)
    }

    private func conjuncts(of expression: Expression) -> [Expression] {
        if case .binary(.and, let left, let right) = expression.kind { return conjuncts(of: left) + conjuncts(of: right) }
        return [expression]
    }

    /// The column and delay of `delay(col) < 'd'` (or `'d' > delay(col)`), or `nil` for other conditions.
    private func watermarkDeclaration(_ expression: Expression, _ context: ExpressionContext) throws -> (Attribute, Interval)? {
        guard case .binary(let op, let left, let right) = expression.kind else { return nil }
        let call: Expression
        let threshold: Expression
        if (op == .less || op == .lessOrEqual) && isDelayCall(left) {
            (call, threshold) = (left, right)
        } else if (op == .greater || op == .greaterOrEqual) && isDelayCall(right) {
            (call, threshold) = (right, left)
        } else {
            return nil
        }
        guard isDelayCall(call), case .call(_, let arguments, _) = call.kind else { return nil }
        guard arguments.count == 1 else {
            throw PlanError(.argumentCount, "delay takes 1 argument, got \(arguments.count)", at: call.span)
        }
        let time = try bind(arguments[0], context)
        guard case .column(let attribute) = time.kind, time.type == .timestamp else {
            let got = time.type == .timestamp ? "an expression" : "\(time.type.sqlName)"
            throw PlanError(.typeMismatch, "delay() needs a column of type timestamp, got \(got)", at: arguments[0].span)
        }
        let delay = try duration(threshold, of: "delay()")
        return (attribute, delay)
    }

    private func isDelayCall(_ expression: Expression) -> Bool {
        guard case .call(let name, _, _) = expression.kind else { return false }
        return name.parts.count == 1 && name.name.normalized == "delay"
    }
}
