import SluiceCore

extension ColumnVector {
    /// The value of row `row` (slow path: one enum per value).
    public func value(at row: Int) -> Value {
        if isNull(row) { return .null }
        switch storage {
        case .int64(let values):
            let v = values[row]
            switch type {
            case .bigint: return .bigint(v)
            case .timestamp: return .timestamp(v)
            case .date: return .date(Int32(truncatingIfNeeded: v))
            default: return .int(Int32(truncatingIfNeeded: v))
            }
        case .double(let values): return .double(values[row])
        case .boolean(let values): return .boolean(values[row])
        case .string(let strings): return .string(strings[row])
        case .values(let values): return values[row]
        }
    }

    /// A column of `values` of `type` (slow path).
    public static func from(_ values: [Value], type: DataType) -> ColumnVector {
        var builder = ColumnBuilder(type: type, capacity: values.count)
        for value in values { builder.append(value, as: type) }
        return builder.finish()
    }

    /// `count` copies of `value`.
    public static func constant(_ value: Value, type: DataType, count: Int) -> ColumnVector {
        let nulls: [Bool]? = value == .null ? Array(repeating: true, count: count) : nil
        switch ColumnVector.storageKind(of: type) {
        case .int64: return ColumnVector(type: type, storage: .int64(Array(repeating: value.int64 ?? 0, count: count)), nulls: nulls)
        case .double:
            return ColumnVector(type: type, storage: .double(Array(repeating: value.double ?? 0, count: count)), nulls: nulls)
        case .boolean:
            return ColumnVector(type: type, storage: .boolean(Array(repeating: value.boolean ?? false, count: count)), nulls: nulls)
        case .string:
            var strings = StringStorage()
            let text = value.string ?? ""
            strings.bytes.reserveCapacity(text.utf8.count * count)
            for _ in 0..<count { strings.append(text) }
            return ColumnVector(type: type, storage: .string(strings), nulls: nulls)
        case .values: return ColumnVector(type: type, storage: .values(Array(repeating: value, count: count)), nulls: nulls)
        }
    }
}

extension ColumnBuilder {
    /// Appends `value`, which has the builder's storage kind (or is NULL).
    public mutating func append(_ value: Value, as type: DataType) {
        if value == .null { return appendNull() }
        switch ColumnVector.storageKind(of: type) {
        case .int64: append(int64: value.int64 ?? 0)
        case .double: append(double: value.double ?? 0)
        case .boolean: append(boolean: value.boolean ?? false)
        case .string: append(string: value.string ?? "")
        case .values: append(value: value)
        }
    }
}

extension Value {
    /// The value as `Int64` storage: integers, timestamps (µs), dates (days).
    public var int64: Int64? {
        switch self {
        case .int(let v): return Int64(v)
        case .bigint(let v), .timestamp(let v): return v
        case .date(let v): return Int64(v)
        default: return nil
        }
    }

    /// The value as `Double` storage: doubles and decimals.
    public var double: Double? {
        switch self {
        case .double(let v): return v
        case .decimal(let text, _, _): return Double(text)
        case .int(let v): return Double(v)
        case .bigint(let v): return Double(v)
        default: return nil
        }
    }

    /// The value as a boolean.
    public var boolean: Bool? {
        if case .boolean(let v) = self { return v }
        return nil
    }

    /// The value as a string.
    public var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }
}
