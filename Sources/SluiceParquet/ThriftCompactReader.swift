/// The wire types of Thrift's compact protocol, as the low four bits of a field header.
enum ThriftType: UInt8, Sendable {
    case stop = 0
    case boolTrue = 1
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12

    /// The name Thrift gives the type, for messages.
    var name: String {
        switch self {
        case .stop: "stop"
        case .boolTrue, .boolFalse: "bool"
        case .byte: "byte"
        case .i16: "i16"
        case .i32: "i32"
        case .i64: "i64"
        case .double: "double"
        case .binary: "binary"
        case .list: "list"
        case .set: "set"
        case .map: "map"
        case .structure: "struct"
        }
    }
}

/// One field header of a Thrift structure: its id and wire type, and the structure's name for messages.
struct ThriftField {
    let id: Int16
    let type: ThriftType
    let structure: String

    /// "field 3 of ColumnMetaData", for messages.
    var name: String { "field \(id) of \(structure)" }
}

/// Reads Thrift's compact protocol (the encoding of Parquet's metadata) from a byte range,
/// checking every length against the bytes left and every nesting against `ParquetLimits`.
struct ThriftCompactReader {
    private let bytes: [UInt8]
    /// The next byte to read.
    private(set) var position: Int
    /// One past the last byte this reader may read.
    let end: Int
    private var depth = 0

