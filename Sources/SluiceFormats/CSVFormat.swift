import SluiceCore

/// Spark's `csv` source: delimited text read into declared columns.
public enum CSVFormat {
    /// Longest record read, in bytes (line breaks inside quotes included); a longer record is
    /// counted malformed and skipped.
    public static let recordBytesMax = 16 * 1024 * 1024

    /// Reads `bytes`, UTF-8 CSV text, into a batch of `schema`'s columns.
    ///
    /// Fields are split at `separator`; a field starting with `quote` may hold separators and
    /// line breaks, with a doubled quote standing for one (RFC 4180). Records end at `\n` or
    /// `\r\n`; empty lines are skipped. When `quote` equals `separator`, quoting is off.
    ///
    /// With `header`, the first record names the fields, and each field fills the schema column
    /// of its name ignoring case: schema columns the header does not name are NULL, header names
    /// the schema does not have are ignored. Without it, fields fill columns by position.
    /// A record whose field count differs from the header's (or the schema's) is dropped and
    /// counted malformed.
    ///
    /// An unquoted field equal to `nullValue` is NULL, and so is an empty field of a
    /// non-string column. A field that does not convert to its column's type is NULL and its
    /// record kept but counted malformed. Timestamps without an offset are local time
    /// `utcOffsetSeconds` east of UTC.
    public static func scan(
        _ bytes: UnsafeRawBufferPointer,
        schema: [Column],
        header: Bool,
        separator: UInt8 = UInt8(ascii: ","),
        quote: UInt8 = UInt8(ascii: "\""),
        nullValue: String = "",
        utcOffsetSeconds: Int = 0
    ) -> ScanResult {
        bytes.withMemoryRebound(to: UInt8.self) { text in
            var scanner = CSVScanner(
                text: text, schema: schema, separator: separator, quote: quote == separator ? nil : quote,
                nullValue: Array(nullValue.utf8), utcOffsetSeconds: utcOffsetSeconds
            )
            return scanner.run(header: header)
        }
    }
}
