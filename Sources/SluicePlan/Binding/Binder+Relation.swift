import SluiceCore
import SluiceSQL

/// A bound `FROM`: either a finished plan or a table whose scan is built once the block has
/// named all the log keys it reads.
enum BoundRelation {
    case plan(LogicalPlan)
    case table(TableDefinition, isStreaming: Bool)
}

extension Binder {
    /// Binds the `FROM` of a select block into a relation and the scope its expressions see.
    func bindRelation(_ relation: Relation?) throws -> (BoundRelation, Scope) {
        guard let relation else {
            let scope = Scope(attributes: [], qualifiers: [], qualifier: nil, readsKeysOnDemand: false, ids: ids)
            return (.plan(.oneRow), scope)
        }
        switch relation {
        case .table(let name, let alias):
            let table = try self.table(name)
            guard let provider = Provider.all[table.provider], provider.isSource else {
                throw PlanError(
                    .unsupported, "table \(table.qualifiedName) (\(table.provider)) is a sink and cannot be read",
                    at: name.span)
            }
            let qualifier = alias?.value ?? table.name
            let qualifiers: Set<String> =
                alias.map { [$0.normalized] } ?? [table.name.lowercased(), table.qualifiedName.lowercased()]
            let attributes = fixedColumns(of: table, provider: provider).map { column, origin in
                Attribute(
                    id: ids.next(), name: column.name, type: column.type, nullable: column.nullable, qualifier: qualifier,
                    origin: origin)
            }
            var onDemand = false
            if case .logStore = provider.schemaRule { onDemand = table.declaredColumns.isEmpty }
            let scope = Scope(
                attributes: attributes, qualifiers: qualifiers, qualifier: qualifier, readsKeysOnDemand: onDemand, ids: ids)
            return (.table(table, isStreaming: provider.isStreaming), scope)
        case .subquery(let query, let alias, _):
            let child = try bindQuery(query)
            let plan = alias.map { LogicalPlan.subqueryAlias($0.value, child) } ?? child
            let scope = Scope(
                attributes: plan.output, qualifiers: alias.map { [$0.normalized] } ?? [], qualifier: alias?.value,
                readsKeysOnDemand: false, ids: ids)
            return (.plan(plan), scope)
        }
    }

    /// The columns a table always has, with where each comes from.
    func fixedColumns(of table: TableDefinition, provider: Provider) -> [(Column, Attribute.Origin)] {
        switch provider.schemaRule {
        case .logStore:
            // EMR maps columns by name: declared system columns and tags keep their place; the
            // system columns not declared follow.
            let declared = table.declaredColumns.map { column -> (Column, Attribute.Origin) in
                if Provider.logStoreSystemColumn(named: column.name) != nil { return (column, .system) }
                if let key = Scope.tagKey(of: column.name) { return (column, .tag(key)) }
                return (column, .column)
            }
            let names = Set(table.declaredColumns.map { $0.name.lowercased() })
            let undeclared = Provider.logStoreSystemColumns.filter { !names.contains($0.name.lowercased()) }
            return declared + undeclared.map { ($0, .system) }
        case .fixed(let columns):
            return columns.map { ($0, .column) }
        case .declared, .declaredOrFromSink, .any:
            return table.declaredColumns.map { ($0, .column) }
        }
    }

    /// The plan that reads the relation, once the block is bound.
    func finish(_ relation: BoundRelation, scope: Scope) -> LogicalPlan {
        switch relation {
        case .plan(let plan): return plan
        case .table(let table, let isStreaming):
            let table = SessionDataSourceOptions.apply(session.conf, to: table)
            return .scan(ScanNode(table: table, attributes: scope.allAttributes, isStreaming: isStreaming))
        }
    }
}
