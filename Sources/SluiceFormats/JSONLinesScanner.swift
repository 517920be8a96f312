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
    /// The keys of the last record, by their place in it: where the key's bytes are and its
    /// column (-1 for none). Records usually repeat their keys in the same order, so a key is
    /// mostly found by comparing it with the one at its place in the record before.
    var recentKeys: [(start: Int, count: Int, column: Int)] = []
    /// Most places of `recentKeys`, in keys per record.
    static let recentKeysMax = 64
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
    ///
    /// A record is parsed from the rest of the text, so the parse itself finds where its line
    /// ends (one pass over the bytes). A line that does not parse is read again on its own, as a
    /// line, so that the reason reported is the line's own.
    mutating func run() -> ScanResult {
        var position = 0
        var lineNumber = 0
        while position < text.count {
            lineNumber += 1
            var parser = JSONLineParser(text: text, range: position..<text.count)
            parser.skipWhitespace()
            if parser.isAtEnd {
                position = parser.position + 1
                continue
            }
            if parseRecord(&parser), lineLength(from: position, to: parser.position) <= JSONLinesFormat.lineBytesMax {
                appendRecord(lineNumber: lineNumber)
                position = parser.position + 1
                continue
            }
            for column in slots.indices { slots[column] = .absent }
            position = readLine(from: position, lineNumber: lineNumber)
        }
        return ScanResult(builders: &builders, rowCount: rowCount, tally: tally)
    }

    /// The length of the line `[start, end)` without a carriage return before its line feed.
    private func lineLength(from start: Int, to end: Int) -> Int {
        end > start && text[end - 1] == Byte.carriageReturn ? end - start - 1 : end - start
    }

    /// Reads the line at `start` on its own, appending its record or counting it malformed,
    /// and returns where the next line starts.
    private mutating func readLine(from start: Int, lineNumber: Int) -> Int {
        let (line, next) = LineReader.line(in: text, from: start)
        if line.count > JSONLinesFormat.lineBytesMax {
            tally.add(.limit, line: lineNumber, "longer than \(JSONLinesFormat.lineBytesMax) bytes")
            return next
        }
        var parser = JSONLineParser(text: text, range: line)
        parser.skipWhitespace()
        if parser.isAtEnd { return next }
        if parseRecord(&parser) {
            appendRecord(lineNumber: lineNumber)
        } else {
            for column in slots.indices { slots[column] = .absent }
            tally.add(.syntax, line: lineNumber, "\(parser.failure)")
        }
        return next
    }

    /// Parses one object, filling `slots`; `false` when the line is not a JSON object.
    private mutating func parseRecord(_ parser: inout JSONLineParser) -> Bool {
        guard parser.consume(Byte.openBrace) else {
            parser.failure = "expected '{' at the start of a record"
            return false
        }
        parser.skipWhitespace()
        if !parser.consume(Byte.closeBrace) {
            var place = 0
            while true {
                guard let key = parser.key() else { return false }
                parser.skipWhitespace()
                guard parser.consume(Byte.colon) else {
                    parser.failure = "expected ':' after key"
                    return false
                }
                parser.skipWhitespace()
                guard let value = parser.value(depth: 1) else { return false }
                if let column = column(forKey: key, place: place) { slots[column] = value }
                place += 1
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

    /// The column a key names, decoding the key first when it has escapes; `place` is the
    /// key's place in its record (0 for the first key).
    private mutating func column(forKey key: JSONValueSlot, place: Int) -> Int? {
        let count = key.end - key.start
        guard !key.escaped else {
            JSONString.decode(UnsafeBufferPointer(rebasing: text[key.start..<key.end]), into: &scratch)
            return scratch.withUnsafeBufferPointer { lookup.index(of: $0) }
        }
        if place < recentKeys.count {
            let recent = recentKeys[place]
            if recent.count == count, Byte.equal(text, recent.start, key.start, count: count) {
                return recent.column < 0 ? nil : recent.column
            }
        }
        let column = lookup.index(of: UnsafeBufferPointer(rebasing: text[key.start..<key.end]))
        let remembered = (start: key.start, count: count, column: column ?? -1)
        if place < recentKeys.count {
            recentKeys[place] = remembered
        } else if place == recentKeys.count, place < Self.recentKeysMax {
            recentKeys.append(remembered)
        }
        return column
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
