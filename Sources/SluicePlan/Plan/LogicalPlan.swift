import SluiceCore

/// A bound query as a tree of relational operators.
///
///     Insert ─ Project ─ Aggregate ─ SubqueryAlias ─ Project ─ Scan
///
/// Each node lists the attributes it outputs; parents refer to them by id.
public indirect enum LogicalPlan: Sendable, Equatable {
    /// Reads a table.
    case scan(ScanNode)
    /// A single empty row, for `SELECT` without `FROM`.
    case oneRow
    /// Computes expressions.
    case project([NamedExpression], LogicalPlan)
    /// Keeps rows where the condition is true.
    case filter(BoundExpression, LogicalPlan)
    /// Declares an event-time column and how late rows may arrive (`delay(col) < 'd'`).
    case watermark(Attribute, delay: Interval, LogicalPlan)
    /// Groups by keys and computes aggregates; outputs the keys, then the aggregates.
    case aggregate(keys: [NamedExpression], aggregates: [NamedExpression], LogicalPlan)
    /// Orders rows.
    case sort([SortKey], LogicalPlan)
    /// Keeps the first rows.
    case limit(Int, LogicalPlan)
    /// Gives the child's output a qualifier.
    case subqueryAlias(String, LogicalPlan)

    /// The attributes this node outputs, in order.
    public var output: [Attribute] {
        switch self {
        case .scan(let scan): return scan.attributes
        case .oneRow: return []
        case .project(let items, _): return items.map(\.attribute)
        case .filter(_, let child), .watermark(_, _, let child), .sort(_, let child), .limit(_, let child):
            return child.output
        case .aggregate(let keys, let aggregates, _): return (keys + aggregates).map(\.attribute)
        case .subqueryAlias(let name, let child): return child.output.map { $0.qualified(by: name) }
        }
    }

    /// The node's children.
    public var children: [LogicalPlan] {
        switch self {
        case .scan, .oneRow: return []
        case .project(_, let child), .filter(_, let child), .watermark(_, _, let child), .aggregate(_, _, let child),
            .sort(_, let child), .limit(_, let child), .subqueryAlias(_, let child):
            return [child]
        }
    }

    /// Whether any scan below reads a stream.
    public var isStreaming: Bool {
        if case .scan(let scan) = self { return scan.isStreaming }
        return children.contains { $0.isStreaming }
    }

    /// Whether any aggregate is below.
    public var hasAggregate: Bool {
        if case .aggregate = self { return true }
        return children.contains { $0.hasAggregate }
    }

    /// Whether a sort is at or below this node.
    public var hasSort: Bool {
        if case .sort = self { return true }
        return children.contains { $0.hasSort }
    }

    /// Whether an aggregate below has a DISTINCT aggregate call.
    public var hasDistinctAggregate: Bool {
        if case .aggregate(_, let aggregates, _) = self,
            aggregates.contains(where: { if case .aggregate(_, _, true) = $0.expression.kind { true } else { false } })
        {
            return true
        }
        return children.contains { $0.hasDistinctAggregate }
    }

    /// The group-key expressions of the aggregate below, the watermarked column below it, and the
    /// ids of that column and of its plain renames on the way up, when both exist.
    public var aggregateKeysAndWatermark: ([BoundExpression], Attribute, Set<Int>)? {
        if case .aggregate(let keys, _, let child) = self, let watermark = child.watermarkAttribute {
            return (keys.map(\.expression), watermark, child.watermarkAliases)
        }
        for child in children { if let found = child.aggregateKeysAndWatermark { return found } }
        return nil
    }

    /// Ids of the watermarked column and of the columns that rename it (`time AS t`) above it.
    var watermarkAliases: Set<Int> {
        switch self {
        case .watermark(let attribute, _, let child): return child.watermarkAliases.union([attribute.id])
        case .project(let items, let child):
            let below = child.watermarkAliases
            var ids = below
            for item in items {
                var expression = item.expression
                if case .cast(let inner) = expression.kind { expression = inner }
                if case .column(let attribute) = expression.kind, below.contains(attribute.id) { ids.insert(item.attribute.id) }
            }
            return ids
        default:
            return children.reduce(into: Set<Int>()) { $0.formUnion($1.watermarkAliases) }
        }
    }

    /// The attribute of the watermark below, if any.
    public var watermarkAttribute: Attribute? {
        if case .watermark(let attribute, _, _) = self { return attribute }
        for child in children { if let found = child.watermarkAttribute { return found } }
        return nil
    }

    /// Whether a watermark is below.
    public var hasWatermark: Bool {
        if case .watermark = self { return true }
        return children.contains { $0.hasWatermark }
    }
}

/// The table a scan reads and the columns it produces.
public struct ScanNode: Sendable, Equatable, Codable {
    /// The table read.
    public var table: TableDefinition
    /// The columns produced: fixed ones, then log keys the query named.
    public var attributes: [Attribute]
    /// Whether the source is a stream.
    public var isStreaming: Bool

    /// Creates a scan.
    public init(table: TableDefinition, attributes: [Attribute], isStreaming: Bool) {
        self.table = table
        self.attributes = attributes
        self.isStreaming = isStreaming
    }
}

/// One `ORDER BY` key.
public struct SortKey: Sendable, Equatable {
    /// The key.
    public var expression: BoundExpression
    /// Whether ascending.
    public var ascending: Bool
    /// Whether NULLs come first.
    public var nullsFirst: Bool
}
