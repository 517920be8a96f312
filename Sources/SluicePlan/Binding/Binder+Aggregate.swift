import SluiceCore
import SluiceSQL

extension Binder {
    /// The expression a `GROUP BY` item stands for: a position (`GROUP BY 1`) or an alias of the
    /// select list that names no input column (Spark's `groupByAliases`) means that item's expression.
    func groupingExpression(_ expression: Expression, select: Select, scope: Scope) throws -> Expression {
        var chosen: SelectItem?
        if case .literal(.int(let position)) = expression.kind {
            guard position >= 1, Int(position) <= select.items.count else {
                throw PlanError(
                    .unknownColumn, "GROUP BY position \(position) is not in the select list (1…\(select.items.count))",
                    at: expression.span)
            }
            chosen = select.items[Int(position) - 1]
        } else if case .column(let name) = expression.kind, name.parts.count == 1,
            scope.attribute(named: name.name.value) == nil
        {
            chosen = select.items.first { $0.alias?.normalized == name.name.normalized }
        }
        guard let chosen else { return expression }
        if case .star = chosen.expression.kind {
            throw PlanError(.grouping, "GROUP BY cannot refer to '*'", at: expression.span)
        }
        if containsAggregateCall(chosen.expression) {
            throw PlanError(
                .grouping, "GROUP BY refers to a select item that is an aggregate function", at: expression.span)
        }
        return chosen.expression
    }

    private func containsAggregateCall(_ expression: Expression) -> Bool {
        if case .call(let name, let arguments, _) = expression.kind {
            if name.parts.count == 1, FunctionRegistry.builtin(name.name.value)?.kind == .aggregate { return true }
            return arguments.contains { containsAggregateCall($0) }
        }
        return expression.subexpressions.contains { containsAggregateCall($0) }
    }

    /// Binds one `GROUP BY` item: a window (`TUMBLING`, `HOPPING`, `window`) or an expression.
    func bindGroupKey(_ expression: Expression, scope: Scope) throws -> NamedExpression {
        let context = ExpressionContext(scope: scope, aggregatesAllowed: false, clause: "GROUP BY")
        if case .call(let name, let arguments, _) = expression.kind, name.parts.count == 1,
            let signature = FunctionRegistry.builtin(name.name.value), signature.kind == .window
        {
            let window = try bindWindow(signature, name: name, arguments, span: expression.span, context)
            return NamedExpression(expression: window, attribute: attribute("window", .window, nullable: false))
        }
        let bound = try bind(expression, context)
        if case .column(let attribute) = bound.kind { return NamedExpression(expression: bound, attribute: attribute) }
        return NamedExpression(expression: bound, attribute: attribute(autoName(bound), bound.type))
    }

    private func bindWindow(
        _ signature: FunctionSignature, name: QualifiedName, _ arguments: [Expression], span: SourceSpan,
        _ context: ExpressionContext
    ) throws -> BoundExpression {
        guard signature.accepts(argumentCount: arguments.count) else {
            throw PlanError(
                .argumentCount, "\(name.name.value) takes \(signature.arityText) arguments, got \(arguments.count)", at: span)
        }
        let time = try bind(arguments[0], context)
        guard time.type == .timestamp || time.type == .date || time.type == .string else {
            throw PlanError(
                .typeMismatch, "argument 1 of \(name.name.value): expects a timestamp, got \(time.type.sqlName)",
                at: time.span)
        }
        let durations = try arguments.dropFirst().map { try duration($0, of: name.name.value) }
        let size = durations[0]
        let slide = durations.count > 1 ? durations[1] : size
        if slide.microseconds > size.microseconds {
            throw PlanError(
                .typeMismatch, "the slide (\(slide)) of \(name.name.value) is longer than its size (\(size))",
                at: arguments[2].span)
        }
        return BoundExpression(.window(time: time.cast(to: .timestamp), size: size, slide: slide), type: .window, span: span)
    }

    /// A positive fixed duration written as an interval literal or a string like `'10 seconds'`.
    func duration(_ expression: Expression, of function: String) throws -> Interval {
        var interval: Interval?
        switch expression.kind {
        case .literal(.interval(let value)): interval = value
        case .literal(.string(let text)): interval = Interval.parse(text)
        default:
            throw PlanError(
                .typeMismatch, "\(function) needs a duration literal such as interval 10 second or '10 seconds'",
                at: expression.span)
        }
        guard let interval else {
            throw PlanError(.typeMismatch, "cannot read this as a duration; write e.g. '10 seconds'", at: expression.span)
        }
        guard interval.isFixedLength, interval.microseconds > 0 else {
            throw PlanError(
                .typeMismatch, "\(function) needs a positive duration without months or years, got \(interval)",
                at: expression.span)
        }
        return interval
    }

    /// The aggregate, `HAVING` filter and projection of a grouped select block.
    func aggregatePlan(
        keys: [NamedExpression], items: [NamedExpression], having: BoundExpression?, child: LogicalPlan
    ) throws -> LogicalPlan {
        var aggregates: [NamedExpression] = []
        let keyIDs = Set(keys.map(\.attribute.id))
        let projected = try items.map { item in
            let rewritten = try rewrite(item.expression, keys: keys, keyIDs: keyIDs, aggregates: &aggregates)
            return NamedExpression(expression: rewritten, attribute: item.attribute)
        }
        let condition = try having.map { try rewrite($0, keys: keys, keyIDs: keyIDs, aggregates: &aggregates) }
        var plan = LogicalPlan.aggregate(keys: keys, aggregates: aggregates, child)
        if let condition { plan = .filter(condition, plan) }
        return .project(projected, plan)
    }

    /// Rewrites `expression` over the aggregate's output: group keys and aggregate calls become
    /// column references; any other column is an error.
    private func rewrite(
        _ expression: BoundExpression, keys: [NamedExpression], keyIDs: Set<Int>, aggregates: inout [NamedExpression]
    ) throws -> BoundExpression {
        if let key = keys.first(where: { $0.expression == expression }) {
            return BoundExpression(.column(key.attribute), type: key.attribute.type, span: expression.span)
        }
        switch expression.kind {
        case .aggregate:
            let existing = aggregates.first { $0.expression == expression }
            let named = existing ?? NamedExpression(expression: expression, attribute: attribute(aggregateName(expression), expression.type))
            if existing == nil { aggregates.append(named) }
            return BoundExpression(.column(named.attribute), type: named.attribute.type, span: expression.span)
        case .column(let attribute):
            if keyIDs.contains(attribute.id) { return expression }
            throw PlanError(
                .grouping,
                "column '\(attribute.name)' is neither in GROUP BY nor inside an aggregate function",
                at: expression.span)
        default:
            return try expression.mapChildren { try rewrite($0, keys: keys, keyIDs: keyIDs, aggregates: &aggregates) }
        }
    }

    /// The name of an aggregate's output inside a plan: the function's name (`sum`, `count`).
    private func aggregateName(_ expression: BoundExpression) -> String {
        if case .aggregate(let name, _, _) = expression.kind { return name }
        return autoName(expression)
    }
}
