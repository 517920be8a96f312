/// Builds a column of a declared type from text values, converting them as the CSV reader does:
/// for sources whose values are strings on the wire (log-store keys and tags).
public struct TextColumnBuilder: Sendable {
    private var builder: ColumnBuilder
    private let target: ColumnTarget

    /// A builder for a column of `type`.
    public init(type: DataType, capacity: Int = 0) {
        builder = ColumnBuilder(type: type, capacity: capacity)
        target = ColumnTarget(type)
    }

    /// Makes room for `rows` rows and, in a string column, `stringBytes` bytes of text, so that
    /// appending does not reallocate.
    public mutating func reserve(rows: Int, stringBytes: Int) {
        builder.reserve(rows: rows, stringBytes: stringBytes)
    }

    /// Rows appended so far.
    public var count: Int { builder.count }

    /// Appends `text` converted to the column's type. Empty text is NULL for non-string types.
    /// - Returns: `false`, with NULL appended, when the text does not convert (a malformed value).
    @discardableResult
    public mutating func append(text: UnsafeBufferPointer<UInt8>, utcOffsetSeconds: Int) -> Bool {
        if text.isEmpty && !target.acceptsEmptyText {
            builder.appendNull()
            return true
        }
        if target.appendText(text, to: &builder, utcOffsetSeconds: utcOffsetSeconds) { return true }
        builder.appendNull()
        return false
    }

    /// Appends a stored integer as is: the value of an integral column, microseconds since the
    /// epoch for a timestamp column, days for a date column.
    public mutating func append(int64 value: Int64) { builder.append(int64: value) }

    /// Appends NULL.
    public mutating func appendNull() { builder.appendNull() }

    /// Whether values append as they are (a `string` or `binary` column): such a column can
    /// have its bytes placed by the caller (`beginPlacing()`).
    public var takesTextAsIs: Bool {
        switch target {
        case .string, .binary: return true
        default: return false
        }
    }

    /// Starts placing the column's bytes in the caller's buffer (`ColumnBuilder.beginPlacing()`).
    public mutating func beginPlacing() { builder.beginPlacing() }

    /// Appends a value of `count` bytes placed right after the previous one's in the caller's
    /// buffer (at `placedBytes`).
    @inline(__always)
    public mutating func appendPlaced(count: Int) { builder.appendPlaced(count: count) }

    /// Where the next value's bytes go in the caller's buffer.
    public var placedBytes: Int { builder.placedBytes }

    /// Ends placing: `bytes`, exactly the bytes placed, become the column's.
    public mutating func finishPlacing(_ bytes: [UInt8]) { builder.finishPlacing(bytes) }

    /// The finished column.
    public mutating func finish() -> ColumnVector { builder.finish() }
}
