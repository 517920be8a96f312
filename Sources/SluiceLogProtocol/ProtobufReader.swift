/// A field tag read from the wire: field number and wire type.
public struct ProtobufTag: Equatable, Sendable {
    /// The field number, 1 through `ProtobufWire.maxFieldNumber`.
    public let field: UInt32
    /// The wire type of the value that follows.
    public let wireType: ProtobufWire.WireType

    /// Creates a tag.
    ///
    /// - Parameters:
    ///   - field: The field number.
    ///   - wireType: The wire type.
    public init(field: UInt32, wireType: ProtobufWire.WireType) {
        self.field = field
        self.wireType = wireType
    }

    /// Checks that a known field arrived with the wire type its schema declares.
    ///
    /// - Parameters:
    ///   - expected: The declared wire type.
    ///   - name: The field's name, for the error message (e.g. `"Log.Time"`).
    /// - Throws: `LogProtocolError` when the wire type differs.
    @inline(__always)
    public func require(_ expected: ProtobufWire.WireType, _ name: String) throws(LogProtocolError) {
        guard wireType == expected else {
            throw LogProtocolError(
                "protobuf field \(name) (\(field)) has wire type \(wireType.rawValue), expected \(expected.rawValue)")
        }
    }
}

/// A forward-only protobuf reader over borrowed bytes.
///
/// Positions and returned ranges are offsets into `bytes` (the whole buffer), so a range read
/// from a nested message can be handed to another reader over the same buffer. Every read
/// checks bounds and throws `LogProtocolError` on truncation, overlong varints and lengths past
/// the end of the current message. The reader borrows `bytes`: it must not outlive them.
public struct ProtobufReader {
    /// The whole buffer.
    public let bytes: UnsafeRawBufferPointer
    /// The offset of the next unread byte.
    public private(set) var position: Int
    /// The end of the message being read (exclusive offset into `bytes`).
    public let end: Int

    /// Creates a reader over all of `bytes`.
    ///
    /// - Parameter bytes: The message bytes.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.init(bytes, range: 0..<bytes.count)
    }

    /// Creates a reader over the message at `range` of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The whole buffer.
    ///   - range: The message's bytes; must lie within `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= bytes.count, "range \(range) outside \(bytes.count) bytes")
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether every byte of the message has been read.
    public var isAtEnd: Bool { position >= end }

    /// Reads a field tag.
    ///
    /// - Returns: The tag.
    /// - Throws: `LogProtocolError` on truncation, field number 0 or too large, or wire type 6/7.
    @inline(__always)
    public mutating func readTag() throws(LogProtocolError) -> ProtobufTag {
        let start = position
        let raw = try readVarint()
        let field = raw >> 3
        guard field >= 1 && field <= UInt64(ProtobufWire.maxFieldNumber) else {
            throw LogProtocolError("invalid protobuf field number \(field) at offset \(start)")
        }
        guard let wireType = ProtobufWire.WireType(rawValue: UInt8(raw & 7)) else {
            throw LogProtocolError("invalid protobuf wire type \(raw & 7) at offset \(start)")
        }
        return ProtobufTag(field: UInt32(field), wireType: wireType)
    }

    /// Reads a base-128 varint.
    ///
    /// - Returns: The value.
    /// - Throws: `LogProtocolError` when truncated, longer than 10 bytes or above 2^64 - 1.
    @inline(__always)
    public mutating func readVarint() throws(LogProtocolError) -> UInt64 {
        // Tags and most lengths fit one byte.
        if position < end {
            let first = bytes[position]
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        let start = position
        var result: UInt64 = 0
        var shift = 0
        while true {
            guard position < end else {
                throw LogProtocolError("truncated protobuf varint at offset \(start)")
            }
            let byte = bytes[position]
            position += 1
            // The tenth byte holds bit 63 only; anything more overflows 64 bits or continues
            // past ten bytes.
            if shift == 63 && byte > 1 {
                throw LogProtocolError("overlong protobuf varint at offset \(start)")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                return result
            }
            shift += 7
        }
    }

    /// Reads a length-delimited value and returns where its payload lies.
    ///
    /// - Returns: The payload's range within `bytes`.
    /// - Throws: `LogProtocolError` when the length runs past the end of the message.
    @inline(__always)
    public mutating func readLengthDelimited() throws(LogProtocolError) -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw LogProtocolError(
                "protobuf length \(length) at offset \(start) runs past the end of the message "
                    + "(\(end - position) bytes left)")
        }
        let payload = position..<(position + Int(length))
        position = payload.upperBound
        return payload
    }

    /// Reads four little-endian bytes.
    ///
    /// - Returns: The value.
    /// - Throws: `LogProtocolError` when fewer than four bytes are left.
    public mutating func readFixed32() throws(LogProtocolError) -> UInt32 {
        try requireBytes(4, "fixed32")
        let value = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position += 4
        return value
    }

    /// Reads eight little-endian bytes.
    ///
    /// - Returns: The value.
    /// - Throws: `LogProtocolError` when fewer than eight bytes are left.
    public mutating func readFixed64() throws(LogProtocolError) -> UInt64 {
        try requireBytes(8, "fixed64")
        let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position += 8
        return value
    }

    /// Skips the value of a field this schema does not know.
    ///
    /// - Parameter tag: The tag just read.
    /// - Throws: `LogProtocolError` on truncation, or for group wire types (3, 4), which these
    ///   messages never use.
    public mutating func skipField(_ tag: ProtobufTag) throws(LogProtocolError) {
        switch tag.wireType {
        case .varint:
            _ = try readVarint()
        case .fixed64:
            try requireBytes(8, "fixed64")
            position += 8
        case .lengthDelimited:
            _ = try readLengthDelimited()
        case .fixed32:
            try requireBytes(4, "fixed32")
            position += 4
        case .startGroup, .endGroup:
            throw LogProtocolError(
                "unsupported protobuf group (wire type \(tag.wireType.rawValue)) in field \(tag.field)")
        }
    }

    private func requireBytes(_ count: Int, _ what: String) throws(LogProtocolError) {
        guard end - position >= count else {
            throw LogProtocolError("truncated protobuf \(what) at offset \(position)")
        }
    }
}
