/// Appends the primitive encodings every binary codec of Sluice shares (cluster messages, task
/// results, aggregation states, the executor plan): little-endian fixed-width integers, IEEE
/// doubles, booleans as one byte, unsigned LEB128 varints, and bytes and strings prefixed by a
/// varint length. `ByteReader` reads them back.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    public mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a little-endian `UInt16`.
    public mutating func u16(_ value: UInt16) {
        fixed(value.littleEndian)
    }

    /// Appends a little-endian `Int32` (two's complement).
    public mutating func i32(_ value: Int32) {
        fixed(value.littleEndian)
    }

    /// Appends a little-endian `Int64` (two's complement).
    public mutating func i64(_ value: Int64) {
        fixed(value.littleEndian)
    }

    /// Appends a double as its IEEE 754 bits, little-endian.
    public mutating func f64(_ value: Double) {
        fixed(value.bitPattern.littleEndian)
    }

    /// Appends a boolean as one byte, 0 or 1.
    public mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// Appends an unsigned LEB128 varint (7 bits a byte, low bits first, shortest form).
    public mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a count or length as a varint.
    public mutating func count(_ value: Int) {
        varint(UInt64(value))
    }

    /// Appends a byte array: varint length, then the bytes.
    public mutating func blob(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends bytes as they are, without a length.
    public mutating func raw<C: Collection>(_ value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
    }

    /// Appends a string: varint length of its UTF-8, then the UTF-8.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends a string dictionary: varint count, then key and value strings in ascending
    /// order of the keys' UTF-8 bytes, so equal dictionaries encode equally.
    public mutating func dictionary(_ value: [String: String]) {
        varint(UInt64(value.count))
        for (key, item) in value.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            string(key)
            string(item)
        }
    }

    /// Appends integers as little-endian `Int64`s, without a count (the reader knows it).
    public mutating func i64s(_ values: [Int64]) {
        array(values)
    }

    /// Appends doubles as little-endian IEEE 754 bits, without a count.
    public mutating func f64s(_ values: [Double]) {
        array(values)
    }

    /// Appends `Int32`s little-endian, without a count.
    public mutating func i32s(_ values: [Int32]) {
        array(values)
    }

    /// Appends booleans as one byte each, without a count.
    public mutating func bools(_ values: [Bool]) {
        array(values)
    }

    /// The memory of a fixed-width value (already little-endian).
    private mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    /// The memory of an array of fixed-width values, little-endian.
    private mutating func array<T: BitwiseCopyable>(_ values: [T]) {
        #if _endian(little)
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            #error("ByteWriter writes arrays in the host's byte order, which must be little-endian")
        #endif
    }
}
