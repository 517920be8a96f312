/// Allocation-free scanning of `LogGroup` parts, shared by `decode` and the visitor so both
/// accept and reject exactly the same input.
extension LogGroupCodec {
    /// A top-level `LogGroup` field other than `Logs`, as byte ranges.
    enum HeaderField {
        case reserved(Range<Int>)
        case topic(Range<Int>)
        case source(Range<Int>)
        case machineUUID(Range<Int>)
        case tag(key: Range<Int>, value: Range<Int>)
        /// An unknown field, skipped.
        case skipped
    }

    /// Which two-string message a pair is, for error messages.
    enum PairKind {
        case content
        case tag

        var keyName: String { self == .content ? "Log.Content.Key" : "LogTag.Key" }
        var valueName: String { self == .content ? "Log.Content.Value" : "LogTag.Value" }
    }

    /// Reads the value of the top-level field `tag` (not `Logs`) and checks it like `decode`.
    static func readHeaderField(
        _ tag: ProtobufTag, from reader: inout ProtobufReader
    ) throws(LogProtocolError) -> HeaderField {
        switch tag.field {
        case GroupField.reserved:
            try tag.require(.lengthDelimited, "LogGroup.Reserved")
            return try .reserved(reader.readLengthDelimited())
        case GroupField.topic:
            try tag.require(.lengthDelimited, "LogGroup.Topic")
            return try .topic(reader.readLengthDelimited())
        case GroupField.source:
            try tag.require(.lengthDelimited, "LogGroup.Source")
            return try .source(reader.readLengthDelimited())
        case GroupField.machineUUID:
            try tag.require(.lengthDelimited, "LogGroup.MachineUUID")
            return try .machineUUID(reader.readLengthDelimited())
        case GroupField.tags:
            try tag.require(.lengthDelimited, "LogGroup.LogTags")
            let range = try reader.readLengthDelimited()
            let pair = try readPair(reader.bytes, range, .tag)
            return .tag(key: pair.key, value: pair.value)
        default:
            try reader.skipField(tag)
            return .skipped
        }
    }

    /// Parses the `Log` message at `range`, calling `onContent` for each content pair in order.
    ///
    /// - Returns: The log's time and nanosecond part.
    static func scanLog(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
        onContent: (_ key: Range<Int>, _ value: Range<Int>) -> Void
    ) throws(LogProtocolError) -> (time: UInt32, timeNanos: UInt32?) {
        var reader = ProtobufReader(bytes, range: range)
        var time: UInt32?
        var timeNanos: UInt32?
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.field {
            case LogField.time:
                try tag.require(.varint, "Log.Time")
                let value = try reader.readVarint()
                guard let seconds = UInt32(exactly: value) else {
                    throw LogProtocolError("Log.Time \(value) does not fit in uint32")
                }
                time = seconds
            case LogField.contents:
                try tag.require(.lengthDelimited, "Log.Contents")
                let contentRange = try reader.readLengthDelimited()
                let pair = try readPair(bytes, contentRange, .content)
                onContent(pair.key, pair.value)
            case LogField.timeNanos:
                try tag.require(.fixed32, "Log.Time_ns")
                timeNanos = try reader.readFixed32()
            default:
                try reader.skipField(tag)
            }
        }
        guard let time else {
            throw LogProtocolError("Log.Time is missing")
        }
        return (time, timeNanos)
    }

    /// Parses the `Content`/`LogTag` message at `range`; a repeated key or value keeps the last.
    static func readPair(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ kind: PairKind
    ) throws(LogProtocolError) -> (key: Range<Int>, value: Range<Int>) {
        var reader = ProtobufReader(bytes, range: range)
        var key: Range<Int>?
        var value: Range<Int>?
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.field {
            case PairField.key:
                try tag.require(.lengthDelimited, kind.keyName)
                key = try reader.readLengthDelimited()
            case PairField.value:
                try tag.require(.lengthDelimited, kind.valueName)
                value = try reader.readLengthDelimited()
            default:
                try reader.skipField(tag)
            }
        }
        guard let key else {
            throw LogProtocolError("\(kind.keyName) is missing")
        }
        guard let value else {
            throw LogProtocolError("\(kind.valueName) is missing")
        }
        return (key, value)
    }
}
