/// A single SQL value, as literals carry it through planning.
public enum Value: Hashable, Sendable, Codable {
    case null
    case boolean(Bool)
    case int(Int32)
    case bigint(Int64)
    case double(Double)
    /// A decimal kept as its exact text, with its type.
    case decimal(String, precision: Int, scale: Int)
    case string(String)
    case interval(Interval)
    /// The fields of a struct or the elements of an array, in order; the type says which.
    case composite([Value])
    /// A timestamp: microseconds since the epoch.
    case timestamp(Int64)
    /// A date: days since the epoch.
    case date(Int32)

    /// The type of this value.
    public var dataType: DataType {
        switch self {
        case .null: return .null
        case .boolean: return .boolean
        case .int: return .int
        case .bigint: return .bigint
        case .double: return .double
        case .decimal(_, let precision, let scale): return .decimal(precision: precision, scale: scale)
        case .string: return .string
        case .interval: return .interval
        case .composite(let values): return .struct(values.enumerated().map { StructField(name: "_\($0.offset + 1)", type: $0.element.dataType) })
        case .timestamp: return .timestamp
        case .date: return .date
        }
    }

    /// The value as SQL text: `NULL`, `true`, `42`, `1.5D`, `'text'`, `INTERVAL '10 seconds'`.
    public var sqlText: String {
        switch self {
        case .null: return "NULL"
        case .boolean(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .bigint(let i): return "\(i)L"
        case .double(let d): return "\(d)D"
        case .decimal(let text, _, _): return text
        case .string(let s):
            let escaped = s.replacing("\\", with: "\\\\").replacing("'", with: "\\'").replacing("\t", with: "\\t")
                .replacing("\n", with: "\\n").replacing("\r", with: "\\r")
            return "'" + escaped + "'"
        case .interval(let i): return "INTERVAL '\(i)'"
        case .composite(let values): return "(" + values.map(\.sqlText).joined(separator: ", ") + ")"
        case .timestamp(let micros): return "TIMESTAMP_MICROS(\(micros))"
        case .date(let days): return "DATE_FROM_UNIX_DATE(\(days))"
        }
    }
}
