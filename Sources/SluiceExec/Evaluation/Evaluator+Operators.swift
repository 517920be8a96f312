import SluiceCore

extension Evaluator {
    /// The union of two null masks.
    static func nulls(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        guard let a else { return b }
        guard let b else { return a }
        return zip(a, b).map { $0 || $1 }
    }

    func unary(_ op: UnaryOperator, _ column: ColumnVector, type: DataType) throws -> ColumnVector {
        switch (op, column.storage) {
        case (.not, .boolean(let values)):
            return ColumnVector(type: .boolean, storage: .boolean(values.map { !$0 }), nulls: column.nulls)
        case (.minus, .int64(let values)):
            return ColumnVector(type: type, storage: .int64(values.map { 0 &- $0 }), nulls: column.nulls)
        case (.minus, .double(let values)):
            return ColumnVector(type: type, storage: .double(values.map { -$0 }), nulls: column.nulls)
        case (.bitwiseNot, .int64(let values)):
            return ColumnVector(type: type, storage: .int64(values.map { ~$0 }), nulls: column.nulls)
        case (.plus, _):
            return column
        case (.minus, .values(let values)):
            let negated = values.map { value -> Value in
                if case .interval(let i) = value { return .interval(Interval(months: -i.months, microseconds: -i.microseconds)) }
                return value
            }
            return ColumnVector(type: type, storage: .values(negated), nulls: column.nulls)
        default:
            throw ExecError(.internalError, "unary \(op.rawValue) on \(column.type.sqlName)")
        }
    }

    func binary(_ op: BinaryOperator, _ left: ColumnVector, _ right: ColumnVector, type: DataType) throws -> ColumnVector {
        switch op {
        case .and, .or: return logic(op, left, right)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .nullSafeEqual:
            return compare(op, left, right)
        default: return try arithmetic(op, left, right, type: type)
        }
    }

    /// Three-valued AND/OR: `false AND NULL` is false, `true OR NULL` is true.
    private func logic(_ op: BinaryOperator, _ left: ColumnVector, _ right: ColumnVector) -> ColumnVector {
        guard case .boolean(let l) = left.storage, case .boolean(let r) = right.storage else {
            preconditionFailure("\(op.rawValue) on \(left.type.sqlName), \(right.type.sqlName)")
        }
        let count = l.count
        var values = [Bool](repeating: false, count: count)
        var nulls: [Bool]?
        if left.nulls == nil && right.nulls == nil {
            for row in 0..<count { values[row] = op == .and ? (l[row] && r[row]) : (l[row] || r[row]) }
        } else {
            var mask = [Bool](repeating: false, count: count)
            for row in 0..<count {
                let ln = left.isNull(row)
                let rn = right.isNull(row)
                let lv = l[row]
                let rv = r[row]
                if op == .and {
                    if (!ln && !lv) || (!rn && !rv) { values[row] = false } else if ln || rn { mask[row] = true } else { values[row] = true }
                } else {
                    if (!ln && lv) || (!rn && rv) { values[row] = true } else if ln || rn { mask[row] = true } else { values[row] = false }
                }
            }
            nulls = mask
        }
        return ColumnVector(type: .boolean, storage: .boolean(values), nulls: nulls)
    }

    private func compare(_ op: BinaryOperator, _ left: ColumnVector, _ right: ColumnVector) -> ColumnVector {
        let count = left.count
        var values = [Bool](repeating: false, count: count)
        func apply<T: Comparable>(_ l: [T], _ r: [T]) {
            switch op {
            case .equal, .nullSafeEqual: for row in 0..<count { values[row] = l[row] == r[row] }
            case .notEqual: for row in 0..<count { values[row] = l[row] != r[row] }
            case .less: for row in 0..<count { values[row] = l[row] < r[row] }
            case .lessOrEqual: for row in 0..<count { values[row] = l[row] <= r[row] }
            case .greater: for row in 0..<count { values[row] = l[row] > r[row] }
            default: for row in 0..<count { values[row] = l[row] >= r[row] }
            }
        }
        switch (left.storage, right.storage) {
        case (.int64(let l), .int64(let r)): apply(l, r)
        case (.double(let l), .double(let r)): apply(l.map(SortableDouble.init), r.map(SortableDouble.init))
        case (.boolean(let l), .boolean(let r)): apply(l.map { $0 ? 1 : 0 }, r.map { $0 ? 1 : 0 })
        case (.string(let l), .string(let r)):
            for row in 0..<count { values[row] = Evaluator.holds(op, StringOrder.compare(l, row, r, row)) }
        default:
            for row in 0..<count {
                values[row] = Evaluator.holds(op, ValueOrder.compare(left.value(at: row), right.value(at: row)))
            }
        }
        if op == .nullSafeEqual {
            if left.nulls != nil || right.nulls != nil {
                for row in 0..<count {
                    let ln = left.isNull(row)
                    let rn = right.isNull(row)
                    if ln || rn { values[row] = ln && rn }
                }
            }
            return ColumnVector(type: .boolean, storage: .boolean(values))
        }
        return ColumnVector(type: .boolean, storage: .boolean(values), nulls: Evaluator.nulls(left.nulls, right.nulls))
    }
}

extension Evaluator {
    /// Whether comparison `op` holds for an ordering result (-1, 0, 1).
    @inline(__always)
    static func holds(_ op: BinaryOperator, _ order: Int) -> Bool {
        switch op {
        case .equal, .nullSafeEqual: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }
}

/// Doubles ordered as Spark orders them: NaN equals NaN and is larger than any number.
struct SortableDouble: Comparable {
    let value: Double
    init(_ value: Double) { self.value = value }
    static func < (a: SortableDouble, b: SortableDouble) -> Bool {
        if a.value.isNaN { return false }
        if b.value.isNaN { return true }
        return a.value < b.value
    }
    static func == (a: SortableDouble, b: SortableDouble) -> Bool {
        (a.value.isNaN && b.value.isNaN) || a.value == b.value
    }
}

/// Byte-wise (UTF-8 code unit) ordering of strings, as Spark compares them.
enum StringOrder {
    static func compare(_ a: StringStorage, _ i: Int, _ b: StringStorage, _ j: Int) -> Int {
        let ra = a.range(i)
        let rb = b.range(j)
        let length = min(ra.count, rb.count)
        for k in 0..<length {
            let x = a.bytes[ra.lowerBound + k]
            let y = b.bytes[rb.lowerBound + k]
            if x != y { return x < y ? -1 : 1 }
        }
        return ra.count == rb.count ? 0 : (ra.count < rb.count ? -1 : 1)
    }
}

/// A total order on values of one type, NULLs first.
public enum ValueOrder {
    /// -1, 0 or 1.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.string(let x), .string(let y)):
            return x.utf8.elementsEqual(y.utf8) ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.composite(let x), .composite(let y)):
            for (p, q) in zip(x, y) {
                let order = compare(p, q)
                if order != 0 { return order }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.interval(let x), .interval(let y)):
            if x.months != y.months { return x.months < y.months ? -1 : 1 }
            return x.microseconds == y.microseconds ? 0 : (x.microseconds < y.microseconds ? -1 : 1)
        default:
            if let x = a.int64, let y = b.int64 { return x == y ? 0 : (x < y ? -1 : 1) }
            if let x = a.double, let y = b.double {
                let p = SortableDouble(x)
                let q = SortableDouble(y)
                return p == q ? 0 : (p < q ? -1 : 1)
            }
            return 0
        }
    }
}
