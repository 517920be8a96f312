import SluiceCore

/// Renders plans as `EXPLAIN` prints them: one node a line, children under `+- `.
public enum Explain {
    /// The text of `plan`.
    public static func text(_ plan: LogicalPlan) -> String {
        var lines: [String] = []
        render(plan, prefix: "", childPrefix: "", into: &lines)
        return lines.joined(separator: "\n")
    }

    /// The text of an insert: the sink line, then its query.
    public static func text(_ insert: InsertPlan) -> String {
        var header = "Insert into \(insert.table.qualifiedName) [\(insert.table.provider)]"
        if insert.table.declaredColumns.isEmpty, case .declaredOrFromSink? = Provider.all[insert.table.provider]?.schemaRule {
            header += ", columns from the database table at run time"
        }
        header += ", output mode \(insert.outputMode.rawValue)"
        if let name = insert.queryName { header += ", query \(name)" }
        if let location = insert.checkpointLocation { header += ", checkpoint \(location)" }
        var lines = [header]
        if let statement = insert.sinkStatement { lines.append("   statement: \(statement)") }
        render(insert.query, prefix: "+- ", childPrefix: "   ", into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func render(_ plan: LogicalPlan, prefix: String, childPrefix: String, into lines: inout [String]) {
        lines.append(prefix + line(plan))
        for child in plan.children {
            render(child, prefix: childPrefix + "+- ", childPrefix: childPrefix + "   ", into: &lines)
        }
    }

    private static func list(_ items: [NamedExpression]) -> String {
        "[" + items.map(\.sql).joined(separator: ", ") + "]"
    }

    private static func line(_ plan: LogicalPlan) -> String {
        switch plan {
        case .scan(let scan):
            let kind = scan.isStreaming ? "StreamingScan" : "Scan"
            let columns = scan.attributes.map { attribute -> String in
                var text = "\(attribute.reference): \(attribute.type.sqlName)"
                switch attribute.origin {
                case .logKey: text += " (log key)"
                case .tag(let key): text += " (tag \(key))"
                default: break
                }
                return text
            }
            return "\(kind) \(scan.table.provider) \(scan.table.qualifiedName) [\(columns.joined(separator: ", "))]"
        case .oneRow: return "OneRowRelation"
        case .project(let items, _): return "Project \(list(items))"
        case .filter(let condition, _): return "Filter \(condition.sql)"
        case .watermark(let attribute, let delay, _): return "EventTimeWatermark \(attribute.reference), \(delay)"
        case .aggregate(let keys, let aggregates, _):
            return "Aggregate keys \(list(keys)), aggregates \(list(aggregates))"
        case .sort(let keys, _):
            let text = keys.map {
                "\($0.expression.sql) \($0.ascending ? "ASC" : "DESC") NULLS \($0.nullsFirst ? "FIRST" : "LAST")"
            }
            return "Sort [\(text.joined(separator: ", "))]"
        case .limit(let count, _): return "Limit \(count)"
        case .subqueryAlias(let name, _): return "SubqueryAlias \(name)"
        }
    }
}
