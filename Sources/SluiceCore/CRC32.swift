/// CRC-32 (the polynomial of zlib and gzip, reflected 0xEDB88320), table-driven: the checksum of
/// checkpoint state files. Pure Swift because the layers that use it import no C module; the log
/// store's hot path uses zlib's own, which is faster on large ranges.
public enum CRC32 {
    @usableFromInline static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    /// The CRC-32 of `bytes`, continuing from `seed` (the CRC of the bytes before them; 0 to start).
    /// Inlinable, so that callers get it specialized for their collection: generic, it walked a
    /// driver's state file through protocol witnesses, several times slower.
    @inlinable
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes, seed: UInt32 = 0) -> UInt32 where Bytes.Element == UInt8 {
        var crc = ~seed
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return ~crc
    }
}
