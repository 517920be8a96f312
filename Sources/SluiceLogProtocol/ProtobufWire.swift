/// Protobuf wire-format primitives for writing: varints, tags, fixed32 and length prefixes.
///
/// Only what the SLS messages need (proto2, field numbers below 16, no packed fields).
/// Reading lives in `ProtobufReader`.
public enum ProtobufWire {
    /// The wire type in the low three bits of a field tag.
    public enum WireType: UInt8, Sendable {
        /// A base-128 varint.
        case varint = 0
        /// Eight little-endian bytes.
        case fixed64 = 1
        /// A varint length followed by that many bytes (strings, bytes, messages).
        case lengthDelimited = 2
        /// The deprecated group start marker; rejected by this codec.
        case startGroup = 3
        /// The deprecated group end marker; rejected by this codec.
        case endGroup = 4
        /// Four little-endian bytes.
        case fixed32 = 5
    }

    /// The largest field number protobuf allows (2^29 - 1).
    public static let maxFieldNumber: UInt32 = (1 << 29) - 1

    /// Appends `value` as a base-128 varint (1 to 10 bytes).
    ///
    /// - Parameters:
    ///   - value: The value to write.
    ///   - buffer: The buffer to append to.
    public static func appendVarint(_ value: UInt64, to buffer: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        buffer.append(UInt8(rest))
    }

    /// The number of bytes `appendVarint` writes for `value`.
    ///
    /// - Parameter value: The value to measure.
    /// - Returns: A count from 1 to 10.
    public static func varintSize(_ value: UInt64) -> Int {
        var size = 1
        var rest = value >> 7
        while rest != 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    /// Appends the tag of field `field` with wire type `wireType`.
    ///
    /// - Parameters:
    ///   - field: The field number, 1 through `maxFieldNumber`.
    ///   - wireType: The wire type of the value that follows.
    ///   - buffer: The buffer to append to.
    public static func appendTag(field: UInt32, wireType: WireType, to buffer: inout [UInt8]) {
        precondition(field >= 1 && field <= maxFieldNumber, "protobuf field number \(field) out of range")
        appendVarint(UInt64(field) << 3 | UInt64(wireType.rawValue), to: &buffer)
    }

    /// Appends a fixed32 field value: four little-endian bytes (no tag).
    ///
    /// - Parameters:
    ///   - value: The value to write.
    ///   - buffer: The buffer to append to.
    public static func appendFixed32(_ value: UInt32, to buffer: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) {
            buffer.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    /// Appends the tag and length prefix of a length-delimited field; the caller appends the
    /// `length` bytes of payload next.
    ///
    /// - Parameters:
    ///   - field: The field number.
    ///   - length: The payload length in bytes.
    ///   - buffer: The buffer to append to.
    public static func appendLengthPrefix(field: UInt32, length: Int, to buffer: inout [UInt8]) {
        precondition(length >= 0, "negative protobuf length \(length)")
        appendTag(field: field, wireType: .lengthDelimited, to: &buffer)
        appendVarint(UInt64(length), to: &buffer)
    }

    /// Appends a string field: tag, length, UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - value: The string to write.
    ///   - field: The field number.
    ///   - buffer: The buffer to append to.
    public static func appendString(_ value: String, field: UInt32, to buffer: inout [UInt8]) {
        let utf8 = value.utf8
        appendLengthPrefix(field: field, length: utf8.count, to: &buffer)
        buffer.append(contentsOf: utf8)
    }

    /// The encoded size of a length-delimited field with a one-byte tag (field numbers 1–15)
    /// and a payload of `length` bytes.
    ///
    /// - Parameter length: The payload length in bytes.
    /// - Returns: Tag, length prefix and payload together.
    public static func lengthDelimitedFieldSize(length: Int) -> Int {
        1 + varintSize(UInt64(length)) + length
    }
}