    /// A reader of `bytes[start..<end]`.
    init(_ bytes: [UInt8], start: Int, end: Int) {
        precondition(
            0 <= start && start <= end && end <= bytes.count, "range \(start)..<\(end) of \(bytes.count) bytes")
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    // MARK: Scalars

    mutating func readByte(_ what: @autoclosure () -> String) throws(ParquetError) -> UInt8 {
        guard position < end else {
            throw .corrupt("\(what()) is cut off: the Thrift data ends at byte \(end)")
        }
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint(_ what: @autoclosure () -> String) throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte(what())
            guard shift < 64 else { throw .corrupt("\(what()) has a varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag varint as a signed 64-bit integer.
    mutating func readZigzag(_ what: @autoclosure () -> String) throws(ParquetError) -> Int64 {
        let raw = try readVarint(what())
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    private mutating func expect(_ field: ThriftField, _ types: [ThriftType], _ expected: String) throws(ParquetError) {
        guard types.contains(field.type) else {
            throw .corrupt("\(field.name) is a Thrift \(field.type.name), expected \(expected)")
        }
    }

    mutating func readI32(_ field: ThriftField) throws(ParquetError) -> Int32 {
        try expect(field, [.i32, .i16, .byte], "an i32")
        if field.type == .byte { return Int32(Int8(bitPattern: try readByte(field.name))) }
        let value = try readZigzag(field.name)
        guard let narrow = Int32(exactly: value) else { throw .corrupt("\(field.name) is \(value), outside i32") }
        return narrow
    }

    mutating func readI64(_ field: ThriftField) throws(ParquetError) -> Int64 {
        try expect(field, [.i64, .i32, .i16], "an i64")
        return try readZigzag(field.name)
    }

    mutating func readBool(_ field: ThriftField) throws(ParquetError) -> Bool {
        try expect(field, [.boolTrue, .boolFalse], "a bool")
        return field.type == .boolTrue
    }

    mutating func readBinary(_ field: ThriftField) throws(ParquetError) -> ArraySlice<UInt8> {
        try expect(field, [.binary], "a binary")
        return try readBinaryValue(field.name)
    }

    mutating func readString(_ field: ThriftField) throws(ParquetError) -> String {
        String(decoding: try readBinary(field), as: UTF8.self)
    }

    private mutating func readBinaryValue(_ what: @autoclosure () -> String) throws(ParquetError) -> ArraySlice<UInt8> {
        let length = try readVarint(what())
        guard length <= UInt64(end - position) else {
            throw .corrupt("\(what()) says \(length) bytes, but only \(end - position) are left")
        }
        let start = position
        position += Int(length)
        return bytes[start..<position]
    }

    // MARK: Containers

    /// Reads a structure field by field; `body` reads the fields it knows and skips none:
    /// any field it leaves unread (returns `false` for) is skipped here.
    mutating func readStruct(
        _ field: ThriftField, as name: String,
        _ body: (inout ThriftCompactReader, ThriftField) throws(ParquetError) -> Bool
    ) throws(ParquetError) {
        try expect(field, [.structure], "a struct")
        try readStructBody(name, body)
    }

    /// Reads a structure that is not inside a field (a whole message).
    mutating func readStructBody(
        _ name: String, _ body: (inout ThriftCompactReader, ThriftField) throws(ParquetError) -> Bool
    ) throws(ParquetError) {
        try enter(name)
        defer { depth -= 1 }
        var lastId: Int16 = 0
        while true {
            let header = try readByte("a field header of \(name)")
            guard header != 0 else { return }
            guard let type = ThriftType(rawValue: header & 0x0F), type != .stop else {
                throw .corrupt("a field of \(name) has Thrift type \(header & 0x0F), which does not exist")
            }
            let delta = Int16(header >> 4)
            if delta != 0 {
                lastId &+= delta
            } else {
                let id = try readZigzag("a field id of \(name)")
                guard let narrow = Int16(exactly: id) else {
                    throw .corrupt("a field id of \(name) is \(id), outside i16")
                }
                lastId = narrow
            }
            let field = ThriftField(id: lastId, type: type, structure: name)
            if try !body(&self, field) {
                try skip(type, field.name)
            }
        }
    }

    /// Reads a list field, calling `element` once per element with its wire type.
    mutating func readList(
        _ field: ThriftField, _ element: (inout ThriftCompactReader, ThriftField) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        try expect(field, [.list, .set], "a list")
        try enter(field.name)
        defer { depth -= 1 }
        let (count, type) = try readListHeader(field.name)
        let elementField = ThriftField(id: field.id, type: type, structure: field.structure)
        for _ in 0..<count {
            try element(&self, elementField)
        }
    }

    private mutating func readListHeader(_ what: String) throws(ParquetError) -> (Int, ThriftType) {
        let header = try readByte(what)
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint(what) }
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw .corrupt("\(what) is a list of Thrift type \(header & 0x0F), which does not exist")
        }
        guard count <= UInt64(ParquetLimits.thriftListElementsMax) else {
            throw .limit(
                "\(what)'s element count", Int(clamping: count), ParquetLimits.thriftListElementsMax, "elements")
        }
        // Every element takes at least one byte, except bools, which take one too inside lists.
        guard count <= UInt64(end - position) else {
            throw .corrupt("\(what) says \(count) elements, but only \(end - position) bytes are left")
        }
        return (Int(count), type)
    }

    private mutating func enter(_ what: String) throws(ParquetError) {
        guard depth < ParquetLimits.thriftDepthMax else {
            throw .limit("the Thrift nesting at \(what)", depth + 1, ParquetLimits.thriftDepthMax, "levels")
        }
        depth += 1
    }

    /// Skips a value of wire type `type`.
    mutating func skip(_ type: ThriftType, _ what: String) throws(ParquetError) {
        switch type {
        case .stop: throw .corrupt("\(what) has Thrift type stop")
        case .boolTrue, .boolFalse: return
        case .byte: _ = try readByte(what)
        case .i16, .i32, .i64: _ = try readVarint(what)
        case .double:
            guard end - position >= 8 else { throw .corrupt("\(what) is cut off: a double needs 8 bytes") }
            position += 8
        case .binary: _ = try readBinaryValue(what)
        case .list, .set:
            try enter(what)
            defer { depth -= 1 }
            let (count, elementType) = try readListHeader(what)
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse {
                    _ = try readByte(what)
                } else {
                    try skip(elementType, what)
                }
            }
        case .map:
            try enter(what)
            defer { depth -= 1 }
            let count = try readVarint(what)
            guard count <= UInt64(ParquetLimits.thriftListElementsMax), count <= UInt64(end - position) else {
                throw .corrupt("\(what) is a map of \(count) entries, more than the bytes left or the limit")
            }
            guard count > 0 else { return }
            let types = try readByte(what)
            guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F)
            else {
                throw .corrupt("\(what) is a map of Thrift types that do not exist")
            }
            for _ in 0..<count {
                try skipMapItem(keyType, what)
                try skipMapItem(valueType, what)
            }
        case .structure:
            try readStructBody(what) { _, _ in false }
        }
    }

    private mutating func skipMapItem(_ type: ThriftType, _ what: String) throws(ParquetError) {
        if type == .boolTrue || type == .boolFalse {
            _ = try readByte(what)
        } else {
            try skip(type, what)
        }
    }
}
