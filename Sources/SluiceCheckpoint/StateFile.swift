import SluiceCore

/// The frame around a state snapshot in `state/<epoch>`, so that a damaged, cut or misplaced
/// file is found before it is trusted. Little-endian:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `SCS1` |
/// | 4 | 8 | the epoch whose state this is |
/// | 12 | 8 | body length in bytes |
/// | 20 | 4 | CRC-32 of bytes 4..<20 and the body |
/// | 24 | n | the body (the engine's encoded state) |
///
/// Files written before the frame existed start with the body itself; `unframe` reports them
/// as `.legacy` and the caller decides whether the checkpoint may hold such files.
public enum StateFile {
    /// `SCS1`.
    static let magic: [UInt8] = Array("SCS1".utf8)
    /// Bytes before the body.
    static let headerBytes = 24

    /// What a state file holds.
    public enum Contents: Equatable {
        /// A framed state whose epoch and checksum are right.
        case valid([UInt8])
        /// A file written before state files were framed: the body, unchecked.
        case legacy([UInt8])
        /// A framed file that cannot be trusted, and why.
        case damaged(String)
    }

    /// `body` framed as the state of `epoch`.
    public static func frame(_ body: [UInt8], epoch: Int) -> [UInt8] {
        var fields: [UInt8] = []
        fields.reserveCapacity(16)
        append(UInt64(bitPattern: Int64(epoch)), to: &fields)
        append(UInt64(body.count), to: &fields)
        let crc = CRC32.checksum(body, seed: CRC32.checksum(fields))
        var bytes = magic
        bytes.reserveCapacity(headerBytes + body.count)
        bytes += fields
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        bytes += body
        return bytes
    }

    /// The body of `bytes`, checked as the state of `epoch`.
    public static func unframe(_ bytes: [UInt8], epoch: Int) -> Contents {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return .legacy(bytes) }
        guard bytes.count >= headerBytes else {
            return .damaged("the file is cut short: \(bytes.count) bytes, less than its \(headerBytes)-byte header")
        }
        let storedEpoch = Int64(bitPattern: load(bytes, at: 4, count: 8))
        let length = load(bytes, at: 12, count: 8)
        let storedCRC = UInt32(load(bytes, at: 20, count: 4))
        guard length == UInt64(bytes.count - headerBytes) else {
            return .damaged("the header says \(length) bytes of state but the file holds \(bytes.count - headerBytes)")
        }
        let crc = CRC32.checksum(bytes[headerBytes...], seed: CRC32.checksum(bytes[4..<20]))
        guard crc == storedCRC else {
            return .damaged("checksum mismatch (stored \(hex(storedCRC)), computed \(hex(crc)))")
        }
        guard storedEpoch == Int64(epoch) else {
            return .damaged("it holds the state of epoch \(storedEpoch), not of epoch \(epoch) (a file copied over another)")
        }
        return .valid(Array(bytes[headerBytes...]))
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func load(_ bytes: [UInt8], at offset: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<count).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
