import SluiceCore
import SluiceSQL

extension Binder {
    /// Binds `expression` in `context`.
    /// - Throws: `PlanError` for unknown names, wrong argument counts and type mismatches.
    func bind(_ expression: Expression, _ context: ExpressionContext) throws -> BoundExpression {
        let span = expression.span
        switch expression.kind {
        case .literal(let value):
            return BoundExpression(.literal(value), type: value.dataType, span: span)
        case .column(let name):
            return try bindColumn(name, context)
        case .star:
            throw PlanError(.unsupported, "'*' is only allowed as a select item or in count(*)", at: span)
        case .unary(let op, let operand):
            return try bindUnary(op, try bind(operand, context), span: span)
        case .binary(let op, let left, let right):
            return try bindBinary(op, try bind(left, context), try bind(right, context), span: span)
        case .call(let name, let arguments, let distinct):
            return try bindCall(name, arguments, distinct: distinct, span: span, context)
        case .caseWhen(let operand, let branches, let otherwise):
            return try bindCase(operand, branches, otherwise, span: span, context)
        case .cast(let value, let typeName):
            let bound = try bind(value, context)
            guard TypeCoercion.canCast(from: bound.type, to: typeName.type) else {
                throw PlanError(
                    .typeMismatch, "cannot cast \(bound.type.sqlName) to \(typeName.type.sqlName)", at: typeName.span)
            }
            var cast = BoundExpression(.cast(bound), type: typeName.type, span: span)
            cast.isExplicitCast = true
            return cast
        case .inList(let value, let list, let negated):
            return try bindIn(value, list, negated: negated, span: span, context)
        case .between(let value, let low, let high, let negated):
            let bound = try bind(value, context)
            let lower = try bindBinary(.greaterOrEqual, bound, try bind(low, context), span: span)
            let upper = try bindBinary(.lessOrEqual, bound, try bind(high, context), span: span)
            let both = BoundExpression(.binary(.and, lower, upper), type: .boolean, span: span)
            return negated ? BoundExpression(.unary(.not, both), type: .boolean, span: span) : both
        case .like(let value, let pattern, let negated, let regex):
            let boundValue = try expectType(.string, try bind(value, context), what: regex ? "RLIKE" : "LIKE")
            let boundPattern = try expectType(.string, try bind(pattern, context), what: regex ? "RLIKE" : "LIKE")
            return BoundExpression(
                .like(boundValue, pattern: boundPattern, negated: negated, regex: regex), type: .boolean, span: span)
        case .isNull(let value, let negated):
            return BoundExpression(.isNull(try bind(value, context), negated: negated), type: .boolean, span: span)
        case .field(let value, let field):
            return try bindField(try bind(value, context), field)
        case .subscript(let value, let index):
            return try bindElement(try bind(value, context), try bind(index, context), span: span)
        }
    }

    /// Casts `expression` to `type` when an implicit cast exists, else fails naming `what`.
    func expectType(_ type: DataType, _ expression: BoundExpression, what: String) throws -> BoundExpression {
        guard TypeCoercion.canImplicitlyCast(from: expression.type, to: type) else {
            throw PlanError(
                .typeMismatch, "\(what) expects \(type.sqlName), got \(expression.type.sqlName)", at: expression.span)
        }
        return expression.cast(to: type)
    }

    private func bindColumn(_ name: QualifiedName, _ context: ExpressionContext) throws -> BoundExpression {
        let parts = name.parts
        let scope = context.scope
        var attribute: Attribute?
        var fields = ArraySlice<Identifier>()
        if parts.count >= 2, scope.isQualifier(parts[0].value), let found = scope.attribute(named: parts[1].value) {
            attribute = found
            fields = parts[2...]
        } else if let found = scope.attribute(named: parts[0].value) {
            attribute = found
            fields = parts[1...]
        } else if let key = context.groupKeyNames.first(where: { $0.name.lowercased() == parts[0].normalized }) {
            attribute = key
            fields = parts[1...]
        } else if scope.readsKeysOnDemand {
            if parts.count == 1 {
                attribute = scope.onDemandAttribute(named: parts[0].value)
            } else if parts.count == 2, scope.isQualifier(parts[0].value) {
                attribute = scope.onDemandAttribute(named: parts[1].value)
            }
        }
        guard let attribute else {
            let names = scope.availableNames + context.groupKeyNames.map(\.name)
            throw PlanError(
                .unknownColumn,
                "column '\(name)' not found in \(context.clause); input columns: \(names.joined(separator: ", "))",
                at: name.span)
        }
        let columnSpan = parts[0].span.union(parts[parts.count - fields.count - 1].span)
        var result = BoundExpression(.column(attribute), type: attribute.type, span: columnSpan)
        for field in fields { result = try bindField(result, field) }
        return result
    }

