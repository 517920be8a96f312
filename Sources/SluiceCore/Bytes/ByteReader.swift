/// Reads the primitive encodings `ByteWriter` writes, checking every bound.
///
/// Each read names the field it reads, so an error says which field was truncated or
/// malformed, and at which offset of the bytes.
public struct ByteReader: Sendable {
    /// The whole input.
    public let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset = 0

    /// Creates a reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// Reads one byte.
    public mutating func u8(_ field: String) throws(ByteFormatError) -> UInt8 {
        try need(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a little-endian `UInt16`.
    public mutating func u16(_ field: String) throws(ByteFormatError) -> UInt16 {
        try fixed(UInt16.self, field)
    }

    /// Reads a little-endian `Int32`.
    public mutating func i32(_ field: String) throws(ByteFormatError) -> Int32 {
        try fixed(Int32.self, field)
    }

    /// Reads a little-endian `Int64`.
    public mutating func i64(_ field: String) throws(ByteFormatError) -> Int64 {
        try fixed(Int64.self, field)
    }

    /// Reads an `Int64` that must fit an `Int`.
    public mutating func int(_ field: String) throws(ByteFormatError) -> Int {
        let start = offset
        let value = try i64(field)
        guard let result = Int(exactly: value) else {
            throw ByteFormatError("\(field) at offset \(start) is \(value), too large for this platform")
        }
        return result
    }

    /// Reads a double from its IEEE 754 bits.
    public mutating func f64(_ field: String) throws(ByteFormatError) -> Double {
        Double(bitPattern: try fixed(UInt64.self, field))
    }

    /// Reads a boolean byte, which must be 0 or 1.
    public mutating func bool(_ field: String) throws(ByteFormatError) -> Bool {
        let start = offset
        switch try u8(field) {
        case 0: return false
        case 1: return true
        case let other: throw ByteFormatError("\(field) at offset \(start) is \(other), not a boolean (0 or 1)")
        }
    }

    /// Reads an unsigned LEB128 varint in its shortest form, at most 10 bytes.
    public mutating func varint(_ field: String) throws(ByteFormatError) -> UInt64 {
        if offset < bytes.count, bytes[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(bytes[offset])
        }
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else {
                throw ByteFormatError("truncated: varint \(field) at offset \(start) is cut off")
            }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 {
                throw ByteFormatError("varint \(field) at offset \(start) overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    throw ByteFormatError("varint \(field) at offset \(start) is not in its shortest form")
                }
                return result
            }
            shift += 7
        }
    }

    /// Reads a varint length of bytes that follow; it must not pass the end of the input.
    public mutating func length(_ field: String) throws(ByteFormatError) -> Int {
        try bounded(field, "length")
    }

    /// Reads a varint element count; each element takes at least one byte, so it cannot
    /// pass the bytes left either.
    public mutating func count(_ field: String) throws(ByteFormatError) -> Int {
        try bounded(field, "count")
    }

    /// Reads a varint count of elements of `width` bytes each, all of which must be left.
    public mutating func count(_ field: String, width: Int) throws(ByteFormatError) -> Int {
        let start = offset
        let value = try varint(field)
        guard value <= UInt64(remaining / max(width, 1)) else {
            throw ByteFormatError(
                "count \(value) of \(field) at offset \(start) needs more than the \(remaining) bytes left")
        }
        return Int(value)
    }

    /// Reads a byte array: varint length, then the bytes.
    public mutating func blob(_ field: String) throws(ByteFormatError) -> [UInt8] {
        let count = try length(field)
        return try raw(count, field)
    }

    /// Reads `count` bytes as they are.
    public mutating func raw(_ count: Int, _ field: String) throws(ByteFormatError) -> [UInt8] {
        try need(count, field)
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a string: varint length, then UTF-8 that must be valid.
    public mutating func string(_ field: String) throws(ByteFormatError) -> String {
        let start = offset
        let count = try length(field)
        guard let value = String(validating: bytes[offset..<offset + count], as: UTF8.self) else {
            throw ByteFormatError("\(field) at offset \(start) is not valid UTF-8")
        }
        offset += count
        return value
    }

    /// Reads a string dictionary whose keys must be in strictly ascending order of their
    /// UTF-8 bytes (so one dictionary has one encoding).
    public mutating func dictionary(_ field: String) throws(ByteFormatError) -> [String: String] {
        let entries = try count(field)
        var result: [String: String] = [:]
        var previous: String?
        for _ in 0..<entries {
            let start = offset
            let key = try string("\(field) key")
            let value = try string("\(field)[\(key)]")
            if let previous, !previous.utf8.lexicographicallyPrecedes(key.utf8) {
                throw ByteFormatError("\(field) key \"\(key)\" at offset \(start) is out of order or repeated")
            }
            result[key] = value
            previous = key
        }
        return result
    }

    /// Reads `count` little-endian `Int64`s.
    public mutating func i64s(_ count: Int, _ field: String) throws(ByteFormatError) -> [Int64] {
        try array(count, field)
    }

    /// Reads `count` doubles.
    public mutating func f64s(_ count: Int, _ field: String) throws(ByteFormatError) -> [Double] {
        try array(count, field)
    }

    /// Reads `count` little-endian `Int32`s.
    public mutating func i32s(_ count: Int, _ field: String) throws(ByteFormatError) -> [Int32] {
        try array(count, field)
    }

    /// Reads `count` booleans, each a byte 0 or 1.
    public mutating func bools(_ count: Int, _ field: String) throws(ByteFormatError) -> [Bool] {
        try need(count, field)
        let start = offset
        if let bad = bytes[offset..<offset + count].firstIndex(where: { $0 > 1 }) {
            throw ByteFormatError("\(field) at offset \(bad) is \(bytes[bad]), not a boolean (0 or 1); the list starts at \(start)")
        }
        defer { offset += count }
        return bytes[offset..<offset + count].map { $0 == 1 }
    }

    /// Checks that every byte was read.
    public func finish(_ what: String) throws(ByteFormatError) {
        guard remaining == 0 else {
            throw ByteFormatError("\(remaining) trailing bytes after \(what) at offset \(offset)")
        }
    }

    /// Checks that `count` bytes are left.
    @inline(__always)
    private func need(_ count: Int, _ field: String) throws(ByteFormatError) {
        guard count >= 0, remaining >= count else {
            throw ByteFormatError("truncated: \(field) needs \(count) bytes at offset \(offset), \(remaining) left")
        }
    }

    private mutating func bounded(_ field: String, _ kind: String) throws(ByteFormatError) -> Int {
        let start = offset
        let value = try varint(field)
        guard value <= UInt64(remaining) else {
            throw ByteFormatError("\(kind) \(value) of \(field) at offset \(start) exceeds the \(remaining) bytes left")
        }
        return Int(value)
    }

    /// Reads a little-endian fixed-width integer.
    private mutating func fixed<T: FixedWidthInteger>(_ type: T.Type, _ field: String) throws(ByteFormatError) -> T {
        let size = MemoryLayout<T>.size
        try need(size, field)
        let start = offset
        offset += size
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
    }

    /// Reads `count` fixed-width values stored little-endian.
    private mutating func array<T: BitwiseCopyable>(_ count: Int, _ field: String) throws(ByteFormatError) -> [T] {
        let size = MemoryLayout<T>.stride
        guard count >= 0, count <= remaining / size else {
            throw ByteFormatError("truncated: \(field) needs \(count) values of \(size) bytes at offset \(offset), \(remaining) bytes left")
        }
        let start = offset
        offset += count * size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[start..<start + count * size]))
            }
            initialized = count
        }
    }
}
