import SluiceCore

/// Spark's `json` source: one JSON object per line, read into declared columns.
public enum JSONLinesFormat {
    /// Longest line read, in bytes; a longer line is counted malformed and skipped.
    public static let lineBytesMax = 16 * 1024 * 1024
    /// Deepest nesting of objects and arrays in a line, in levels (the record is level 1);
    /// a deeper line is counted malformed and skipped.
    public static let nestingDepthMax = 256

    /// Reads `bytes`, UTF-8 text of one JSON object per line, into a batch of `schema`'s columns.
    ///
    /// Keys match column names ignoring case; a key that names no column is skipped with its
    /// value, however nested; of a key given twice, the last value counts. A missing key or
    /// `null` is NULL. Blank lines are skipped and `\r\n` line breaks are accepted.
    ///
    /// A line that is not a JSON object is dropped and counted malformed. A value that does
    /// not convert to its column's type (see `JSONValueConversion`: as Spark converts) is NULL
    /// and its record is kept but counted malformed. Timestamps without an offset are local
    /// time `utcOffsetSeconds` east of UTC.
    public static func scan(_ bytes: UnsafeRawBufferPointer, schema: [Column], utcOffsetSeconds: Int = 0) -> ScanResult
    {
        bytes.withMemoryRebound(to: UInt8.self) { text in
            var scanner = JSONLinesScanner(text: text, schema: schema, utcOffsetSeconds: utcOffsetSeconds)
            return scanner.run()
        }
    }
}
