/// Standard base64 (RFC 4648 §4: `A-Z a-z 0-9 + /`, `=` padding), strict on reading: whole
/// 4-character quanta, padding only at the end, no whitespace, no other alphabet.
///
/// Spark's JSON reader decodes a `binary` column this way (Jackson's default variant requires
/// the padding it writes), and so do SLS cursors.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")

    /// Encodes `bytes` with padding.
    ///
    /// - Parameter bytes: Any bytes.
    /// - Returns: `4 * ceil(count / 3)` characters.
    public static func encode(_ bytes: [UInt8]) -> String {
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
            out.append(remaining > 1 ? alphabet[Int(triple >> 6 & 0x3F)] : padding)
            out.append(remaining > 2 ? alphabet[Int(triple & 0x3F)] : padding)
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded base64 into `output`, replacing its contents.
    ///
    /// Non-zero bits in the unused part of the last quantum are accepted; callers that need the
    /// canonical form re-encode and compare.
    ///
    /// - Parameters:
    ///   - text: The base64 characters.
    ///   - output: Receives the decoded bytes; its capacity is kept.
    /// - Returns: `false` when `text` is not padded base64 (then `output` holds a partial result).
    public static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        let count = text.count
        guard count % 4 == 0 else { return false }
        var start = 0
        while start < count {
            let isLast = start + 4 == count
            var quantum: UInt32 = 0
            var paddingCount = 0
            for index in start..<(start + 4) {
                let char = text[index]
                if char == padding {
                    // Padding only in the last quantum, after at least two data characters.
                    guard isLast, index - start >= 2 else { return false }
                    paddingCount += 1
                    quantum <<= 6
                    continue
                }
                guard paddingCount == 0, let value = sextet(char) else { return false }
                quantum = quantum << 6 | value
            }
            output.append(UInt8(truncatingIfNeeded: quantum >> 16))
            if paddingCount < 2 { output.append(UInt8(truncatingIfNeeded: quantum >> 8)) }
            if paddingCount < 1 { output.append(UInt8(truncatingIfNeeded: quantum)) }
            start += 4
        }
        return true
    }

    /// Decodes padded base64.
    ///
    /// - Parameter text: The base64 text.
    /// - Returns: The bytes, or nil when `text` is not padded base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        var output: [UInt8] = []
        let valid = text.withUTF8 { decode($0, into: &output) }
        return valid ? output : nil
    }

    /// The 6-bit value of a base64 character.
    @inline(__always)
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
