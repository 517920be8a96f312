import SluiceCore

/// Spark's `libsvm` source as Sluice defines it: each line `label index:value …` becomes a
/// row of `label double, features string`.
public enum LibSVMTextFormat {
    /// Longest line read, in bytes; a longer line is counted malformed and skipped.
    public static let lineBytesMax = 16 * 1024 * 1024

    /// The fixed columns: `label double, features string`.
    public static let schema: [Column] = [
        Column(name: "label", type: .double, nullable: false),
        Column(name: "features", type: .string, nullable: false),
    ]

    /// Reads `bytes`, UTF-8 text, into a batch of `schema`'s columns.
    ///
    /// Each line is trimmed; empty lines and lines starting with `#` are skipped. The label is
    /// the first token (up to the first space or tab), read as a double; the features are the
    /// rest of the line after the spaces that follow it, as text (the model validates them).
    /// A line whose label is not a number is dropped and counted malformed.
    public static func scan(_ bytes: UnsafeRawBufferPointer) -> ScanResult {
        bytes.withMemoryRebound(to: UInt8.self) { text in
            var labels = ColumnBuilder(type: .double)
            var features = ColumnBuilder(type: .string)
            var tally = MalformedTally()
            var rowCount = 0
            var lines = LineReader(text: text)
            while let line = lines.next() {
                guard line.count <= lineBytesMax else {
                    tally.add(.limit, line: lines.lineNumber, "longer than \(lineBytesMax) bytes")
                    continue
                }
                var start = line.lowerBound
                var end = line.upperBound
                while start < end && text[start] <= Byte.space { start += 1 }
                while end > start && text[end - 1] <= Byte.space { end -= 1 }
                if start == end || text[start] == Byte.hash { continue }
                var labelEnd = start
                while labelEnd < end && text[labelEnd] != Byte.space && text[labelEnd] != Byte.tab { labelEnd += 1 }
                let label = UnsafeBufferPointer(rebasing: text[start..<labelEnd])
                guard let value = ValueParsing.double(label) else {
                    tally.add(.syntax, line: lines.lineNumber, "label \"\(preview(label))\" is not a number")
                    continue
                }
                var featuresStart = labelEnd
                while featuresStart < end && text[featuresStart] <= Byte.space { featuresStart += 1 }
                labels.append(double: value)
                features.append(stringBytes: UnsafeBufferPointer(rebasing: text[featuresStart..<end]))
                rowCount += 1
            }
            var builders = [labels, features]
            return ScanResult(builders: &builders, rowCount: rowCount, tally: tally)
        }
    }
}
