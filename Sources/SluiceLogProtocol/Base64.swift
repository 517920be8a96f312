/// Standard base64 (RFC 4648 §4, `+` `/` and `=` padding), strict: no whitespace, no missing
/// or extra padding, no other alphabets.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` with padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 0x3F)])
            out.append(alphabet[Int(triple >> 12 & 0x3F)])
            out.append(remaining > 1 ? alphabet[Int(triple >> 6 & 0x3F)] : UInt8(ascii: "="))
            out.append(remaining > 2 ? alphabet[Int(triple & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded base64, or returns nil for anything else.
    ///
    /// Non-zero bits in the unused part of the last quantum are accepted here; callers that
    /// need a canonical form re-encode and compare.
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var start = 0
        while start < chars.count {
            let isLast = start + 4 == chars.count
            var sextets: [UInt32] = []
            var padding = 0
            for char in chars[start..<(start + 4)] {
                if char == UInt8(ascii: "=") {
                    padding += 1
                    continue
                }
                // Padding only at the very end, and only after the data characters.
                guard padding == 0, let value = sextet(char) else { return nil }
                sextets.append(value)
            }
            guard padding <= 2, padding == 0 || isLast else { return nil }
            var triple: UInt32 = 0
            for (position, value) in sextets.enumerated() {
                triple |= value << UInt32(18 - 6 * position)
            }
            let byteCount = 3 - padding
            for position in 0..<byteCount {
                out.append(UInt8(truncatingIfNeeded: triple >> UInt32(16 - 8 * position)))
            }
            start += 4
        }
        return out
    }

    private static func sextet(_ char: UInt8) -> UInt32? {
        switch char {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(char - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(char - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(char - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
