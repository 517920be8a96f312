/// The binary forms of types, values, columns and batches, shared by task results, aggregation
/// states and the executor plan.
///
/// - A type is a tag byte (`DataType.binaryTag`) and, for decimals, arrays, maps and structs,
///   its parameters (a struct: a count, then each field's name, type and nullability).
/// - A value is a tag byte and its payload: 0 null, 1 boolean (byte), 2 int (i32), 3 bigint
///   (i64), 4 double (its bits), 5 decimal (text, precision, scale as varints), 6 string, 7
///   interval (months i64, microseconds i64), 8 composite (count + values), 9 timestamp (i64),
///   10 date (i32).
/// - A column of `n` rows is its type, its storage kind (0 int64, 1 double, 2 boolean,
///   3 string, 4 boxed values), a boolean "has NULLs" and then `n` boolean bytes, and the
///   values: `n` i64s, `n` doubles, `n` booleans, `n + 1` i32 string offsets then a length and
///   the UTF-8 bytes, or `n` values.
/// - A batch is its row count, its column count and the columns.
extension ByteWriter {
    /// Appends a type.
    public mutating func dataType(_ type: DataType) {
        switch type {
        case .null: u8(0)
        case .boolean: u8(1)
        case .tinyint: u8(2)
        case .smallint: u8(3)
        case .int: u8(4)
        case .bigint: u8(5)
        case .float: u8(6)
        case .double: u8(7)
        case .decimal(let precision, let scale):
            u8(8)
            count(precision)
            count(scale)
        case .string: u8(9)
        case .binary: u8(10)
        case .date: u8(11)
        case .timestamp: u8(12)
        case .interval: u8(13)
        case .array(let element):
            u8(14)
            dataType(element)
        case .map(let key, let value):
            u8(15)
            dataType(key)
            dataType(value)
        case .struct(let fields):
            u8(16)
            count(fields.count)
            for field in fields {
                string(field.name)
                dataType(field.type)
                bool(field.nullable)
            }
        }
    }

    /// Appends a value.
    public mutating func value(_ value: Value) {
        switch value {
        case .null: u8(0)
        case .boolean(let flag): u8(1); bool(flag)
        case .int(let number): u8(2); i32(number)
        case .bigint(let number): u8(3); i64(number)
        case .double(let number): u8(4); f64(number)
        case .decimal(let text, let precision, let scale): u8(5); string(text); count(precision); count(scale)
        case .string(let text): u8(6); string(text)
        case .interval(let interval): u8(7); i64(interval.months); i64(interval.microseconds)
        case .composite(let values):
            u8(8)
            count(values.count)
            for element in values { self.value(element) }
        case .timestamp(let micros): u8(9); i64(micros)
        case .date(let days): u8(10); i32(days)
        }
    }

    /// Appends a column (its row count is written by the batch, or known to the reader).
    public mutating func column(_ column: ColumnVector) {
        dataType(column.type)
        switch column.storage {
        case .int64: u8(0)
        case .double: u8(1)
        case .boolean: u8(2)
        case .string: u8(3)
        case .values: u8(4)
        }
        bool(column.nulls != nil)
        if let nulls = column.nulls { bools(nulls) }
        switch column.storage {
        case .int64(let values): i64s(values)
        case .double(let values): f64s(values)
        case .boolean(let values): bools(values)
        case .string(let strings):
            i32s(strings.offsets)
            count(strings.bytes.count)
            raw(strings.bytes)
        case .values(let values): for element in values { value(element) }
        }
    }

    /// Appends a batch: row count, column count, columns.
    public mutating func batch(_ batch: RecordBatch) {
        count(batch.rowCount)
        columns(batch.columns)
    }

    /// Appends columns of one length (known to the reader): a count, then each column.
    public mutating func columns(_ columns: [ColumnVector]) {
        count(columns.count)
        for column in columns { self.column(column) }
    }
}

extension ByteReader {
    /// Reads a type; nesting deeper than `ByteReader.typeDepthMax` is refused.
    public mutating func dataType(_ field: String) throws(ByteFormatError) -> DataType {
        try dataType(field, depth: 0)
    }

