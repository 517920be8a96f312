import SluiceCore

/// An expression as written, with its spot. Binding gives it a type (`SluicePlan`).
public struct Expression: Sendable, Equatable {
    /// What the expression is.
    public var kind: Kind
    /// Where it is written.
    public var span: SourceSpan

    /// Creates an expression.
    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The forms of expression.
    public indirect enum Kind: Sendable, Equatable {
        /// A literal value.
        case literal(Value)
        /// A column or a struct field path: `label`, `tb.time`, `window.start`.
        case column(QualifiedName)
        /// `*` or `t.*` (in select lists and `count(*)`).
        case star(qualifier: [Identifier])
        /// `-x`, `+x`, `~x`, `NOT x`.
        case unary(UnaryOperator, Expression)
        /// `a op b`.
        case binary(BinaryOperator, Expression, Expression)
        /// `f(args)`, `f(DISTINCT args)`, `count(*)`.
        case call(name: QualifiedName, arguments: [Expression], distinct: Bool)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
        case caseWhen(operand: Expression?, branches: [WhenBranch], otherwise: Expression?)
        /// `CAST(x AS type)`.
        case cast(Expression, TypeName)
        /// `x [NOT] IN (a, b, …)`.
        case inList(Expression, [Expression], negated: Bool)
        /// `x [NOT] BETWEEN low AND high`.
        case between(Expression, low: Expression, high: Expression, negated: Bool)
        /// `x [NOT] LIKE pattern` (or `RLIKE` when `regex`).
        case like(Expression, pattern: Expression, negated: Bool, regex: Bool)
        /// `x IS [NOT] NULL`.
        case isNull(Expression, negated: Bool)
        /// `(expr).field`.
        case field(Expression, Identifier)
        /// `expr[index]`.
        case `subscript`(Expression, Expression)
    }
}

/// One `WHEN condition THEN result` of a `CASE`.
public struct WhenBranch: Sendable, Equatable {
    /// The condition (or the value compared with the operand).
    public var condition: Expression
    /// The result when it holds.
    public var result: Expression

    /// Creates a branch.
    public init(condition: Expression, result: Expression) {
        self.condition = condition
        self.result = result
    }
}