    private func bindField(_ value: BoundExpression, _ field: Identifier) throws -> BoundExpression {
        let span = (value.span ?? field.span).union(field.span)
        guard case .struct(let fields) = value.type else {
            throw PlanError(
                .typeMismatch, "cannot read field '\(field.value)' of \(value.type.sqlName): it is not a struct",
                at: field.span)
        }
        guard let found = value.type.field(named: field.value) else {
            let names = fields.map(\.name).joined(separator: ", ")
            throw PlanError(.unknownColumn, "struct has no field '\(field.value)'; fields: \(names)", at: field.span)
        }
        return BoundExpression(.field(value, name: found.name), type: found.type, span: span)
    }

    private func bindElement(_ value: BoundExpression, _ index: BoundExpression, span: SourceSpan) throws -> BoundExpression {
        switch value.type {
        case .array(let element):
            let position = try expectType(.int, index, what: "an array index")
            return BoundExpression(.element(value, position), type: element, span: span)
        case .map(let key, let element):
            let boundKey = try expectType(key, index, what: "a map key")
            return BoundExpression(.element(value, boundKey), type: element, span: span)
        default:
            throw PlanError(.typeMismatch, "cannot index \(value.type.sqlName) with [ ]", at: span)
        }
    }

    private func bindIn(
        _ value: Expression, _ list: [Expression], negated: Bool, span: SourceSpan, _ context: ExpressionContext
    ) throws -> BoundExpression {
        let boundValue = try bind(value, context)
        let items = try list.map { try bind($0, context) }
        var common = boundValue.type
        for item in items {
            guard let next = TypeCoercion.comparisonType(common, item.type) ?? TypeCoercion.widerType(common, item.type)
            else {
                throw PlanError(
                    .typeMismatch, "IN list item of type \(item.type.sqlName) cannot be compared with \(common.sqlName)",
                    at: item.span)
            }
            common = next
        }
        return BoundExpression(
            .inList(boundValue.cast(to: common), items.map { $0.cast(to: common) }, negated: negated), type: .boolean,
            span: span)
    }

    private func bindCase(
        _ operand: Expression?, _ branches: [WhenBranch], _ otherwise: Expression?, span: SourceSpan,
        _ context: ExpressionContext
    ) throws -> BoundExpression {
        let boundOperand = try operand.map { try bind($0, context) }
        var conditions: [BoundExpression] = []
        var results: [BoundExpression] = []
        for branch in branches {
            var condition = try bind(branch.condition, context)
            if let boundOperand {
                condition = try bindBinary(.equal, boundOperand, condition, span: branch.condition.span)
            }
            conditions.append(try expectBoolean(condition, what: "WHEN"))
            results.append(try bind(branch.result, context))
        }
        let boundElse = try otherwise.map { try bind($0, context) }
        let types = results.map(\.type) + (boundElse.map { [$0.type] } ?? [])
        guard let common = TypeCoercion.widerType(of: types) else {
            let listed = types.map(\.sqlName).joined(separator: ", ")
            throw PlanError(.typeMismatch, "CASE branches have no common type (\(listed))", at: span)
        }
        let bound = zip(conditions, results).map { BoundBranch(condition: $0, result: $1.cast(to: common)) }
        return BoundExpression(.caseWhen(branches: bound, otherwise: boundElse?.cast(to: common)), type: common, span: span)
    }

    /// `expression` as a boolean condition.
    func expectBoolean(_ expression: BoundExpression, what: String) throws -> BoundExpression {
        guard expression.type == .boolean || expression.type == .null else {
            throw PlanError(
                .typeMismatch, "\(what) needs a boolean condition, got \(expression.type.sqlName)", at: expression.span)
        }
        return expression.cast(to: .boolean)
    }
}
