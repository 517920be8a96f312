import SluiceCore

/// A query: a `SELECT` block with its `ORDER BY` and `LIMIT`.
public struct Query: Sendable, Equatable {
    /// The select block.
    public var select: Select
    /// `ORDER BY` items.
    public var orderBy: [OrderItem]
    /// `LIMIT` expression.
    public var limit: Expression?
    /// Where the query is written.
    public var span: SourceSpan

    /// Creates a query.
    public init(select: Select, orderBy: [OrderItem] = [], limit: Expression? = nil, span: SourceSpan) {
        self.select = select
        self.orderBy = orderBy
        self.limit = limit
        self.span = span
    }
}

/// `SELECT [DISTINCT] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …]`.
public struct Select: Sendable, Equatable {
    /// Whether `DISTINCT` was given.
    public var distinct: Bool
    /// The select list.
    public var items: [SelectItem]
    /// The `FROM` relation, if any.
    public var from: Relation?
    /// The `WHERE` condition.
    public var whereClause: Expression?
    /// `GROUP BY` expressions.
    public var groupBy: [Expression]
    /// The `HAVING` condition.
    public var having: Expression?

    /// Creates a select block.
    public init(
        distinct: Bool = false, items: [SelectItem], from: Relation? = nil, whereClause: Expression? = nil,
        groupBy: [Expression] = [], having: Expression? = nil
    ) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
    }
}

/// One item of a select list.
public struct SelectItem: Sendable, Equatable {
    /// The expression (a `.star` for `*` and `t.*`).
    public var expression: Expression
    /// The `AS` name, if given.
    public var alias: Identifier?

    /// Creates an item.
    public init(expression: Expression, alias: Identifier? = nil) {
        self.expression = expression
        self.alias = alias
    }
}

/// A relation in `FROM`.
public indirect enum Relation: Sendable, Equatable {
    /// A table by name, with an optional alias.
    case table(QualifiedName, alias: Identifier?)
    /// A parenthesized query with an optional alias.
    case subquery(Query, alias: Identifier?, span: SourceSpan)

    /// Where the relation is written.
    public var span: SourceSpan {
        switch self {
        case .table(let name, let alias): return alias.map { name.span.union($0.span) } ?? name.span
        case .subquery(_, _, let span): return span
        }
    }
}

/// One `ORDER BY` item.
public struct OrderItem: Sendable, Equatable {
    /// The sort key.
    public var expression: Expression
    /// Whether the order is ascending.
    public var ascending: Bool
    /// Whether NULLs sort first (Spark's default: first when ascending).
    public var nullsFirst: Bool

    /// Creates an item.
    public init(expression: Expression, ascending: Bool = true, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.ascending = ascending
        self.nullsFirst = nullsFirst ?? ascending
    }
}
