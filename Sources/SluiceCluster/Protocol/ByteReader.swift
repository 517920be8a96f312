/// Reads the primitive encodings `ByteWriter` writes, checking every bound.
///
/// Each read names the field it reads, so an error says which field of which message was
/// truncated or malformed, and at which offset of the frame.
struct ByteReader {
    /// The whole frame.
    let bytes: [UInt8]
    /// The offset of the next unread byte.
    private(set) var offset = 0

    /// Creates a reader at the start of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// Reads one byte.
    mutating func u8(_ field: String) throws(ClusterProtocolError) -> UInt8 {
        try UInt8(fixed(1, field))
    }

    /// Reads a little-endian `UInt16`.
    mutating func u16(_ field: String) throws(ClusterProtocolError) -> UInt16 {
        try UInt16(fixed(2, field))
    }

    /// Reads a little-endian `Int32`.
    mutating func i32(_ field: String) throws(ClusterProtocolError) -> Int32 {
        try Int32(bitPattern: UInt32(fixed(4, field)))
    }

    /// Reads a little-endian `Int64`.
    mutating func i64(_ field: String) throws(ClusterProtocolError) -> Int64 {
        try Int64(bitPattern: fixed(8, field))
    }

    /// Reads an `Int64` that must fit an `Int`.
    mutating func int(_ field: String) throws(ClusterProtocolError) -> Int {
        let start = offset
        let value = try i64(field)
        guard let result = Int(exactly: value) else {
            throw ClusterProtocolError("\(field) at offset \(start) is \(value), too large for this platform")
        }
        return result
    }

    /// Reads a double from its IEEE 754 bits.
    mutating func f64(_ field: String) throws(ClusterProtocolError) -> Double {
        try Double(bitPattern: fixed(8, field))
    }

    /// Reads a boolean byte, which must be 0 or 1.
    mutating func bool(_ field: String) throws(ClusterProtocolError) -> Bool {
        let start = offset
        switch try u8(field) {
        case 0: return false
        case 1: return true
        case let other: throw ClusterProtocolError("\(field) at offset \(start) is \(other), not a boolean (0 or 1)")
        }
    }

    /// Reads an unsigned LEB128 varint in its shortest form, at most 10 bytes.
    mutating func varint(_ field: String) throws(ClusterProtocolError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else {
                throw ClusterProtocolError("truncated cluster message: varint \(field) at offset \(start) is cut off")
            }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 {
                throw ClusterProtocolError("varint \(field) at offset \(start) overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    throw ClusterProtocolError("varint \(field) at offset \(start) is not in its shortest form")
                }
                return result
            }
            shift += 7
        }
    }

    /// Reads a varint length of bytes that follow; it must not pass the end of the frame.
    mutating func length(_ field: String) throws(ClusterProtocolError) -> Int {
        let start = offset
        let value = try varint(field)
        guard value <= UInt64(remaining) else {
            throw ClusterProtocolError(
                "length \(value) of \(field) at offset \(start) exceeds the \(remaining) bytes left in the message")
        }
        return Int(value)
    }

    /// Reads a varint element count; each element takes at least one byte, so it cannot
    /// pass the bytes left either.
    mutating func count(_ field: String) throws(ClusterProtocolError) -> Int {
        let start = offset
        let value = try varint(field)
        guard value <= UInt64(remaining) else {
            throw ClusterProtocolError(
                "count \(value) of \(field) at offset \(start) exceeds the \(remaining) bytes left in the message")
        }
        return Int(value)
    }

    /// Reads a byte array: varint length, then the bytes.
    mutating func blob(_ field: String) throws(ClusterProtocolError) -> [UInt8] {
        let count = try length(field)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a string: varint length, then UTF-8 that must be valid.
    mutating func string(_ field: String) throws(ClusterProtocolError) -> String {
        let start = offset
        let count = try length(field)
        guard let value = String(validating: bytes[offset..<offset + count], as: UTF8.self) else {
            throw ClusterProtocolError("\(field) at offset \(start) is not valid UTF-8")
        }
        offset += count
        return value
    }

    /// Reads a string dictionary whose keys must be in strictly ascending order of their
    /// UTF-8 bytes (so one dictionary has one encoding).
    mutating func dictionary(_ field: String) throws(ClusterProtocolError) -> [String: String] {
        let entries = try count(field)
        var result: [String: String] = [:]
        var previous: String?
        for _ in 0..<entries {
            let start = offset
            let key = try string("\(field) key")
            let value = try string("\(field)[\(key)]")
            if let previous, !previous.utf8.lexicographicallyPrecedes(key.utf8) {
                throw ClusterProtocolError("\(field) key \"\(key)\" at offset \(start) is out of order or repeated")
            }
            guard result.updateValue(value, forKey: key) == nil else {
                throw ClusterProtocolError("\(field) key \"\(key)\" at offset \(start) is repeated")
            }
            previous = key
        }
        return result
    }

    /// Checks that every byte was read.
    func finish(_ message: String) throws(ClusterProtocolError) {
        guard remaining == 0 else {
            throw ClusterProtocolError("\(remaining) trailing bytes after \(message) at offset \(offset)")
        }
    }

    /// Reads `count` (1...8) bytes as a little-endian unsigned integer.
    private mutating func fixed(_ count: Int, _ field: String) throws(ClusterProtocolError) -> UInt64 {
        guard remaining >= count else {
            throw ClusterProtocolError(
                "truncated cluster message: \(field) needs \(count) bytes at offset \(offset), \(remaining) left")
        }
        var value: UInt64 = 0
        for index in 0..<count {
            value |= UInt64(bytes[offset + index]) << UInt64(8 * index)
        }
        offset += count
        return value
    }
}
