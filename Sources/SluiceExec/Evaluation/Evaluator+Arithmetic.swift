import SluiceCore

extension Evaluator {
    /// `+ - * / % DIV` and bitwise operators; integer overflow wraps and division by zero is
    /// NULL, as in Spark without ANSI mode.
    func arithmetic(_ op: BinaryOperator, _ left: ColumnVector, _ right: ColumnVector, type: DataType) throws -> ColumnVector {
        let count = left.count
        var nulls = Evaluator.nulls(left.nulls, right.nulls)
        switch (left.storage, right.storage) {
        case (.int64(let l), .int64(let r)) where type != .timestamp:
            var values = [Int64](repeating: 0, count: count)
            var divisionNulls: [Bool]?
            for row in 0..<count {
                let a = l[row]
                let b = r[row]
                switch op {
                case .plus: values[row] = a &+ b
                case .minus: values[row] = a &- b
                case .multiply: values[row] = a &* b
                case .bitwiseAnd: values[row] = a & b
                case .bitwiseOr: values[row] = a | b
                case .bitwiseXor: values[row] = a ^ b
                case .modulo, .integerDivide, .divide:
                    if b == 0 {
                        if divisionNulls == nil { divisionNulls = [Bool](repeating: false, count: count) }
                        divisionNulls![row] = true
                    } else if op == .modulo {
                        values[row] = a.remainderReportingOverflow(dividingBy: b).partialValue
                    } else {
                        values[row] = a.dividedReportingOverflow(by: b).partialValue
                    }
                default: throw ExecError(.internalError, "integer \(op.rawValue)")
                }
            }
            nulls = Evaluator.nulls(nulls, divisionNulls)
            return ColumnVector(type: type, storage: .int64(narrow(values, to: type)), nulls: nulls)
        case (.double(let l), .double(let r)):
            if op == .integerDivide {
                return rowwise([left, right], count: count, type: .bigint) { values in
                    guard let a = values[0].double, let b = values[1].double, b != 0 else { return .null }
                    let q = (a / b).rounded(.towardZero)
                    return q.isFinite && abs(q) < 9.2e18 ? .bigint(Int64(q)) : .null
                }
            }
            var values = [Double](repeating: 0, count: count)
            var divisionNulls: [Bool]?
            for row in 0..<count {
                let a = l[row]
                let b = r[row]
                switch op {
                case .plus: values[row] = a + b
                case .minus: values[row] = a - b
                case .multiply: values[row] = a * b
                case .divide, .modulo:
                    if b == 0 {
                        if divisionNulls == nil { divisionNulls = [Bool](repeating: false, count: count) }
                        divisionNulls![row] = true
                    } else {
                        values[row] = op == .divide ? a / b : a.truncatingRemainder(dividingBy: b)
                    }
                default: throw ExecError(.internalError, "double \(op.rawValue)")
                }
            }
            nulls = Evaluator.nulls(nulls, divisionNulls)
            return ColumnVector(type: type, storage: .double(values), nulls: nulls)
        default:
            return rowwise([left, right], count: count, type: type) { values in
                Evaluator.timeArithmetic(op, values[0], values[1])
            }
        }
    }

    /// Narrows wrapped results to the width of `type`, as Spark's int arithmetic overflows at 32 bits.
    private func narrow(_ values: [Int64], to type: DataType) -> [Int64] {
        switch type {
        case .int: return values.map { Int64(Int32(truncatingIfNeeded: $0)) }
        case .smallint: return values.map { Int64(Int16(truncatingIfNeeded: $0)) }
        case .tinyint: return values.map { Int64(Int8(truncatingIfNeeded: $0)) }
        default: return values
        }
    }

    /// `timestamp ± interval`, `interval ± interval`.
    static func timeArithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case (.timestamp(let micros), .interval(let interval)):
            let sign: Int64 = op == .minus ? -1 : 1
            var result = micros + sign * interval.microseconds
            if interval.months != 0 { result = addMonths(result, sign * interval.months) }
            return .timestamp(result)
        case (.interval(let x), .interval(let y)):
            let sign: Int64 = op == .minus ? -1 : 1
            return .interval(Interval(months: x.months + sign * y.months, microseconds: x.microseconds + sign * y.microseconds))
        default:
            return .null
        }
    }

    private static func addMonths(_ micros: Int64, _ months: Int64) -> Int64 {
        let days = micros.floorDivided(by: CivilTime.microsecondsPerDay)
        let timeOfDay = micros - days * CivilTime.microsecondsPerDay
        let (year, month, day) = CivilTime.civil(days: Int(days))
        let total = Int64(year) * 12 + Int64(month - 1) + months
        let newYear = Int(total.floorDivided(by: 12))
        let newMonth = Int(total - Int64(newYear) * 12) + 1
        let newDay = min(day, CivilTime.daysIn(month: newMonth, year: newYear))
        return Int64(CivilTime.days(year: newYear, month: newMonth, day: newDay)) * CivilTime.microsecondsPerDay + timeOfDay
    }
}
