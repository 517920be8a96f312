import SluiceCore

/// One field of a CSV record: where its text is, and how it was written.
struct CSVField {
    /// Start of the text (after an opening quote).
    var start: Int
    /// End of the text (at a closing quote).
    var end: Int
    /// Whether the field was quoted.
    var quoted: Bool
    /// Whether the quoted text holds doubled quotes, which stand for one quote each.
    var doubledQuotes: Bool
}

/// Splits CSV text into records and fields, RFC 4180 style: a field that starts with the
/// quote character runs to the next lone quote, with separators and line breaks inside it
/// and doubled quotes standing for one; records end at `\n` or `\r\n`.
struct CSVRecordReader {
    /// What `next(into:keepingAtMost:)` found.
    enum Outcome {
        /// A record of `fieldCount` fields.
        case record(fieldCount: Int)
        /// An empty line.
        case blank
        /// An invalid record, skipped.
        case malformed(StaticString)
        /// No more text.
        case end
    }

    /// The whole text.
    let text: UnsafeBufferPointer<UInt8>
    /// The field separator.
    let separator: UInt8
    /// The quote character; `nil` when quoting is off.
    let quote: UInt8?
    /// Where the next record starts.
    private var position = 0
    /// The 1-based line number at `position`.
    private var line = 1
    /// The line the last record started on.
    private(set) var recordLine = 1
    /// The length of the last record in bytes, line break included.
    private(set) var recordBytes = 0

    /// A reader at the start of `text`.
    init(text: UnsafeBufferPointer<UInt8>, separator: UInt8, quote: UInt8?) {
        self.text = text
        self.separator = separator
        self.quote = quote
    }

    /// Reads the next record, keeping at most `limit` of its fields in `fields`.
    mutating func next(into fields: inout [CSVField], keepingAtMost limit: Int) -> Outcome {
        fields.removeAll(keepingCapacity: true)
        let recordStart = position
        recordLine = line
        defer { recordBytes = position - recordStart }
        guard position < text.count else { return .end }
        let blankBreak = lineBreakLength(at: position)
        if blankBreak > 0 {
            position += blankBreak
            line += 1
            return .blank
        }
        var fieldCount = 0
        while true {
            var field = CSVField(start: position, end: position, quoted: false, doubledQuotes: false)
            if let quote, position < text.count && text[position] == quote {
                position += 1
                field.start = position
                field.quoted = true
                while true {
                    while position < text.count && text[position] != quote {
                        if text[position] == Byte.newline { line += 1 }
                        position += 1
                    }
                    guard position < text.count else { return .malformed("unterminated quoted field") }
                    if position + 1 < text.count && text[position + 1] == quote {
                        field.doubledQuotes = true
                        position += 2
                        continue
                    }
                    field.end = position
                    position += 1
                    break
                }
                if position < text.count && text[position] != separator && lineBreakLength(at: position) == 0 {
                    skipLine()
                    return .malformed("unexpected character after a closing quote")
                }
            } else {
                while position < text.count && text[position] != separator && text[position] != Byte.newline {
                    position += 1
                }
                field.end = position
                if (position == text.count || text[position] == Byte.newline)
                    && field.end > field.start && text[field.end - 1] == Byte.carriageReturn
                {
                    field.end -= 1
                }
            }
            fieldCount += 1
            if fields.count < limit { fields.append(field) }
            if position < text.count && text[position] == separator {
                position += 1
                continue
            }
            let lineBreak = lineBreakLength(at: position)
            if lineBreak > 0 {
                position += lineBreak
                line += 1
            }
            return .record(fieldCount: fieldCount)
        }
    }

    /// The length of the line break at `index`: 1 for `\n`, 2 for `\r\n`, 1 for a `\r` that
    /// ends the text, else 0.
    private func lineBreakLength(at index: Int) -> Int {
        guard index < text.count else { return 0 }
        if text[index] == Byte.newline { return 1 }
        guard text[index] == Byte.carriageReturn else { return 0 }
        if index + 1 == text.count { return 1 }
        return text[index + 1] == Byte.newline ? 2 : 0
    }

    /// Skips to the start of the next line.
    private mutating func skipLine() {
        while position < text.count && text[position] != Byte.newline { position += 1 }
        if position < text.count {
            position += 1
            line += 1
        }
    }
}
