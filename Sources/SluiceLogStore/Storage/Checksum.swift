import CZlib

/// CRC-32 (zlib's polynomial) of a byte range: the checksum of a stored log group.
enum Checksum {
    static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return seed }
        return UInt32(CZlib.crc32(uLong(seed), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }
}
