/// Appends the primitive encodings of the cluster protocol: little-endian fixed-width
/// integers, IEEE doubles, bytes and strings prefixed by a varint length.
struct ByteWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Creates an empty writer with room for `capacity` bytes.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one byte.
    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a little-endian `UInt16`.
    mutating func u16(_ value: UInt16) {
        fixed(UInt64(value), count: 2)
    }

    /// Appends a little-endian `Int32` (two's complement).
    mutating func i32(_ value: Int32) {
        fixed(UInt64(UInt32(bitPattern: value)), count: 4)
    }

    /// Appends a little-endian `Int64` (two's complement).
    mutating func i64(_ value: Int64) {
        fixed(UInt64(bitPattern: value), count: 8)
    }

    /// Appends a double as its IEEE 754 bits, little-endian.
    mutating func f64(_ value: Double) {
        fixed(value.bitPattern, count: 8)
    }

    /// Appends a boolean as one byte, 0 or 1.
    mutating func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// Appends an unsigned LEB128 varint (7 bits a byte, low bits first, shortest form).
    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Appends a byte array: varint length, then the bytes.
    mutating func blob(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a string: varint length of its UTF-8, then the UTF-8.
    mutating func string(_ value: String) {
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Appends a string dictionary: varint count, then key and value strings in ascending
    /// order of the keys' UTF-8 bytes, so equal dictionaries encode equally.
    mutating func dictionary(_ value: [String: String]) {
        varint(UInt64(value.count))
        for (key, item) in value.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            string(key)
            string(item)
        }
    }

    /// Appends the low `count` bytes of `value`, least significant first.
    private mutating func fixed(_ value: UInt64, count: Int) {
        for index in 0..<count {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index)))
        }
    }
}
