/// Walks SQL bytes, knowing which are inside quotes and which are comments, without
/// tokenizing. Shared by statement splitting and variable substitution so both agree on
/// what a comment and a quoted `;` are.
struct TriviaScanner {
    let bytes: [UInt8]
    private(set) var position = 0
    /// The quote byte (`'`, `"` or backtick) we are inside, if any.
    private(set) var quote: UInt8?
    /// Whether the text ended inside a block comment.
    private(set) var endsInComment = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Continues scanning at `offset`, outside any comment, keeping the quote state.
    mutating func skip(to offset: Int) {
        position = offset
    }

    /// Whether the scanner is inside a quoted string or identifier.
    var isQuoted: Bool { quote != nil }

    /// The offset of the next byte that is not part of a comment (quoted bytes included), or `nil` at the end.
    mutating func nextCodeByte() -> Int? {
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == UInt8(ascii: "\\"), open != UInt8(ascii: "`") {
                    position += 2
                    continue
                }
                if byte == open { quote = nil }
                position += 1
                return position - 1
            }
            if byte == UInt8(ascii: "-"), at(1) == UInt8(ascii: "-") {
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                continue
            }
            if byte == UInt8(ascii: "/"), at(1) == UInt8(ascii: "*") {
                skipBlockComment()
                continue
            }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                quote = byte
            }
            position += 1
            return position - 1
        }
        return nil
    }

    private func at(_ ahead: Int) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "/"), at(1) == UInt8(ascii: "*") {
                depth += 1
                position += 2
            } else if bytes[position] == UInt8(ascii: "*"), at(1) == UInt8(ascii: "/") {
                depth -= 1
                position += 2
                if depth == 0 { return }
            } else {
                position += 1
            }
        }
        endsInComment = true
    }
}
