/// Byte-level helpers for HTTP's ASCII syntax.
enum ASCII {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let percent = UInt8(ascii: "%")
    static let dot = UInt8(ascii: ".")
    /// Upper-case hexadecimal digits, for percent-encoding and chunk sizes.
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
    /// The symbols allowed in a token (RFC 9110 §5.6.2) besides letters and digits.
    private static let tokenSymbols: [UInt8] = Array("!#$%&'*+-.^_`|~".utf8)

    /// Whether `byte` is 0–9.
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Whether `byte` is a letter.
    static func isLetter(_ byte: UInt8) -> Bool {
        let lower = lowercased(byte)
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    /// The value of hexadecimal digit `byte`, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        if isDigit(byte) { return byte - UInt8(ascii: "0") }
        let lower = lowercased(byte)
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return lower - UInt8(ascii: "a") + 10 }
        return nil
    }

    /// Whether `byte` may appear in a token: a method or a header field name.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || tokenSymbols.contains(byte)
    }

    /// Whether `byte` is a space or a horizontal tab.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// `byte` with A–Z mapped to a–z.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Whether `a` and `b` are equal ignoring ASCII case (header names, tokens).
    static func equalsIgnoringCase<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
