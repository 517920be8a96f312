/// A SQL data type, with Spark's names and widening rules.
public indirect enum DataType: Hashable, Sendable, Codable {
    /// The type of the `NULL` literal; it widens to any type.
    case null
    case boolean
    case tinyint
    case smallint
    case int
    case bigint
    case float
    case double
    /// A fixed-point decimal with `precision` digits, `scale` of them after the point.
    case decimal(precision: Int, scale: Int)
    case string
    case binary
    case date
    /// Microseconds since the Unix epoch, rendered in the session time zone.
    case timestamp
    /// A calendar interval: months plus microseconds.
    case interval
    case array(DataType)
    case map(DataType, DataType)
    case `struct`([StructField])

    /// The type of a tumbling, hopping or `window()` group key: `struct<start:timestamp,end:timestamp>`.
    public static let window: DataType = .struct([
        StructField(name: "start", type: .timestamp),
        StructField(name: "end", type: .timestamp),
    ])

    /// Spark's `simpleString`: `int`, `decimal(10,2)`, `struct<start:timestamp,end:timestamp>`.
    public var sqlName: String {
        switch self {
        case .null: return "void"
        case .boolean: return "boolean"
        case .tinyint: return "tinyint"
        case .smallint: return "smallint"
        case .int: return "int"
        case .bigint: return "bigint"
        case .float: return "float"
        case .double: return "double"
        case .decimal(let precision, let scale): return "decimal(\(precision),\(scale))"
        case .string: return "string"
        case .binary: return "binary"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .interval: return "interval"
        case .array(let element): return "array<\(element.sqlName)>"
        case .map(let key, let value): return "map<\(key.sqlName),\(value.sqlName)>"
        case .struct(let fields):
            return "struct<" + fields.map { "\($0.name):\($0.type.sqlName)" }.joined(separator: ",") + ">"
        }
    }

    /// Whether this is one of the integral types.
    public var isIntegral: Bool {
        switch self {
        case .tinyint, .smallint, .int, .bigint: return true
        default: return false
        }
    }

    /// Decimal digits an integral type needs: 3, 5, 10 or 20 (0 for other types).
    public var integralDigits: Int {
        switch self {
        case .tinyint: return 3
        case .smallint: return 5
        case .int: return 10
        case .bigint: return 20
        default: return 0
        }
    }

    /// Whether arithmetic applies to this type.
    public var isNumeric: Bool {
        switch self {
        case .tinyint, .smallint, .int, .bigint, .float, .double, .decimal: return true
        default: return false
        }
    }

    /// Whether values of this type have a total order usable by comparisons, `min` and `max`.
    public var isOrderable: Bool {
        switch self {
        case .map: return false
        case .array(let element): return element.isOrderable
        case .struct(let fields): return fields.allSatisfy { $0.type.isOrderable }
        default: return true
        }
    }

    /// Whether this is a scalar type (not array, map or struct).
    public var isAtomic: Bool {
        switch self {
        case .array, .map, .struct: return false
        default: return true
        }
    }

    /// The field named `name` (case-insensitive) when this is a struct.
    public func field(named name: String) -> StructField? {
        guard case .struct(let fields) = self else { return nil }
        return fields.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The rank of a numeric type in Spark's widening order, `nil` for non-numeric types.
    var numericRank: Int? {
        switch self {
        case .tinyint: return 1
        case .smallint: return 2
        case .int: return 3
        case .bigint: return 4
        case .decimal: return 5
        case .float: return 6
        case .double: return 7
        default: return nil
        }
    }
}

/// A named field of a struct type.
public struct StructField: Hashable, Sendable, Codable {
    /// The field's name.
    public var name: String
    /// The field's type.
    public var type: DataType
    /// Whether the field may be NULL.
    public var nullable: Bool

    /// Creates a field.
    public init(name: String, type: DataType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}
