/// Allocation-free reading for fast readers: visit logs as borrowed byte ranges instead of
/// decoding them into `LogRecord` values.
extension LogGroupCodec {
    /// Calls `body` once per log of a `LogGroup`, in order, without allocating.
    ///
    /// Each log is validated (as `decode` would) before `body` sees it, so iterating the
    /// `LogContentsView` cannot fail. The view borrows `group`; it must not escape `body`.
    /// Logs before a malformed part of the group have already been visited when this throws.
    ///
    /// - Parameters:
    ///   - group: One encoded `LogGroup`.
    ///   - body: Called with each log's time and its content pairs.
    /// - Throws: `LogProtocolError` for input `decode` would reject, or whatever `body` throws.
    public static func forEachLog(
        in group: UnsafeRawBufferPointer, _ body: (_ time: UInt32, _ contents: LogContentsView) throws -> Void
    ) throws {
        var reader = ProtobufReader(group)
        // One log's pairs, found while validating it; reused from log to log.
        var pairs: [(key: Range<Int>, value: Range<Int>)] = []
        pairs.reserveCapacity(8)
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            guard tag.field == GroupField.logs else {
                _ = try readHeaderField(tag, from: &reader)
                continue
            }
            try tag.require(.lengthDelimited, "LogGroup.Logs")
            let range = try reader.readLengthDelimited()
            pairs.removeAll(keepingCapacity: true)
            let header = try scanLog(group, range) { key, value in pairs.append((key, value)) }
            try pairs.withUnsafeBufferPointer { found in
                try body(header.time, LogContentsView(bytes: group, pairs: found, timeNanos: header.timeNanos))
            }
        }
    }

    /// The group-level fields readers flatten into every log (topic, source and tags), and the
    /// number of logs, in one pass.
    ///
    /// Validates the whole group except the inside of its logs.
    ///
    /// - Parameter group: One encoded `LogGroup`.
    /// - Returns: The topic and source (nil when absent), the tags in wire order, and how many
    ///   logs the group holds (as `logCount`).
    /// - Throws: `LogProtocolError` on bad framing or a malformed tag.
    public static func groupHeader(
        _ group: UnsafeRawBufferPointer
    ) throws(LogProtocolError) -> (topic: String?, source: String?, tags: [LogTag], logCount: Int) {
        var reader = ProtobufReader(group)
        var topic: String?
        var source: String?
        var tags: [LogTag] = []
        var logCount = 0
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            if tag.field == GroupField.logs {
                try tag.require(.lengthDelimited, "LogGroup.Logs")
                _ = try reader.readLengthDelimited()
                logCount += 1
                continue
            }
            switch try readHeaderField(tag, from: &reader) {
            case .topic(let range): topic = string(group, range)
            case .source(let range): source = string(group, range)
            case .tag(let key, let value): tags.append(LogTag(key: string(group, key), value: string(group, value)))
            case .reserved, .machineUUID, .skipped: break
            }
        }
        return (topic, source, tags, logCount)
    }
}