    private mutating func dataType(_ field: String, depth: Int) throws(ByteFormatError) -> DataType {
        guard depth < Self.typeDepthMax else { throw ByteFormatError("\(field) nests types deeper than \(Self.typeDepthMax)") }
        let start = offset
        switch try u8(field) {
        case 0: return .null
        case 1: return .boolean
        case 2: return .tinyint
        case 3: return .smallint
        case 4: return .int
        case 5: return .bigint
        case 6: return .float
        case 7: return .double
        case 8: return .decimal(precision: try size(field), scale: try size(field))
        case 9: return .string
        case 10: return .binary
        case 11: return .date
        case 12: return .timestamp
        case 13: return .interval
        case 14: return .array(try dataType(field, depth: depth + 1))
        case 15: return .map(try dataType(field, depth: depth + 1), try dataType(field, depth: depth + 1))
        case 16:
            var fields: [StructField] = []
            for _ in 0..<(try count(field)) {
                let name = try string(field)
                let type = try dataType(field, depth: depth + 1)
                fields.append(StructField(name: name, type: type, nullable: try bool(field)))
            }
            return .struct(fields)
        case let tag: throw ByteFormatError("\(field) at offset \(start) has an unknown type tag \(tag)")
        }
    }

    /// Reads a value; nesting deeper than `ByteReader.typeDepthMax` is refused.
    public mutating func value(_ field: String) throws(ByteFormatError) -> Value {
        try value(field, depth: 0)
    }

    private mutating func value(_ field: String, depth: Int) throws(ByteFormatError) -> Value {
        guard depth < Self.typeDepthMax else { throw ByteFormatError("\(field) nests values deeper than \(Self.typeDepthMax)") }
        let start = offset
        switch try u8(field) {
        case 0: return .null
        case 1: return .boolean(try bool(field))
        case 2: return .int(try i32(field))
        case 3: return .bigint(try i64(field))
        case 4: return .double(try f64(field))
        case 5:
            let text = try string(field)
            return .decimal(text, precision: try size(field), scale: try size(field))
        case 6: return .string(try string(field))
        case 7: return .interval(Interval(months: try i64(field), microseconds: try i64(field)))
        case 8:
            var values: [Value] = []
            for _ in 0..<(try count(field)) { values.append(try value(field, depth: depth + 1)) }
            return .composite(values)
        case 9: return .timestamp(try i64(field))
        case 10: return .date(try i32(field))
        case let tag: throw ByteFormatError("\(field) at offset \(start) has an unknown value tag \(tag)")
        }
    }

    /// Reads a column of `rowCount` rows.
    public mutating func column(_ field: String, rowCount: Int) throws(ByteFormatError) -> ColumnVector {
        let type = try dataType("\(field) type")
        let start = offset
        let kind = try u8("\(field) storage")
        let nulls = try bool("\(field) has NULLs") ? try bools(rowCount, "\(field) NULLs") : nil
        let storage: ColumnVector.Storage
        switch kind {
        case 0: storage = .int64(try i64s(rowCount, field))
        case 1: storage = .double(try f64s(rowCount, field))
        case 2: storage = .boolean(try bools(rowCount, field))
        case 3:
            var strings = StringStorage()
            strings.offsets = try i32s(rowCount + 1, "\(field) offsets")
            let length = try length("\(field) bytes")
            strings.bytes = try raw(length, "\(field) bytes")
            guard strings.offsets.first == 0, strings.offsets.last == Int32(exactly: length),
                zip(strings.offsets, strings.offsets.dropFirst()).allSatisfy({ $0 <= $1 })
            else { throw ByteFormatError("\(field) at offset \(start) has string offsets out of order or past its bytes") }
            storage = .string(strings)
        case 4:
            var values: [Value] = []
            values.reserveCapacity(Swift.min(rowCount, remaining))
            for _ in 0..<rowCount { values.append(try value(field)) }
            storage = .values(values)
        default: throw ByteFormatError("\(field) at offset \(start) has an unknown storage kind \(kind)")
        }
        return ColumnVector(type: type, storage: storage, nulls: nulls)
    }

    /// Reads a batch: row count, column count, columns.
    public mutating func batch(_ field: String) throws(ByteFormatError) -> RecordBatch {
        let rowCount = try size("\(field) rows")
        return RecordBatch(columns: try columns(field, rowCount: rowCount), rowCount: rowCount)
    }

    /// Reads a count of columns of `rowCount` rows each, then the columns.
    public mutating func columns(_ field: String, rowCount: Int) throws(ByteFormatError) -> [ColumnVector] {
        var columns: [ColumnVector] = []
        for index in 0..<(try count("\(field) columns")) { columns.append(try column("\(field) column \(index)", rowCount: rowCount)) }
        return columns
    }

    /// Reads a varint of at most `Int32.max`: a size or a type parameter, not bound by the bytes left.
    public mutating func size(_ field: String) throws(ByteFormatError) -> Int {
        let start = offset
        let value = try varint(field)
        guard value <= UInt64(Int32.max) else { throw ByteFormatError("\(field) at offset \(start) is \(value), too large") }
        return Int(value)
    }

    /// The deepest nesting of types and values read.
    public static let typeDepthMax = 64
}
