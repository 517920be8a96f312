/// The 32-byte header in front of every log group stored in a segment file. All fields are
/// little-endian:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic: `SLG1` for a log group, `SLT1` for a tombstone |
/// | 4 | 4 | payload length in bytes (the LogGroup's protobuf) |
/// | 8 | 8 | sequence number: the group's position in its shard, the cursor's value |
/// | 16 | 8 | server receive time, unix seconds |
/// | 24 | 4 | number of logs in the group |
/// | 28 | 4 | CRC-32 of bytes 8..<28 and the payload |
///
/// A tombstone (written by `sluice logstore repair` where a damaged group was taken out) keeps
/// the lost group's sequence number so sequences stay dense; it has no payload and no logs, and
/// is read as an empty group. Segments written before tombstones existed hold only `SLG1` records and read
/// as before.
struct RecordHeader: Equatable {
    /// Size of the header on disk.
    static let size = 32
    /// `SLG1` read as a little-endian integer.
    static let magic: UInt32 = 0x3147_4C53
    /// `SLT1` read as a little-endian integer: a tombstone.
    static let tombstoneMagic: UInt32 = 0x3154_4C53

    /// True for a tombstone, false for a log group.
    var isTombstone = false
    var payloadLength: UInt32
    var sequence: Int64
    var receiveTime: Int64
    var logCount: UInt32
    var checksum: UInt32

    /// The header of `payload` at `sequence`, with its checksum computed.
    init(payload: UnsafeRawBufferPointer, sequence: Int64, receiveTime: Int64, logCount: UInt32) {
        self.payloadLength = UInt32(payload.count)
        self.sequence = sequence
        self.receiveTime = receiveTime
        self.logCount = logCount
        self.checksum = 0
        self.checksum = computeChecksum(payload: payload)
    }

    /// A tombstone for `sequence`, received (as far as anyone can tell) at `receiveTime`.
    static func tombstone(sequence: Int64, receiveTime: Int64) -> RecordHeader {
        var header = RecordHeader(payload: UnsafeRawBufferPointer(start: nil, count: 0), sequence: sequence, receiveTime: receiveTime, logCount: 0)
        header.isTombstone = true
        return header
    }

    /// Reads a header; `nil` when the magic is wrong.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= Self.size else { return nil }
        switch bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian {
        case Self.magic: isTombstone = false
        case Self.tombstoneMagic: isTombstone = true
        default: return nil
        }
        payloadLength = bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
        sequence = bytes.loadUnaligned(fromByteOffset: 8, as: Int64.self).littleEndian
        receiveTime = bytes.loadUnaligned(fromByteOffset: 16, as: Int64.self).littleEndian
        logCount = bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self).littleEndian
        checksum = bytes.loadUnaligned(fromByteOffset: 28, as: UInt32.self).littleEndian
    }

    /// Writes the header into the first 32 bytes of `target`.
    func write(to target: UnsafeMutableRawBufferPointer) {
        target.storeBytes(of: (isTombstone ? Self.tombstoneMagic : Self.magic).littleEndian, toByteOffset: 0, as: UInt32.self)
        target.storeBytes(of: payloadLength.littleEndian, toByteOffset: 4, as: UInt32.self)
        target.storeBytes(of: sequence.littleEndian, toByteOffset: 8, as: Int64.self)
        target.storeBytes(of: receiveTime.littleEndian, toByteOffset: 16, as: Int64.self)
        target.storeBytes(of: logCount.littleEndian, toByteOffset: 24, as: UInt32.self)
        target.storeBytes(of: checksum.littleEndian, toByteOffset: 28, as: UInt32.self)
    }

    /// The checksum this header's fields and `payload` should carry.
    func computeChecksum(payload: UnsafeRawBufferPointer) -> UInt32 {
        withUnsafeTemporaryAllocation(byteCount: 20, alignment: 8) { fields in
            fields.storeBytes(of: sequence.littleEndian, toByteOffset: 0, as: Int64.self)
            fields.storeBytes(of: receiveTime.littleEndian, toByteOffset: 8, as: Int64.self)
            fields.storeBytes(of: logCount.littleEndian, toByteOffset: 16, as: UInt32.self)
            let seed = Checksum.crc32(UnsafeRawBufferPointer(fields))
            return Checksum.crc32(payload, seed: seed)
        }
    }

    /// The header as its 32 bytes on disk.
    var bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.size)
        bytes.withUnsafeMutableBytes { write(to: $0) }
        return bytes
    }

    /// True when `payload` is this header's payload: its length and checksum match, and a
    /// tombstone carries no payload or logs.
    func matches(payload: UnsafeRawBufferPointer) -> Bool {
        guard Int(payloadLength) == payload.count else { return false }
        if isTombstone && (payloadLength != 0 || logCount != 0) { return false }
        return computeChecksum(payload: payload) == checksum
    }

    /// The header followed by `payload`: one record as written to a segment.
    static func record(payload: [UInt8], sequence: Int64, receiveTime: Int64, logCount: UInt32) -> [UInt8] {
        var record = [UInt8](repeating: 0, count: size + payload.count)
        payload.withUnsafeBytes { payloadBytes in
            let header = RecordHeader(
                payload: payloadBytes, sequence: sequence, receiveTime: receiveTime, logCount: logCount)
            record.withUnsafeMutableBytes { target in
                header.write(to: target)
                UnsafeMutableRawBufferPointer(rebasing: target[size...]).copyMemory(from: payloadBytes)
            }
        }
        return record
    }
}
