/// The escapes of a JSON string's content, as Spark's JSON reader (Jackson with its default
/// `allowSingleQuotes`) reads them: `\" \\ \/ \' \b \f \n \r \t` and `\uXXXX`, surrogate pairs
/// joined and a lone surrogate replaced by U+FFFD.
///
/// A parser checks each escape with `escapeLength(_:at:)` while it finds the string's end, then
/// decodes the content (between the quotes) with `decode(_:into:)`.
public enum JSONString {
    /// The length of the escape whose backslash is at `index`: 2, or 6 for `\uXXXX`.
    ///
    /// - Parameters:
    ///   - text: The text holding the string.
    ///   - index: The position of the backslash.
    /// - Returns: `nil` when the escape is unknown, or a `\u` lacks four hex digits before the
    ///   end of `text`.
    @inlinable
    public static func escapeLength(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index + 1 < text.count else { return nil }
        switch text[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"),
            UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return 2
        case UInt8(ascii: "u"):
            return hex4(text, at: index + 2) == nil ? nil : 6
        default:
            return nil
        }
    }

    /// Writes the decoded `content` into `output`, replacing its contents.
    ///
    /// - Parameters:
    ///   - content: The bytes between the quotes, each escape already checked by
    ///     `escapeLength(_:at:)`.
    ///   - output: Receives the UTF-8 of the string; its capacity is kept.
    public static func decode(_ content: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        let end = content.count
        var index = 0
        while index < end {
            if content[index] != UInt8(ascii: "\\") {
                let runStart = index
                while index < end && content[index] != UInt8(ascii: "\\") { index += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: content[runStart..<index]))
                continue
            }
            guard index + 1 < end else { return }
            let escape = content[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(content, at: index) else { return }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    if index + 6 <= end, content[index] == UInt8(ascii: "\\"), content[index + 1] == UInt8(ascii: "u"),
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
            default: output.append(escape)  // " ' \ /
            }
        }
    }

    /// The value of the four hex digits at `start`, or `nil`.
    ///
    /// - Parameters:
    ///   - text: The text.
    ///   - start: The position of the first digit.
    /// - Returns: `0...0xFFFF`, or `nil` when `text` ends first or a byte is not a hex digit.
    @inlinable
    public static func hex4(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt32? {
        guard start + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + 4) {
            let byte = text[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
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

    /// `text` as a JSON string literal, quotes included: `"` and `\` escaped, LF, CR and tab as
    /// `\n`, `\r`, `\t`, other control characters as `\u00XX`; everything else as it is (the
    /// writer of log-store error bodies and of JSON model files).
    public static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
