/// Percent-encoding of URI components (RFC 3986 §2.1).
enum PercentEncoding {
    /// `text` with each valid `%XX` escape replaced by its byte, read as UTF-8. A `%` that does not
    /// start a valid escape stays as it is, and `+` stays `+` (this is not form decoding).
    static func decode(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard utf8.contains(ASCII.percent) else { return String(text) }
        let source = Array(utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if source[index] == ASCII.percent, index + 2 < source.count,
                let high = ASCII.hexValue(source[index + 1]), let low = ASCII.hexValue(source[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` as UTF-8 with every byte for which `keeping` is false written as `%XX` (upper-case).
    static func encode(_ text: String, keeping: (UInt8) -> Bool) -> String {
        guard !text.utf8.allSatisfy(keeping) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if keeping(byte) {
                bytes.append(byte)
            } else {
                bytes.append(ASCII.percent)
                bytes.append(ASCII.hexDigits[Int(byte >> 4)])
                bytes.append(ASCII.hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3986 unreserved characters: letters, digits, `-`, `.`, `_`, `~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    /// Bytes a path keeps as they are: unreserved, sub-delims, `:`, `@` and `/`.
    static func isPathByte(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || pathSymbols.contains(byte)
    }

    private static let pathSymbols: [UInt8] = Array("!$&'()*+,;=:@/".utf8)
}
