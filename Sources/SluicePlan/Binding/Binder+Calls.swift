import SluiceCore
import SluiceSQL

extension Binder {
    /// Binds a function call: arity, argument types with implicit casts, aggregate placement.
    func bindCall(
        _ name: QualifiedName, _ arguments: [Expression], distinct: Bool, span: SourceSpan, _ context: ExpressionContext
    ) throws -> BoundExpression {
        let (signature, userFunction) = try function(name)
        switch signature.kind {
        case .window:
            throw PlanError(
                .grouping, "\(name.name.value)() defines windows and is only allowed in GROUP BY", at: name.span)
        case .watermark:
            throw PlanError(
                .grouping,
                "delay() declares a watermark only as a condition of its own in WHERE, joined by AND: delay(time) < '2 minutes'",
                at: name.span)
        case .aggregate:
            guard context.aggregatesAllowed else {
                throw PlanError(.grouping, "aggregate function \(signature.name)() is not allowed in \(context.clause)", at: span)
            }
            guard !context.insideAggregate else {
                throw PlanError(.grouping, "aggregate function calls cannot be nested", at: span)
            }
        case .scalar:
            if distinct {
                throw PlanError(.unsupported, "DISTINCT is only allowed in aggregate functions", at: span)
            }
        }
        var inner = context
        if signature.kind == .aggregate { inner.insideAggregate = true }
        let isCountStar = signature.name == "count" && arguments.count == 1 && arguments[0].kind == .star(qualifier: [])
        if isCountStar && distinct {
            throw PlanError(.unsupported, "count(DISTINCT *) is not supported; name the columns", at: span)
        }
        let bound = isCountStar ? [] : try arguments.map { try bind($0, inner) }
        guard isCountStar || signature.accepts(argumentCount: bound.count) else {
            throw PlanError(
                .argumentCount,
                "function \(name) takes \(signature.arityText) argument\(signature.arityText.hasSuffix(" 1") || signature.arityText == "1" ? "" : "s"), "
                    + "got \(bound.count)",
                at: span)
        }
        if signature.name == "named_struct" && userFunction == nil { return try bindNamedStruct(bound, span: span) }
        let (resultType, casts) = try type(signature, name: name, bound, span: span)
        let castArguments = zip(bound, casts).map { $0.cast(to: $1) }
        if let userFunction {
            return BoundExpression(.userFunction(userFunction, arguments: castArguments), type: resultType, span: span)
        }
        if signature.kind == .aggregate {
            return BoundExpression(
                .aggregate(name: signature.name, arguments: castArguments, distinct: distinct), type: resultType, span: span)
        }
        return BoundExpression(.call(name: signature.name, arguments: castArguments), type: resultType, span: span)
    }

    /// `named_struct(name1, value1, …)`: each name a constant string, the struct's fields named by them.
    func bindNamedStruct(_ arguments: [BoundExpression], span: SourceSpan) throws -> BoundExpression {
        guard arguments.count % 2 == 0 else {
            throw PlanError(.argumentCount, "function named_struct takes name and value pairs, got \(arguments.count) arguments", at: span)
        }
        var fields: [StructField] = []
        for pair in stride(from: 0, to: arguments.count, by: 2) {
            guard case .literal(.string(let name)) = arguments[pair].kind else {
                throw PlanError(
                    .typeMismatch, "argument \(pair + 1) of named_struct: a field name must be a constant string",
                    at: arguments[pair].span)
            }
            fields.append(StructField(name: name, type: arguments[pair + 1].type))
        }
        return BoundExpression(.call(name: "named_struct", arguments: arguments), type: .struct(fields), span: span)
    }

    /// Applies `signature`'s typing to bound arguments.
    func type(
        _ signature: FunctionSignature, name: QualifiedName, _ arguments: [BoundExpression], span: SourceSpan
    ) throws -> (DataType, [DataType]) {
        switch signature.typing(arguments.map(\.type)) {
        case .typed(let result, let casts):
            precondition(casts.count == arguments.count, "typing of \(signature.name) returned \(casts.count) casts")
            return (result, casts)
        case .mismatch(let index, let message):
            let at = index < arguments.count ? arguments[index].span : span
            throw PlanError(.typeMismatch, "argument \(index + 1) of \(name): \(message)", at: at)
        }
    }
}
