import SluiceCore
import SluiceSQL

extension Binder {
    /// Binds a query into a logical plan.
    /// - Throws: `PlanError` for unknown names, type errors and grouping errors.
    public func bindQuery(_ query: Query) throws -> LogicalPlan {
        let select = query.select
        let (relation, scope) = try bindRelation(select.from)
        let (watermark, condition) = try bindWhere(select.whereClause, scope: scope)
        let keys = try select.groupBy.map { try bindGroupKey(groupingExpression($0, select: select, scope: scope), scope: scope) }
        let windowKeys = keys.filter { if case .window = $0.expression.kind { true } else { false } }.map(\.attribute)
        if windowKeys.count > 1 {
            throw PlanError(.grouping, "only one window per GROUP BY", at: select.groupBy[1].span)
        }
        let selectContext = ExpressionContext(
            scope: scope, groupKeyNames: windowKeys, aggregatesAllowed: true, clause: "the select list")
        let items = try bindSelectItems(select.items, selectContext)
        let having = try select.having.map {
            var context = selectContext
            context.clause = "HAVING"
            return try expectBoolean(try bind($0, context), what: "HAVING")
        }
        let isAggregate = !keys.isEmpty || items.contains { $0.expression.containsAggregate } || having != nil
        // Without aggregation, ORDER BY may name input columns the select list leaves out (Spark):
        // they ride along as hidden columns of the projection and are dropped after the sort.
        var sortKeys: [SortKey]?
        var hidden: [NamedExpression] = []
        if !isAggregate && !select.distinct && !query.orderBy.isEmpty {
            (sortKeys, hidden) = try bindSortKeys(query.orderBy, outputs: items.map(\.attribute), input: scope)
        }
        var plan = finish(relation, scope: scope)
        if let watermark { plan = .watermark(watermark.0, delay: watermark.1, plan) }
        if let condition { plan = .filter(condition, plan) }
        if isAggregate {
            plan = try aggregatePlan(keys: keys, items: items, having: having, child: plan)
        } else {
            plan = .project(items + hidden, plan)
        }
        if select.distinct {
            let outputs = plan.output.map { NamedExpression(expression: column($0), attribute: $0) }
            plan = .aggregate(keys: outputs, aggregates: [], plan)
        }
        if let sortKeys {
            plan = .sort(sortKeys, plan)
            if !hidden.isEmpty { plan = .project(items.map { NamedExpression(expression: column($0.attribute), attribute: $0.attribute) }, plan) }
        }
        return try orderAndLimit(query, plan, sorted: sortKeys != nil)
    }

    /// Sort keys over the select list's outputs, or else over the input; the input columns they
    /// need beyond the outputs come back as hidden projections.
    private func bindSortKeys(
        _ order: [OrderItem], outputs: [Attribute], input: Scope
    ) throws -> ([SortKey], [NamedExpression]) {
        var keys: [SortKey] = []
        var hidden: [NamedExpression] = []
        for item in order {
            var expression: BoundExpression
            do {
                expression = try sortExpression(item, outputs: outputs)
            } catch let error as PlanError where error.kind == .unknownColumn {
                guard case .column = item.expression.kind else { throw error }
                let context = ExpressionContext(scope: input, aggregatesAllowed: false, clause: "ORDER BY")
                expression = try bind(item.expression, context)
                for attribute in expression.references
                where !outputs.contains(where: { $0.id == attribute.id }) && !hidden.contains(where: { $0.attribute.id == attribute.id }) {
                    hidden.append(NamedExpression(expression: column(attribute), attribute: attribute))
                }
            }
            guard expression.type.isOrderable else {
                throw PlanError(.typeMismatch, "cannot order by \(expression.type.sqlName)", at: item.expression.span)
            }
            keys.append(SortKey(expression: expression, ascending: item.ascending, nullsFirst: item.nullsFirst))
        }
        return (keys, hidden)
    }

    /// One `ORDER BY` item over the query's outputs: a position or an expression of them.
    private func sortExpression(_ item: OrderItem, outputs: [Attribute]) throws -> BoundExpression {
        if case .literal(.int(let position)) = item.expression.kind {
            guard position >= 1, Int(position) <= outputs.count else {
                throw PlanError(
                    .unknownColumn, "ORDER BY position \(position) is not in the select list (1…\(outputs.count))",
                    at: item.expression.span)
            }
            return column(outputs[Int(position) - 1])
        }
        let scope = Scope(attributes: outputs, qualifiers: [], qualifier: nil, readsKeysOnDemand: false, ids: ids)
        let context = ExpressionContext(scope: scope, aggregatesAllowed: false, clause: "ORDER BY (which sees the select list)")
        return try bind(item.expression, context)
    }

    /// A column reference to `attribute`.
    func column(_ attribute: Attribute) -> BoundExpression {
        BoundExpression(.column(attribute), type: attribute.type, span: nil)
    }

    private func bindSelectItems(_ items: [SelectItem], _ context: ExpressionContext) throws -> [NamedExpression] {
        var named: [NamedExpression] = []
        for item in items {
            if case .star(let qualifier) = item.expression.kind {
                if let first = qualifier.first, qualifier.count > 1 || !context.scope.isQualifier(first.value) {
                    throw PlanError(.unknownTable, "'\(qualifier.map(\.value).joined(separator: ".")).*' names no relation in FROM",
                                    at: item.expression.span)
                }
                let attributes = context.scope.allAttributes
                if attributes.isEmpty {
                    throw PlanError(.unknownColumn, "'*' has no columns to expand here", at: item.expression.span)
                }
                named += attributes.map { NamedExpression(expression: column($0), attribute: $0) }
                continue
            }
            let bound = try bind(item.expression, context)
            let name = item.alias?.value ?? autoName(bound)
            if item.alias == nil, case .column(let attribute) = bound.kind {
                named.append(NamedExpression(expression: bound, attribute: attribute))
            } else {
                named.append(NamedExpression(expression: bound, attribute: attribute(name, bound.type)))
            }
        }
        return named
    }

    /// Spark's name for an unaliased select item: the column's or field's name, else the expression's text.
    func autoName(_ expression: BoundExpression) -> String {
        switch expression.kind {
        case .column(let attribute): return attribute.name
        case .field(_, let name): return name
        default: return expression.displayName
        }
    }

    private func orderAndLimit(_ query: Query, _ input: LogicalPlan, sorted: Bool) throws -> LogicalPlan {
        var plan = input
        if !query.orderBy.isEmpty && !sorted {
            let keys = try query.orderBy.map { item in
                let expression = try sortExpression(item, outputs: plan.output)
                guard expression.type.isOrderable else {
                    throw PlanError(.typeMismatch, "cannot order by \(expression.type.sqlName)", at: item.expression.span)
                }
                return SortKey(expression: expression, ascending: item.ascending, nullsFirst: item.nullsFirst)
            }
            plan = .sort(keys, plan)
        }
        if let limit = query.limit {
            let count: Int
            switch limit.kind {
            case .literal(.int(let value)) where value >= 0: count = Int(value)
            case .literal(.bigint(let value)) where value >= 0: count = Int(value)
            default:
                throw PlanError(.typeMismatch, "LIMIT needs a non-negative integer literal", at: limit.span)
            }
            plan = .limit(count, plan)
        }
        return plan
    }
}
