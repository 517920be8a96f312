import SluiceCore

/// The state of one `CSVFormat.scan`: the record loop, the header mapping and the columns.
struct CSVScanner {
    /// The whole input.
    let text: UnsafeBufferPointer<UInt8>
    /// The declared columns.
    let columns: [Column]
    /// What each column's values convert to.
    let targets: [ColumnTarget]
    /// The field separator.
    let separator: UInt8
    /// The quote character; `nil` when quoting is off.
    let quote: UInt8?
    /// The text of an unquoted NULL field.
    let nullValue: [UInt8]
    /// The session time zone, in seconds east of UTC.
    let utcOffsetSeconds: Int
    /// One builder per column.
    var builders: [ColumnBuilder]
    /// The fields of the current record.
    var fields: [CSVField] = []
    /// Reused buffer for quoted text with doubled quotes.
    var scratch: [UInt8] = []
    /// Malformed records so far.
    var tally = MalformedTally()
    /// Records kept so far.
    var rowCount = 0

    /// A scanner of `text` into `schema`.
    init(
        text: UnsafeBufferPointer<UInt8>, schema: [Column], separator: UInt8, quote: UInt8?,
        nullValue: [UInt8], utcOffsetSeconds: Int
    ) {
        self.text = text
        self.columns = schema
        self.targets = schema.map { ColumnTarget($0.type) }
        self.separator = separator
        self.quote = quote
        self.nullValue = nullValue
        self.utcOffsetSeconds = utcOffsetSeconds
        // Every string value is a piece of the input, and a record is at least a few bytes:
        // reserving the input's size once avoids copying columns as they grow.
        self.builders = schema.map { column in
            var builder = ColumnBuilder(type: column.type)
            builder.reserve(rows: text.count / 64, stringBytes: text.count)
            return builder
        }
    }

    /// Reads every record and returns the batch.
    mutating func run(header: Bool) -> ScanResult {
        var reader = CSVRecordReader(text: text, separator: separator, quote: quote)
        // For each field position, the column it fills.
        var fieldColumns: [Int?] = columns.indices.map { Optional($0) }
        // Columns no field fills: NULL in every row.
        var unfilledColumns: [Int] = []
        var needsHeader = header
        while true {
            let limit = needsHeader ? Limits.columnsMax + 1 : fieldColumns.count + 1
            let outcome = reader.next(into: &fields, keepingAtMost: limit)
            switch outcome {
            case .end:
                return ScanResult(builders: &builders, rowCount: rowCount, tally: tally)
            case .blank:
                continue
            case .malformed(let reason):
                tally.add(.syntax, line: reader.recordLine, "\(reason)")
            case .record(let fieldCount):
                if reader.recordBytes > CSVFormat.recordBytesMax {
                    tally.add(.limit, line: reader.recordLine, "record longer than \(CSVFormat.recordBytesMax) bytes")
                } else if needsHeader {
                    if fieldCount > Limits.columnsMax {
                        tally.add(.limit, line: reader.recordLine, "header has more than \(Limits.columnsMax) fields")
                        continue
                    }
                    fieldColumns = headerColumns()
                    unfilledColumns = columns.indices.filter { !fieldColumns.contains($0) }
                    needsHeader = false
                } else if fieldCount != fieldColumns.count {
                    let expected = fieldColumns.count
                    tally.add(.fieldCount, line: reader.recordLine, "expected \(expected) fields, found \(fieldCount)")
                } else {
                    appendRecord(
                        fieldColumns: fieldColumns, unfilledColumns: unfilledColumns, lineNumber: reader.recordLine)
                }
            }
        }
    }

    /// The column each field of the header record in `fields` fills; of fields naming the
    /// same column, the first.
    private mutating func headerColumns() -> [Int?] {
        let lookup = ColumnLookup(names: columns.map(\.name))
        var taken = [Bool](repeating: false, count: columns.count)
        var result: [Int?] = []
        for field in fields {
            let column = Self.withText(of: field, text: text, quote: quote, scratch: &scratch) { lookup.index(of: $0) }
            if let column, !taken[column] {
                taken[column] = true
                result.append(column)
            } else {
                result.append(nil)
            }
        }
        return result
    }

    /// Appends the record in `fields` as a row.
    private mutating func appendRecord(fieldColumns: [Int?], unfilledColumns: [Int], lineNumber: Int) {
        var failed: (column: Int, field: CSVField)?
        for (index, field) in fields.enumerated() {
            guard let column = fieldColumns[index] else { continue }
            let converted = Self.append(
                field, text: text, quote: quote, nullValue: nullValue, target: targets[column],
                to: &builders[column], scratch: &scratch, utcOffsetSeconds: utcOffsetSeconds
            )
            if !converted {
                builders[column].appendNull()
                if failed == nil { failed = (column, field) }
            }
        }
        for column in unfilledColumns { builders[column].appendNull() }
        rowCount += 1
        guard let failed else { return }
        let value = UnsafeBufferPointer(rebasing: text[failed.field.start..<failed.field.end])
        let column = columns[failed.column]
        tally.add(
            .conversion, line: lineNumber,
            "value \"\(preview(value))\" of column \(column.name) does not convert to \(column.type.sqlName)")
    }

    /// Appends `field` converted to `target`: NULL when it is unquoted and equal to
    /// `nullValue`, or empty for a non-string target; `false`, with nothing appended, when it
    /// does not convert.
    private static func append(
        _ field: CSVField, text: UnsafeBufferPointer<UInt8>, quote: UInt8?, nullValue: [UInt8],
        target: ColumnTarget, to builder: inout ColumnBuilder, scratch: inout [UInt8], utcOffsetSeconds: Int
    ) -> Bool {
        let raw = UnsafeBufferPointer(rebasing: text[field.start..<field.end])
        if (!field.quoted && raw.elementsEqual(nullValue)) || (raw.isEmpty && !target.acceptsEmptyText) {
            builder.appendNull()
            return true
        }
        return withText(of: field, text: text, quote: quote, scratch: &scratch) { value in
            target.appendText(value, to: &builder, utcOffsetSeconds: utcOffsetSeconds)
        }
    }

    /// Calls `body` with the text of `field`, its doubled quotes undoubled (in `scratch`).
    private static func withText<Result>(
        of field: CSVField, text: UnsafeBufferPointer<UInt8>, quote: UInt8?, scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        let raw = UnsafeBufferPointer(rebasing: text[field.start..<field.end])
        guard field.doubledQuotes, let quote else { return body(raw) }
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        while index < raw.count {
            scratch.append(raw[index])
            index += raw[index] == quote ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer(body)
    }
}
