import SluiceCore
import SluiceSQL

/// A typed expression whose names are resolved to attributes and functions.
public struct BoundExpression: Sendable, Equatable, Codable {
    /// What the expression computes.
    public indirect enum Kind: Sendable, Equatable, Codable {
        case column(Attribute)
        case literal(Value)
        case cast(BoundExpression)
        case unary(UnaryOperator, BoundExpression)
        case binary(BinaryOperator, BoundExpression, BoundExpression)
        /// A scalar built-in or user function; `name` is canonical (lower-case).
        case call(name: String, arguments: [BoundExpression])
        /// A user function created with `CREATE FUNCTION`, bound to its built-in implementation.
        case userFunction(FunctionDefinition, arguments: [BoundExpression])
        /// An aggregate; its arguments are evaluated per input row.
        case aggregate(name: String, arguments: [BoundExpression], distinct: Bool)
        /// `CASE WHEN c THEN r … ELSE e END` (an operand form is rewritten to comparisons).
        case caseWhen(branches: [BoundBranch], otherwise: BoundExpression?)
        case inList(BoundExpression, [BoundExpression], negated: Bool)
        case like(BoundExpression, pattern: BoundExpression, negated: Bool, regex: Bool)
        case isNull(BoundExpression, negated: Bool)
        /// A field of a struct.
        case field(BoundExpression, name: String)
        /// An array element or map value.
        case element(BoundExpression, BoundExpression)
        /// The windows a timestamp falls in: `[start, start + size)` every `slide`, aligned to the epoch.
        case window(time: BoundExpression, size: Interval, slide: Interval)
    }

    /// What the expression computes.
    public var kind: Kind
    /// The result type.
    public var type: DataType
    /// Where the expression was written, for messages.
    public var span: SourceSpan?
    /// Whether this is a `CAST` the query wrote (implicit casts are left out of column names).
    public var isExplicitCast = false

    /// Creates an expression.
    public init(_ kind: Kind, type: DataType, span: SourceSpan?) {
        self.kind = kind
        self.type = type
        self.span = span
    }

    /// Equality ignores spans: two expressions written in different places are the same expression.
    public static func == (left: BoundExpression, right: BoundExpression) -> Bool {
        left.type == right.type && left.kind == right.kind
    }

    /// This expression cast to `target`, or itself when it already has that type.
    public func cast(to target: DataType) -> BoundExpression {
        if type == target { return self }
        if case .literal(.null) = kind { return BoundExpression(.literal(.null), type: target, span: span) }
        return BoundExpression(.cast(self), type: target, span: span)
    }

    /// Whether an aggregate call occurs anywhere in the expression.
    public var containsAggregate: Bool {
        if case .aggregate = kind { return true }
        return children.contains { $0.containsAggregate }
    }

    /// The direct subexpressions.
    public var children: [BoundExpression] {
        switch kind {
        case .column, .literal: return []
        case .cast(let e), .unary(_, let e), .isNull(let e, _), .field(let e, _): return [e]
        case .binary(_, let l, let r), .element(let l, let r), .like(let l, let r, _, _): return [l, r]
        case .call(_, let arguments), .aggregate(_, let arguments, _), .userFunction(_, let arguments): return arguments
        case .caseWhen(let branches, let otherwise):
            return branches.flatMap { [$0.condition, $0.result] } + (otherwise.map { [$0] } ?? [])
        case .inList(let e, let list, _): return [e] + list
        case .window(let time, _, _): return [time]
        }
    }

    /// The attributes this expression reads.
    public var references: [Attribute] {
        if case .column(let attribute) = kind { return [attribute] }
        return children.flatMap(\.references)
    }
}

/// One `WHEN … THEN …` of a bound `CASE`.
public struct BoundBranch: Sendable, Equatable, Codable {
    /// The condition.
    public var condition: BoundExpression
    /// The result when it holds.
    public var result: BoundExpression
}

/// An expression with the attribute that names its result.
public struct NamedExpression: Sendable, Equatable, Codable {
    /// The computation.
    public var expression: BoundExpression
    /// The output column it produces.
    public var attribute: Attribute
}
