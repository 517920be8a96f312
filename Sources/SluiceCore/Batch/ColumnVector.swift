/// One column of a batch: values of one type in contiguous storage, with an optional
/// null mask. Integers of every width, timestamps (microseconds since the epoch) and dates
/// (days since the epoch) are stored as `Int64`; floats and decimals as `Double`.
public struct ColumnVector: Sendable, Equatable {
    /// The storage, by physical kind.
    public enum Storage: Sendable, Equatable {
        case int64([Int64])
        case double([Double])
        case boolean([Bool])
        case string(StringStorage)
        /// Values of types without a specialized storage (structs, arrays, maps, intervals).
        case values([Value])
    }

    /// The column's SQL type.
    public var type: DataType
    /// The values; a null slot holds an arbitrary value.
    public var storage: Storage
    /// `true` where the value is NULL; `nil` when no value is NULL.
    public var nulls: [Bool]?

    /// Creates a column.
    public init(type: DataType, storage: Storage, nulls: [Bool]? = nil) {
        self.type = type
        self.storage = storage
        self.nulls = nulls
    }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case .int64(let values): return values.count
        case .double(let values): return values.count
        case .boolean(let values): return values.count
        case .string(let strings): return strings.count
        case .values(let values): return values.count
        }
    }

    /// Whether row `row` is NULL.
    @inline(__always)
    public func isNull(_ row: Int) -> Bool {
        nulls?[row] ?? false
    }

    /// The physical storage a type uses.
    public static func storageKind(of type: DataType) -> StorageKind {
        switch type {
        case .tinyint, .smallint, .int, .bigint, .timestamp, .date: return .int64
        case .float, .double, .decimal: return .double
        case .boolean: return .boolean
        case .string, .binary, .null: return .string
        case .interval, .array, .map, .struct: return .values
        }
    }

    /// The physical kinds of storage.
    public enum StorageKind: Sendable {
        case int64, double, boolean, string, values
    }
}

/// Strings of a column as one byte buffer with offsets (Arrow's layout): row `i` is
/// `bytes[offsets[i]..<offsets[i + 1]]`.
public struct StringStorage: Sendable, Equatable {
    /// The UTF-8 bytes of all rows, back to back.
    public var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`, starting at 0.
    public var offsets: [Int32]

    /// An empty column.
    public init() {
        bytes = []
        offsets = [0]
    }

    /// A column of `strings`.
    public init(_ strings: [String]) {
        self.init()
        for string in strings { append(string) }
    }

    /// The number of rows.
    public var count: Int { offsets.count - 1 }

    /// Appends one string.
    public mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        offsets.append(Int32(bytes.count))
    }

    /// Appends one string given as a buffer of bytes.
    @inlinable
    public mutating func append(buffer value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        offsets.append(Int32(bytes.count))
    }

    /// Appends one string given as bytes.
    @inlinable
    public mutating func append<C: Collection>(bytes value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
        offsets.append(Int32(bytes.count))
    }

    /// Appends an empty string (the slot of a NULL).
    @inlinable
    public mutating func appendEmpty() {
        offsets.append(Int32(bytes.count))
    }

    /// The bytes of row `row`.
    @inline(__always)
    public func range(_ row: Int) -> Range<Int> {
        Int(offsets[row])..<Int(offsets[row + 1])
    }

    /// Row `row` as a `String`.
    public subscript(row: Int) -> String {
        String(decoding: bytes[range(row)], as: UTF8.self)
    }
}

/// Rows as columns: the unit operators process.
public struct RecordBatch: Sendable, Equatable {
    /// The columns, in the order of the producing node's output.
    public var columns: [ColumnVector]
    /// The number of rows (also when there are no columns).
    public var rowCount: Int

    /// Creates a batch; every column has `rowCount` rows.
    public init(columns: [ColumnVector], rowCount: Int) {
        precondition(columns.allSatisfy { $0.count == rowCount }, "batch columns differ in length from \(rowCount)")
        self.columns = columns
        self.rowCount = rowCount
    }
}
