import SluiceCore

/// The state of one `JSONLinesFormat.scan`: the line loop, the record parse and the columns.
struct JSONLinesScanner {
    /// The whole input.
    let text: UnsafeBufferPointer<UInt8>
    /// The declared columns.
    let columns: [Column]
    /// What each column's values convert to.
    let targets: [ColumnTarget]
    /// Column by key.
    let lookup: ColumnLookup
    /// The session time zone, in seconds east of UTC.
    let utcOffsetSeconds: Int
    /// One builder per column.
    var builders: [ColumnBuilder]
    /// The current record's value for each column.
    var slots: [JSONValueSlot]
    /// Reused buffer for decoded strings.
    var scratch: [UInt8] = []
    /// Reused buffer for decoded base64.
    var binaryScratch: [UInt8] = []
    /// Malformed records so far.
    var tally = MalformedTally()
    /// Records kept so far.
    var rowCount = 0

    /// A scanner of `text` into `schema`.
    init(text: UnsafeBufferPointer<UInt8>, schema: [Column], utcOffsetSeconds: Int) {
        self.text = text
        self.columns = schema
        self.targets = schema.map { ColumnTarget($0.type) }
        self.lookup = ColumnLookup(names: schema.map(\.name))
        self.utcOffsetSeconds = utcOffsetSeconds
        // Every string value is a piece of the input, and a record is at least a few bytes:
        // reserving the input's size once avoids copying columns as they grow.
        self.builders = schema.map { column in
            var builder = ColumnBuilder(type: column.type)
            builder.reserve(rows: text.count / 64, stringBytes: text.count)
            return builder
        }
        self.slots = Array(repeating: .absent, count: schema.count)
    }

    /// Reads every line and returns the batch.
    mutating func run() -> ScanResult {
        var lines = LineReader(text: text)
        while let line = lines.next() {
            if line.count > JSONLinesFormat.lineBytesMax {
                tally.add(.limit, line: lines.lineNumber, "longer than \(JSONLinesFormat.lineBytesMax) bytes")
                continue
            }
            var parser = JSONLineParser(text: text, range: line)
            parser.skipWhitespace()
            if parser.isAtEnd { continue }
            if parseRecord(&parser) {
                appendRecord(lineNumber: lines.lineNumber)
            } else {
                for column in slots.indices { slots[column] = .absent }
                tally.add(.syntax, line: lines.lineNumber, "\(parser.failure)")
            }
        }
        return ScanResult(builders: &builders, rowCount: rowCount, tally: tally)
    }

    /// Parses one object, filling `slots`; `false` when the line is not a JSON object.
    private mutating func parseRecord(_ parser: inout JSONLineParser) -> Bool {
        guard parser.consume(Byte.openBrace) else {
            parser.failure = "expected '{' at the start of a record"
            return false
        }
        parser.skipWhitespace()
        if !parser.consume(Byte.closeBrace) {
            while true {
                guard let key = parser.key() else { return false }
                parser.skipWhitespace()
                guard parser.consume(Byte.colon) else {
                    parser.failure = "expected ':' after key"
                    return false
                }
                parser.skipWhitespace()
                guard let value = parser.value(depth: 1) else { return false }
                if let column = column(forKey: key) { slots[column] = value }
                parser.skipWhitespace()
                if parser.consume(Byte.comma) {
                    parser.skipWhitespace()
                    continue
                }
                if parser.consume(Byte.closeBrace) { break }
                parser.failure = "expected ',' or '}' after a value"
                return false
            }
        }
        parser.skipWhitespace()
        guard parser.isAtEnd else {
            parser.failure = "unexpected text after the object"
            return false
        }
        return true
    }

    /// The column a key names, decoding the key first when it has escapes.
    private mutating func column(forKey key: JSONValueSlot) -> Int? {
        let raw = UnsafeBufferPointer(rebasing: text[key.start..<key.end])
        guard key.escaped else { return lookup.index(of: raw) }
        JSONStringDecoding.decode(raw, into: &scratch)
        return scratch.withUnsafeBufferPointer { lookup.index(of: $0) }
    }

    /// Appends the record in `slots` as a row, leaving `slots` absent.
    private mutating func appendRecord(lineNumber: Int) {
        var failed: (column: Int, slot: JSONValueSlot)?
        for column in slots.indices {
            let slot = slots[column]
            slots[column] = .absent
            let converted = JSONValueConversion.append(
                slot, text: text, target: targets[column], to: &builders[column],
                scratch: &scratch, binaryScratch: &binaryScratch, utcOffsetSeconds: utcOffsetSeconds
            )
            if !converted {
                builders[column].appendNull()
                if failed == nil { failed = (column, slot) }
            }
        }
        rowCount += 1
        guard let failed else { return }
        // A string is quoted with its quotes.
        let slot = failed.slot
        let range = slot.kind == .string ? (slot.start - 1)..<(slot.end + 1) : slot.start..<slot.end
        let value = UnsafeBufferPointer(rebasing: text[range])
        let column = columns[failed.column]
        tally.add(
            .conversion, line: lineNumber,
            "value \(preview(value)) of column \(column.name) does not convert to \(column.type.sqlName)")
    }
}
