/// Spark's implicit-cast rules (non-ANSI mode), as pure functions of types.
public enum TypeCoercion {
    /// The tightest type both `left` and `right` widen to without losing range, or `nil`.
    ///
    /// Numbers widen along tinyint < smallint < int < bigint < decimal < float < double;
    /// `NULL` widens to anything; date widens to timestamp.
    public static func tightestCommonType(_ left: DataType, _ right: DataType) -> DataType? {
        if left == right { return left }
        switch (left, right) {
        case (.null, let other), (let other, .null): return other
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        case (.decimal(let p1, let s1), .decimal(let p2, let s2)):
            let scale = max(s1, s2)
            let integral = max(p1 - s1, p2 - s2)
            return .decimal(precision: min(38, integral + scale), scale: scale)
        case (.decimal, let integral) where integral.isIntegral, (let integral, .decimal) where integral.isIntegral:
            // Spark widens an integer to the decimal that holds all its values first.
            let asDecimal = DataType.decimal(precision: integral.integralDigits, scale: 0)
            return left.isIntegral ? tightestCommonType(asDecimal, right) : tightestCommonType(left, asDecimal)
        default: break
        }
        guard let leftRank = left.numericRank, let rightRank = right.numericRank else { return nil }
        return leftRank >= rightRank ? left : right
    }

    /// The wider type of `left` and `right`: like `tightestCommonType`, and when one side is a
    /// string and the other atomic, string (Spark's rule for `CASE`, `if`, `coalesce`, `IN`).
    public static func widerType(_ left: DataType, _ right: DataType) -> DataType? {
        if let common = tightestCommonType(left, right) { return common }
        switch (left, right) {
        case (.string, let other) where other.isAtomic, (let other, .string) where other.isAtomic:
            return .string
        case (.array(let a), .array(let b)):
            return widerType(a, b).map { .array($0) }
        default:
            return nil
        }
    }

    /// The wider type of all of `types`, or `nil` if some pair has none.
    public static func widerType(of types: [DataType]) -> DataType? {
        guard var result = types.first else { return nil }
        for type in types.dropFirst() {
            guard let wider = widerType(result, type) else { return nil }
            result = wider
        }
        return result
    }

    /// The type both sides of a comparison are cast to, or `nil` when they cannot be compared.
    ///
    /// Spark's rule: a string against a number compares as that number's type (as double when
    /// the number is a decimal), against a timestamp or date as that type, and booleans
    /// against strings as booleans.
    public static func comparisonType(_ left: DataType, _ right: DataType) -> DataType? {
        if let common = tightestCommonType(left, right) { return common }
        switch (left, right) {
        case (.string, .decimal), (.decimal, .string): return .double
        case (.string, let other) where other.isAtomic && other != .binary,
            (let other, .string) where other.isAtomic && other != .binary:
            return other
        default: return nil
        }
    }

    /// The result type of `+ - * %` on `left` and `right`, strings counting as double.
    public static func arithmeticType(_ left: DataType, _ right: DataType) -> DataType? {
        let l = left == .string ? DataType.double : left
        let r = right == .string ? DataType.double : right
        if l == .null && r == .null { return .int }
        guard l.isNumeric || l == .null, r.isNumeric || r == .null else { return nil }
        return tightestCommonType(l, r)
    }

    /// Whether an explicit `CAST(value AS target)` from `source` is allowed.
    public static func canCast(from source: DataType, to target: DataType) -> Bool {
        if source == target || source == .null { return true }
        switch (source, target) {
        case (_, .string): return true
        case (.string, _): return target.isAtomic
        case (let s, let t) where (s.isNumeric || s == .boolean) && (t.isNumeric || t == .boolean): return true
        case (.timestamp, .date), (.date, .timestamp): return true
        case (.timestamp, let t) where t.isNumeric: return true
        case (let s, .timestamp) where s.isNumeric: return true
        case (.array(let a), .array(let b)): return canCast(from: a, to: b)
        default: return false
        }
    }

    /// Whether `source` is implicitly cast to `target` where a function expects `target`.
    ///
    /// Spark's `ImplicitCastInputTypes`: numbers and strings convert into each other, dates
    /// and timestamps to strings, strings to dates and timestamps.
    public static func canImplicitlyCast(from source: DataType, to target: DataType) -> Bool {
        if source == target || source == .null { return true }
        switch (source, target) {
        case (let s, let t) where s.isNumeric && t.isNumeric: return true
        case (let s, .string) where s.isAtomic && s != .binary: return true
        case (.string, let t) where t.isNumeric || t == .timestamp || t == .date || t == .binary: return true
        case (.date, .timestamp), (.timestamp, .date): return true
        default: return false
        }
    }
}
