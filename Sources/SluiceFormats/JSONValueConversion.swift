import SluiceCore

/// Converts one JSON value into its column's type, as Spark's JSON reader does.
///
/// - A number goes into a numeric column, into a timestamp column as seconds since the
///   epoch, and into a string column as its text.
/// - A string goes into a string column as is, into a timestamp, date or decimal column
///   parsed, into a float or double column only as `NaN` or an infinity, and into a binary
///   column decoded from base64.
/// - `true` and `false` go into a boolean column, and into a string column as their text.
/// - An object or array goes into a string column as its JSON text.
/// - Anything else does not convert.
enum JSONValueConversion {
    /// Appends `slot`'s value converted to `target`; `false`, with nothing appended, when it
    /// does not convert. `scratch` and `binaryScratch` are reusable buffers.
    static func append(
        _ slot: JSONValueSlot,
        text: UnsafeBufferPointer<UInt8>,
        target: ColumnTarget,
        to builder: inout ColumnBuilder,
        scratch: inout [UInt8],
        binaryScratch: inout [UInt8],
        utcOffsetSeconds: Int
    ) -> Bool {
        let raw = UnsafeBufferPointer(rebasing: text[slot.start..<slot.end])
        switch slot.kind {
        case .absent, .null:
            builder.appendNull()
            return true
        case .string:
            guard slot.escaped else {
                return appendString(
                    raw, target: target, to: &builder, binaryScratch: &binaryScratch, utcOffsetSeconds: utcOffsetSeconds
                )
            }
            JSONString.decode(raw, into: &scratch)
            return scratch.withUnsafeBufferPointer { decoded in
                appendString(
                    decoded, target: target, to: &builder, binaryScratch: &binaryScratch,
                    utcOffsetSeconds: utcOffsetSeconds)
            }
        case .number:
            switch target {
            case .string:
                builder.append(stringBytes: raw)
                return true
            case .integer, .floating, .decimal, .alwaysNull:
                return target.appendText(raw, to: &builder, utcOffsetSeconds: utcOffsetSeconds)
            case .timestamp:
                guard let microseconds = ValueParsing.epochSecondsToMicroseconds(raw) else { return false }
                builder.append(int64: microseconds)
                return true
            case .binary, .boolean, .date, .unsupported:
                return false
            }
        case .boolean:
            switch target {
            case .string:
                builder.append(stringBytes: raw)
                return true
            case .boolean:
                builder.append(boolean: raw.first == Byte.lowerT)
                return true
            case .alwaysNull:
                builder.appendNull()
                return true
            case .binary, .integer, .floating, .decimal, .timestamp, .date, .unsupported:
                return false
            }
        case .compound:
            switch target {
            case .string:
                builder.append(stringBytes: raw)
                return true
            case .alwaysNull:
                builder.appendNull()
                return true
            case .binary, .integer, .floating, .decimal, .boolean, .timestamp, .date, .unsupported:
                return false
            }
        }
    }

    /// Appends a string's decoded `content` converted to `target`.
    private static func appendString(
        _ content: UnsafeBufferPointer<UInt8>,
        target: ColumnTarget,
        to builder: inout ColumnBuilder,
        binaryScratch: inout [UInt8],
        utcOffsetSeconds: Int
    ) -> Bool {
        switch target {
        case .string:
            builder.append(stringBytes: content)
            return true
        case .binary:
            guard Base64.decode(content, into: &binaryScratch) else { return false }
            builder.append(stringBytes: binaryScratch)
            return true
        case .floating:
            guard let value = ValueParsing.specialDouble(content) else { return false }
            builder.append(double: value)
            return true
        case .decimal, .timestamp, .date, .alwaysNull:
            return target.appendText(content, to: &builder, utcOffsetSeconds: utcOffsetSeconds)
        case .integer, .boolean, .unsupported:
            return false
        }
    }
}
