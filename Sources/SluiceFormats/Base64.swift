/// Standard base64 (`A-Z a-z 0-9 + /`, optional `=` padding), as Spark's JSON reader decodes
/// a string into a `binary` column.
enum Base64 {
    /// Decodes `text` into `output` (replacing its contents); `false` when it is not base64.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text {
            if byte == Byte.equals {
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte) else { return false }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // Six leftover bits are a lone character: no whole byte.
        return padding <= 2 && bits < 6
    }

    /// The 6-bit value of a base64 character.
    private static func sextet(_ byte: UInt8) -> UInt32? {
        switch byte {
        case Byte.upperA...Byte.upperZ: return UInt32(byte - Byte.upperA)
        case Byte.lowerA...Byte.lowerZ: return UInt32(byte - Byte.lowerA) + 26
        case Byte.zero...Byte.nine: return UInt32(byte - Byte.zero) + 52
        case Byte.plus: return 62
        case Byte.slash: return 63
        default: return nil
        }
    }
}
