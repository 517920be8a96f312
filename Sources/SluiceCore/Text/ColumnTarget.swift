/// What the values of a column convert to, decided once per scan from the column's type.
public enum ColumnTarget: Sendable {
    /// `string`: the text as is.
    case string
    /// `binary`: bytes, stored like a string.
    case binary
    /// An integral type, with its range of values.
    case integer(ClosedRange<Int64>)
    /// `float` or `double`.
    case floating
    /// `decimal(precision, scale)`, stored as the nearest `Double`.
    case decimal(precision: Int, scale: Int)
    /// `boolean`.
    case boolean
    /// `timestamp`: microseconds since the epoch.
    case timestamp
    /// `date`: days since the epoch.
    case date
    /// The `void` type: every value is NULL.
    case alwaysNull
    /// A type the text formats do not read (interval, array, map, struct): values are NULL.
    case unsupported

    /// The target of a column of `type`.
    @inlinable
    public init(_ type: DataType) {
        switch type {
        case .string: self = .string
        case .binary: self = .binary
        case .tinyint, .smallint, .int, .bigint:
            self = .integer(ValueParsing.integerRange(of: type) ?? Int64.min...Int64.max)
        case .float, .double: self = .floating
        case .decimal(let precision, let scale): self = .decimal(precision: precision, scale: scale)
        case .boolean: self = .boolean
        case .timestamp: self = .timestamp
        case .date: self = .date
        case .null: self = .alwaysNull
        case .interval, .array, .map, .struct: self = .unsupported
        }
    }

    /// Whether an empty text is a value of this target (a string) rather than a missing one.
    @inlinable
    public var acceptsEmptyText: Bool {
        switch self {
        case .string, .binary: return true
        case .integer, .floating, .decimal, .boolean, .timestamp, .date, .alwaysNull, .unsupported: return false
        }
    }

    /// Appends `text` converted to this target, as a CSV field converts; `false`, with nothing
    /// appended, when it does not convert.
    @inlinable
    public func appendText(_ text: UnsafeBufferPointer<UInt8>, to builder: inout ColumnBuilder, utcOffsetSeconds: Int) -> Bool
    {
        switch self {
        case .string, .binary:
            builder.append(stringBytes: text)
        case .integer(let range):
            guard let value = ValueParsing.integer(text, in: range) else { return false }
            builder.append(int64: value)
        case .floating:
            guard let value = ValueParsing.double(text) else { return false }
            builder.append(double: value)
        case .decimal(let precision, let scale):
            guard let value = ValueParsing.decimal(text, precision: precision, scale: scale) else { return false }
            builder.append(double: value)
        case .boolean:
            guard let value = ValueParsing.boolean(text) else { return false }
            builder.append(boolean: value)
        case .timestamp:
            guard let value = CivilTime.parseTimestamp(text, utcOffsetSeconds: utcOffsetSeconds) else { return false }
            builder.append(int64: value)
        case .date:
            guard let value = CivilTime.parseDate(text) else { return false }
            builder.append(int64: Int64(value))
        case .alwaysNull:
            builder.appendNull()
        case .unsupported:
            return false
        }
        return true
    }
}
