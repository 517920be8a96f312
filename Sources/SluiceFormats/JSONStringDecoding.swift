/// Decodes the escapes of a JSON string's content: `\" \\ \/ \' \b \f \n \r \t` and `\uXXXX`,
/// with surrogate pairs joined and a lone surrogate replaced by U+FFFD.
enum JSONStringDecoding {
    /// Writes the decoded `content` (between the quotes, already checked by `JSONLineParser`)
    /// into `output`, replacing its contents.
    static func decode(_ content: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        let end = content.count
        var index = 0
        while index < end {
            if content[index] != Byte.backslash {
                let runStart = index
                while index < end && content[index] != Byte.backslash { index += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: content[runStart..<index]))
                continue
            }
            guard index + 1 < end else { return }
            let escape = content[index + 1]
            index += 2
            switch escape {
            case Byte.lowerB: output.append(0x08)
            case Byte.lowerF: output.append(0x0C)
            case Byte.lowerN: output.append(Byte.newline)
            case Byte.lowerR: output.append(Byte.carriageReturn)
            case Byte.lowerT: output.append(Byte.tab)
            case Byte.lowerU:
                guard var scalar = hex4(content, at: index) else { return }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    if index + 6 <= end && content[index] == Byte.backslash && content[index + 1] == Byte.lowerU,
                        let low = hex4(content, at: index + 2), (0xDC00...0xDFFF).contains(low)
                    {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar, to: &output)
            default: output.append(escape)  // " \ / '
            }
        }
    }

    /// The value of the four hex digits at `start`, or `nil`.
    static func hex4(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt32? {
        guard start + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + 4) {
            let byte = text[index]
            let digit: UInt8
            switch byte {
            case Byte.zero...Byte.nine: digit = byte - Byte.zero
            case Byte.lowerA...Byte.lowerF: digit = byte - Byte.lowerA + 10
            case Byte.upperA...Byte.upperF: digit = byte - Byte.upperA + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends the UTF-8 encoding of the scalar value `scalar` (not a surrogate).
    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
