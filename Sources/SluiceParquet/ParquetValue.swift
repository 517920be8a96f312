/// A value read from a Parquet file: a column's value, a list, or a group of named fields.
public enum ParquetValue: Sendable, Equatable {
    /// An absent optional value.
    case null
    /// A BOOLEAN column's value.
    case boolean(Bool)
    /// An INT32 column's value (also Spark's `tinyint`, `smallint` and `int`).
    case int32(Int32)
    /// An INT64 column's value.
    case int64(Int64)
    /// A FLOAT column's value.
    case float(Float)
    /// A DOUBLE column's value.
    case double(Double)
    /// A BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY column's value (strings are UTF-8 bytes).
    case bytes([UInt8])
    /// A LIST-annotated group or a repeated field: its elements in order.
    case list([ParquetValue])
    /// A group (a record, a struct): its fields by name.
    case group([String: ParquetValue])

    /// The field `name` of a group; `nil` for other values or a missing field.
    public subscript(field name: String) -> ParquetValue? {
        guard case .group(let fields) = self else { return nil }
        return fields[name]
    }

    /// A short name of the value's kind, for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .boolean: "boolean"
        case .int32: "int32"
        case .int64: "int64"
        case .float: "float"
        case .double: "double"
        case .bytes: "byte array"
        case .list: "list"
        case .group: "group"
        }
    }
}
