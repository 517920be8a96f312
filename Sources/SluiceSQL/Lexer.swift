import SluiceCore

/// Splits SQL text into tokens: words, backtick identifiers, string and number literals,
/// operators. Skips whitespace, `--` line comments and (nested) `/* */` comments.
///
/// Works on UTF-8 bytes; spans are byte offsets into the text plus `baseOffset`.
public struct Lexer {
    private let bytes: [UInt8]
    private let baseOffset: Int
    private var position = 0

    /// Creates a lexer over `text`, whose first byte sits at `baseOffset` in the script.
    public init(_ text: Substring, baseOffset: Int = 0) {
        self.bytes = Array(text.utf8)
        self.baseOffset = baseOffset
    }

    /// All tokens of the text, ending with one `.end` token.
    /// - Throws: `SQLError` of kind `.lexical` for an unterminated literal or comment or a stray character.
    public static func tokenize(_ text: Substring, baseOffset: Int = 0) throws(SQLError) -> [Token] {
        var lexer = Lexer(text, baseOffset: baseOffset)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func span(_ start: Int) -> SourceSpan {
        SourceSpan(start: baseOffset + start, end: baseOffset + position)
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    /// The next token.
    /// - Throws: `SQLError` of kind `.lexical`.
    public mutating func next() throws(SQLError) -> Token {
        try skipTrivia()
        let start = position
        guard let byte = peek() else { return Token(.end, "", span(start)) }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return try string(quote: byte)
        case UInt8(ascii: "`"):
            return try quotedIdentifier()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number()
        case UInt8(ascii: "."):
            if let following = peek(1), following.isDigit { return number() }
            position += 1
            return Token(.symbol, ".", span(start))
        default:
            if byte.isWordStart { return word() }
            return try symbol()
        }
    }

    private mutating func skipTrivia() throws(SQLError) {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                position += 1
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while let b = peek(), b != 0x0A { position += 1 }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    private mutating func skipBlockComment() throws(SQLError) {
        let start = position
        var depth = 0
        while position < bytes.count {
            if peek() == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                depth += 1
                position += 2
            } else if peek() == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                depth -= 1
                position += 2
                if depth == 0 { return }
            } else {
                position += 1
            }
        }
        throw SQLError(.lexical, "unterminated comment: '/*' has no matching '*/'", at: span(start))
    }

    private mutating func word() -> Token {
        let start = position
        while let byte = peek(), byte.isWordPart { position += 1 }
        return Token(.word, String(decoding: bytes[start..<position], as: UTF8.self), span(start))
    }

    private mutating func quotedIdentifier() throws(SQLError) -> Token {
        let start = position
        position += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw SQLError(.lexical, "unterminated quoted identifier: '`' has no closing '`'", at: span(start))
            }
            position += 1
            if byte == UInt8(ascii: "`") {
                if peek() == UInt8(ascii: "`") {
                    value.append(byte)
                    position += 1
                    continue
                }
                break
            }
            value.append(byte)
        }
        let token = Token(.quotedIdentifier, String(decoding: value, as: UTF8.self), span(start))
        if value.isEmpty { throw SQLError(.lexical, "empty quoted identifier", at: token.span) }
        return token
    }

    /// A string in `'` or `"` with Spark's backslash escapes.
    private mutating func string(quote: UInt8) throws(SQLError) -> Token {
        let start = position
        position += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else {
                let mark = quote == UInt8(ascii: "'") ? "'" : "\""
                throw SQLError(.lexical, "unterminated string literal: \(mark) has no closing \(mark)", at: span(start))
            }
            position += 1
            if byte == quote { break }
            if byte == UInt8(ascii: "\\"), let escaped = peek() {
                position += 1
                value.append(contentsOf: Lexer.unescape(escaped))
            } else {
                value.append(byte)
            }
        }
        return Token(.string, String(decoding: value, as: UTF8.self), span(start))
    }

    private static func unescape(_ byte: UInt8) -> [UInt8] {
        switch byte {
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "0"): return [0x00]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "Z"): return [0x1A]
        case UInt8(ascii: "%"), UInt8(ascii: "_"): return [UInt8(ascii: "\\"), byte]
        default: return [byte]
        }
    }

    /// Numbers: `42`, `42L`, `1.5`, `.5`, `1e-3`, `1.5D`, `2.5BD`, `3F`. A word glued to a
    /// number (`10seconds`) ends the number: the parser then sees two tokens.
    private mutating func number() -> Token {
        let start = position
        var isDecimal = false
        while let byte = peek(), byte.isDigit { position += 1 }
        if peek() == UInt8(ascii: "."), peek(1).map({ $0.isDigit || !$0.isWordStart }) ?? true {
            isDecimal = true
            position += 1
            while let byte = peek(), byte.isDigit { position += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let signed = peek(1) == UInt8(ascii: "-") || peek(1) == UInt8(ascii: "+")
            if let digit = peek(signed ? 2 : 1), digit.isDigit {
                isDecimal = true
                position += signed ? 2 : 1
                while let byte = peek(), byte.isDigit { position += 1 }
            }
        }
        let suffixStart = position
        while let byte = peek(), byte.isLetter { position += 1 }
        let suffix = String(decoding: bytes[suffixStart..<position], as: UTF8.self).uppercased()
        let known = isDecimal ? ["", "D", "BD", "F"] : ["", "L", "S", "Y", "D", "BD", "F"]
        if !known.contains(suffix) || (peek().map { $0.isWordPart } ?? false) {
            position = suffixStart
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let upper = text.uppercased()
        let floating = isDecimal || (upper.hasSuffix("D") && !upper.hasSuffix("BD")) || upper.hasSuffix("F")
        return Token(floating ? .decimal : .integer, text, span(start))
    }

    private static let twoByteSymbols: Set<String> = ["<=", ">=", "<>", "!=", "==", "||", "::", "->"]

    private mutating func symbol() throws(SQLError) -> Token {
        let start = position
        if peek() == UInt8(ascii: "<"), peek(1) == UInt8(ascii: "="), peek(2) == UInt8(ascii: ">") {
            position += 3
            return Token(.symbol, "<=>", span(start))
        }
        if let second = peek(1) {
            let pair = String(decoding: [bytes[position], second], as: UTF8.self)
            if Lexer.twoByteSymbols.contains(pair) {
                position += 2
                return Token(.symbol, pair, span(start))
            }
        }
        let byte = bytes[position]
        if "()[],;+-*/%=<>!&|^~:?{}".utf8.contains(byte) {
            position += 1
            return Token(.symbol, String(UnicodeScalar(byte)), span(start))
        }
        position += 1
        while let next = peek(), next & 0xC0 == 0x80 { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        throw SQLError(.lexical, "unexpected character '\(text)'", at: span(start))
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    fileprivate var isLetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    fileprivate var isWordStart: Bool { isLetter || self == UInt8(ascii: "_") || self >= 0x80 }
    fileprivate var isWordPart: Bool { isWordStart || isDigit || self == UInt8(ascii: "$") }
}
