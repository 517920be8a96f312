/// Builds a column row by row; sources (JSON, CSV, LIBSVM, log groups) append parsed values.
public struct ColumnBuilder: Sendable {
    /// The column's type.
    public let type: DataType
    @usableFromInline var int64: [Int64] = []
    @usableFromInline var double: [Double] = []
    @usableFromInline var boolean: [Bool] = []
    @usableFromInline var strings = StringStorage()
    @usableFromInline var values: [Value] = []
    /// Which rows are NULL, kept only from the first NULL on (`hasNull`): most columns have
    /// none, and a flag appended per value was a third of the cost of appending a short string.
    @usableFromInline var nulls: [Bool] = []
    /// Rows appended.
    @usableFromInline var rows = 0
    @usableFromInline var hasNull = false
    @usableFromInline let kind: ColumnVector.StorageKind
    /// While a caller places a string column's bytes itself (`beginPlacing()`), where the rows
    /// placed so far end in the caller's buffer; nil otherwise.
    @usableFromInline var placedEnd: Int?

    /// Creates an empty builder for `type`, with room for `capacity` rows.
    public init(type: DataType, capacity: Int = 0) {
        self.type = type
        self.kind = ColumnVector.storageKind(of: type)
        switch kind {
        case .int64: int64.reserveCapacity(capacity)
        case .double: double.reserveCapacity(capacity)
        case .boolean: boolean.reserveCapacity(capacity)
        case .string: strings.offsets.reserveCapacity(capacity + 1)
        case .values: values.reserveCapacity(capacity)
        }
    }

    /// Makes room for `rows` rows and, in a string column, `stringBytes` bytes of text, so that
    /// appending does not reallocate (sources know both from the size of their input).
    public mutating func reserve(rows: Int, stringBytes: Int) {
        if hasNull { nulls.reserveCapacity(rows) }
        switch kind {
        case .int64: int64.reserveCapacity(rows)
        case .double: double.reserveCapacity(rows)
        case .boolean: boolean.reserveCapacity(rows)
        case .string:
            strings.offsets.reserveCapacity(rows + 1)
            strings.bytes.reserveCapacity(stringBytes)
        case .values: values.reserveCapacity(rows)
        }
    }

    /// The number of rows appended.
    public var count: Int { rows }

    /// Appends a NULL.
    @inlinable
    public mutating func appendNull() {
        appendedNull()
        switch kind {
        case .int64: int64.append(0)
        case .double: double.append(0)
        case .boolean: boolean.append(false)
        case .string:
            if let placedEnd { strings.offsets.append(Int32(placedEnd)) } else { strings.appendEmpty() }
        case .values: values.append(.null)
        }
    }

    /// Counts a NULL row, keeping `nulls` from the first one on.
    @usableFromInline
    mutating func appendedNull() {
        if !hasNull {
            nulls = [Bool](repeating: false, count: rows)
            hasNull = true
        }
        nulls.append(true)
        rows += 1
    }

    /// Counts a non-NULL row just appended.
    @inlinable @inline(__always)
    mutating func appendedValue() {
        rows += 1
        if hasNull { nulls.append(false) }
    }

    /// Appends an integer, timestamp (µs) or date (days); the builder must store `Int64`.
    @inlinable
    public mutating func append(int64 value: Int64) {
        precondition(kind == .int64, "append(int64:) to a \(type.sqlName) column")
        appendedValue()
        int64.append(value)
    }

    /// Appends a floating or decimal value; the builder must store `Double`.
    @inlinable
    public mutating func append(double value: Double) {
        precondition(kind == .double, "append(double:) to a \(type.sqlName) column")
        appendedValue()
        double.append(value)
    }

    /// Appends a boolean; the builder must store booleans.
    @inlinable
    public mutating func append(boolean value: Bool) {
        precondition(kind == .boolean, "append(boolean:) to a \(type.sqlName) column")
        appendedValue()
        boolean.append(value)
    }

    /// Appends a string given as UTF-8 bytes; the builder must store strings.
    @inlinable
    public mutating func append<C: Collection>(stringBytes value: C) where C.Element == UInt8 {
        precondition(kind == .string, "append(stringBytes:) to a \(type.sqlName) column")
        appendedValue()
        strings.append(bytes: value)
    }

    /// Appends a string given as a buffer of UTF-8 bytes (the sources' fast path).
    @inlinable
    public mutating func append(stringBytes value: UnsafeBufferPointer<UInt8>) {
        precondition(kind == .string, "append(stringBytes:) to a \(type.sqlName) column")
        appendedValue()
        strings.append(buffer: value)
    }

    /// Starts placing: the column's bytes are laid out by the caller in a buffer of its own, row
    /// after row from the buffer's start (`appendPlaced(count:)`), and handed over when done
    /// (`finishPlacing(_:)`), so that a source whose input holds the values can keep them where
    /// they are instead of copying them into a new buffer. Only for an empty string column.
    public mutating func beginPlacing() {
        precondition(kind == .string && count == 0 && strings.bytes.isEmpty, "beginPlacing() on a non-empty or non-string column")
        placedEnd = 0
    }

    /// Appends a string of `count` bytes the caller has placed right after the previous row's in
    /// its buffer (at `placedBytes`).
    @inlinable
    public mutating func appendPlaced(count: Int) {
        appendedValue()
        let end = (placedEnd ?? 0) + count
        placedEnd = end
        strings.offsets.append(Int32(end))
    }

    /// The bytes placed so far (where the next row's bytes go in the caller's buffer).
    public var placedBytes: Int { placedEnd ?? 0 }

    /// Ends placing: `bytes`, exactly the bytes placed, become the column's.
    public mutating func finishPlacing(_ bytes: [UInt8]) {
        precondition(placedEnd == bytes.count, "finishPlacing(_:) with \(bytes.count) bytes, \(placedEnd ?? 0) placed")
        strings.bytes = bytes
        placedEnd = nil
    }

    /// Appends a string; the builder must store strings.
    public mutating func append(string value: String) {
        append(stringBytes: value.utf8)
    }

    /// Appends a value of a type without specialized storage.
    public mutating func append(value: Value) {
        precondition(kind == .values, "append(value:) to a \(type.sqlName) column")
        if value == .null { appendedNull() } else { appendedValue() }
        values.append(value)
    }

    /// The finished column; the builder is left empty.
    public mutating func finish() -> ColumnVector {
        let storage: ColumnVector.Storage
        switch kind {
        case .int64: storage = .int64(int64)
        case .double: storage = .double(double)
        case .boolean: storage = .boolean(boolean)
        case .string: storage = .string(strings)
        case .values: storage = .values(values)
        }
        let column = ColumnVector(type: type, storage: storage, nulls: hasNull ? nulls : nil)
        self = ColumnBuilder(type: type)
        return column
    }
}
