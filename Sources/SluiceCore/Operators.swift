/// The SQL operators, shared by the parser's syntax tree, the binder's bound expressions and the
/// evaluator, so that evaluating a plan needs no parser.

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Equatable, Codable {
    case minus = "-"
    case plus = "+"
    case bitwiseNot = "~"
    case not = "NOT"
}

/// Infix operators.
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable, Codable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    case nullSafeEqual = "<=>"
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case bitwiseOr = "|"
    case bitwiseXor = "^"
    case bitwiseAnd = "&"
    case plus = "+"
    case minus = "-"
    case concat = "||"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case integerDivide = "DIV"

    /// Whether this is a comparison yielding a boolean.
    public var isComparison: Bool {
        switch self {
        case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}
