import SluiceCore

/// Where a JSON value sits in the text, and its kind.
struct JSONValueSlot {
    /// The kinds of JSON values, with `absent` for a key the record does not have.
    enum Kind: UInt8 {
        case absent, null, string, number, boolean, compound
    }

    /// The kind of value.
    var kind: Kind
    /// Where the value starts: for a string, after its opening quote.
    var start: Int
    /// Where the value ends: for a string, at its closing quote.
    var end: Int
    /// For a string: whether its content holds a backslash escape.
    var escaped: Bool

    /// No value.
    static let absent = JSONValueSlot(kind: .absent, start: 0, end: 0, escaped: false)
}

/// A validating cursor over one line of JSON text, in Spark's dialect: standard JSON plus
/// single-quoted strings and the numbers `NaN`, `Infinity`, `+Infinity`, `-Infinity`, `+INF`, `-INF`.
///
/// Methods return `nil` or `false` on invalid text and leave the reason in `failure`.
///
/// The range may be one line or the rest of the text: nothing the parser accepts spans a line
/// feed (whitespace stops at it, strings reject it as a control character), so a record it
/// accepts from the rest of the text is the record it accepts from that line alone.
struct JSONLineParser {
    /// The whole text.
    let text: UnsafeBufferPointer<UInt8>
    /// The end of the line.
    let end: Int
    /// The next byte to read.
    private(set) var position: Int
    /// Why the line is invalid, once a method has failed.
    var failure: StaticString = "invalid JSON"

    /// A parser of `text[range]`.
    init(text: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.text = text
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether the line is over: at the end of the range or at a line feed. A parser given the
    /// rest of the text (not just one line) thus stops at the end of the current line.
    var isAtEnd: Bool { position >= end || text[position] == Byte.newline }

    /// Skips spaces, tabs and carriage returns; never a line feed, which ends the line.
    mutating func skipWhitespace() {
        while position < end {
            switch text[position] {
            case Byte.space, Byte.tab, Byte.carriageReturn: position += 1
            default: return
            }
        }
    }

    /// Reads `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < end && text[position] == byte else { return false }
        position += 1
        return true
    }

    /// Reads a quoted object key.
    mutating func key() -> JSONValueSlot? {
        guard position < end && (text[position] == Byte.quote || text[position] == Byte.apostrophe) else {
            failure = "expected a quoted key"
            return nil
        }
        return string()
    }

    /// Reads a value; `depth` is the nesting of the container it is in (the record is 1).
    mutating func value(depth: Int) -> JSONValueSlot? {
        guard position < end else {
            failure = "expected a value"
            return nil
        }
        let start = position
        switch text[position] {
        case Byte.quote, Byte.apostrophe:
            return string()
        case Byte.openBrace, Byte.openBracket:
            guard skipContainer(depth: depth + 1) else { return nil }
            return JSONValueSlot(kind: .compound, start: start, end: position, escaped: false)
        case Byte.lowerT:
            return literal("true", kind: .boolean)
        case Byte.lowerF:
            return literal("false", kind: .boolean)
        case Byte.lowerN:
            return literal("null", kind: .null)
        case Byte.upperN:
            return literal("NaN", kind: .number)
        case Byte.upperI:
            return literal("Infinity", kind: .number)
        case Byte.plus:
            if let slot = literal("+Infinity", kind: .number) { return slot }
            return literal("+INF", kind: .number)
        case Byte.minus where position + 1 < end && text[position + 1] == Byte.upperI:
            if let slot = literal("-Infinity", kind: .number) { return slot }
            return literal("-INF", kind: .number)
        case Byte.minus, Byte.zero...Byte.nine:
            return number()
        default:
            failure = "expected a value"
            return nil
        }
    }

    /// Reads `word` as a value of `kind`.
    private mutating func literal(_ word: StaticString, kind: JSONValueSlot.Kind) -> JSONValueSlot? {
        let length = word.utf8CodeUnitCount
        guard position + length <= end,
            Byte.matches(UnsafeBufferPointer(rebasing: text[position..<(position + length)]), word)
        else {
            failure = "expected a value"
            return nil
        }
        let start = position
        position += length
        return JSONValueSlot(kind: kind, start: start, end: position, escaped: false)
    }

    /// Reads a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() -> JSONValueSlot? {
        let start = position
        var index = position
        if text[index] == Byte.minus { index += 1 }
        guard index < end && text[index] &- Byte.zero < 10 else {
            failure = "invalid number"
            return nil
        }
        if text[index] == Byte.zero {
            index += 1
            if index < end && text[index] &- Byte.zero < 10 {
                failure = "leading zeros in a number"
                return nil
            }
        } else {
            while index < end && text[index] &- Byte.zero < 10 { index += 1 }
        }
        if index < end && text[index] == Byte.dot {
            index += 1
            guard index < end && text[index] &- Byte.zero < 10 else {
                failure = "expected a digit after the decimal point"
                return nil
            }
            while index < end && text[index] &- Byte.zero < 10 { index += 1 }
        }
        if index < end && Byte.lowered(text[index]) == Byte.lowerE {
            index += 1
            if index < end && (text[index] == Byte.plus || text[index] == Byte.minus) { index += 1 }
            guard index < end && text[index] &- Byte.zero < 10 else {
                failure = "expected a digit in the exponent"
                return nil
            }
            while index < end && text[index] &- Byte.zero < 10 { index += 1 }
        }
        position = index
        return JSONValueSlot(kind: .number, start: start, end: index, escaped: false)
    }

    /// Reads a string quoted by `"` or `'`; the slot spans its content.
    private mutating func string() -> JSONValueSlot? {
        let quote = text[position]
        position += 1
        let start = position
        var escaped = false
        while position < end {
            position = SWAR.skipPlain(text, from: position, end: end, quote: quote)
            guard position < end else { break }
            let byte = text[position]
            if byte == quote {
                let slot = JSONValueSlot(kind: .string, start: start, end: position, escaped: escaped)
                position += 1
                return slot
            }
            if byte == Byte.backslash {
                escaped = true
                guard position + 1 < end else { break }
                guard let length = JSONString.escapeLength(UnsafeBufferPointer(rebasing: text[..<end]), at: position)
                else {
                    let isUnicode = text[position + 1] == Byte.lowerU
                    failure = isUnicode ? "invalid \\u escape in a string" : "invalid escape in a string"
                    return nil
                }
                position += length
                continue
            }
            if byte < Byte.space {
                failure = "control character in a string"
                return nil
            }
            position += 1
        }
        failure = "unterminated string"
        return nil
    }

    /// Skips an object or array, checking its syntax; `depth` is its nesting.
    private mutating func skipContainer(depth: Int) -> Bool {
        guard depth <= JSONLinesFormat.nestingDepthMax else {
            failure = "values nested too deeply"
            return false
        }
        let isObject = text[position] == Byte.openBrace
        let close = isObject ? Byte.closeBrace : Byte.closeBracket
        position += 1
        skipWhitespace()
        if consume(close) { return true }
        while true {
            if isObject {
                guard key() != nil else { return false }
                skipWhitespace()
                guard consume(Byte.colon) else {
                    failure = "expected ':' after key"
                    return false
                }
                skipWhitespace()
            }
            guard value(depth: depth) != nil else { return false }
            skipWhitespace()
            if consume(Byte.comma) {
                skipWhitespace()
                continue
            }
            if consume(close) { return true }
            failure = isObject ? "expected ',' or '}' after a value" : "expected ',' or ']' after a value"
            return false
        }
    }
}
