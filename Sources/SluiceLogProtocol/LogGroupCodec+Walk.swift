/// One pass over log groups: each group of a `LogGroupList` found in turn, and each group's
/// logs and header fields read in wire order, every byte once.
extension LogGroupCodec {
    /// Calls `body` with the bytes of each `LogGroup` of a `LogGroupList` (a PullLogs body), in
    /// order, as it reaches them.
    ///
    /// Only the list's framing is read here; `body` reads each group (with `walk`). Groups before
    /// bad framing have already been handed to `body` when this throws.
    ///
    /// - Parameters:
    ///   - list: The `LogGroupList` bytes (uncompressed).
    ///   - body: Called with each group's bytes, which borrow `list` and must not escape.
    /// - Returns: The number of groups.
    /// - Throws: `LogProtocolError` on bad list framing, or whatever `body` throws.
    @discardableResult
    public static func forEachGroup(
        inList list: UnsafeRawBufferPointer, _ body: (_ group: UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        var reader = ProtobufReader(list)
        var count = 0
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            guard tag.field == listGroupsField else {
                try reader.skipField(tag)
                continue
            }
            try tag.require(.lengthDelimited, "LogGroupList.LogGroups")
            let range = try reader.readLengthDelimited()
            count += 1
            try body(UnsafeRawBufferPointer(rebasing: list[range]))
        }
        return count
    }

    /// Reads a `LogGroup` in one pass: calls `onLog` for each log as the walk reaches it, and
    /// returns the group-level fields (topic, source, tags), which the wire puts after the logs.
    ///
    /// Accepts and rejects exactly what `decode` does. Each log is validated before `onLog` sees
    /// it, so iterating its `LogContentsView` cannot fail; the view borrows `group` and must not
    /// escape `onLog`. Logs before a malformed part of the group (a log, or a header field after
    /// the logs) have already been visited when this throws.
    ///
    /// - Parameters:
    ///   - group: One encoded `LogGroup`.
    ///   - onLog: Called with each log's time and content pairs, in order.
    /// - Returns: The group's header fields and its number of logs.
    /// - Throws: `LogProtocolError` for input `decode` would reject, or whatever `onLog` throws.
    public static func walk(
        _ group: UnsafeRawBufferPointer, onLog: (_ time: UInt32, _ contents: LogContentsView) throws -> Void
    ) throws -> LogGroupHeader {
        var reader = ProtobufReader(group)
        var header = LogGroupHeader()
        // One log's pairs, found while validating it; reused from log to log.
        var pairs: [(key: Range<Int>, value: Range<Int>)] = []
        pairs.reserveCapacity(8)
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            guard tag.field == GroupField.logs else {
                switch try readHeaderField(tag, from: &reader) {
                case .topic(let range): header.topic = string(group, range)
                case .source(let range): header.source = string(group, range)
                case .tag(let key, let value):
                    header.tags.append(LogTag(key: string(group, key), value: string(group, value)))
                case .reserved, .machineUUID, .skipped: break
                }
                continue
            }
            try tag.require(.lengthDelimited, "LogGroup.Logs")
            let range = try reader.readLengthDelimited()
            pairs.removeAll(keepingCapacity: true)
            let log = try scanLog(group, range) { key, value in pairs.append((key, value)) }
            header.logCount += 1
            try pairs.withUnsafeBufferPointer { found in
                try onLog(log.time, LogContentsView(bytes: group, pairs: found, timeNanos: log.timeNanos))
            }
        }
        return header
    }
}

/// The group-level fields of a `LogGroup` that readers flatten into every log, as
/// `LogGroupCodec.walk` finds them, and the group's number of logs.
public struct LogGroupHeader: Sendable, Equatable {
    /// `LogGroup.Topic`, nil when absent.
    public var topic: String?
    /// `LogGroup.Source`, nil when absent.
    public var source: String?
    /// `LogGroup.LogTags`, in wire order.
    public var tags: [LogTag] = []
    /// The number of logs in the group.
    public var logCount = 0

    /// A header with the given fields (an empty group's by default).
    public init(topic: String? = nil, source: String? = nil, tags: [LogTag] = [], logCount: Int = 0) {
        self.topic = topic
        self.source = source
        self.tags = tags
        self.logCount = logCount
    }
}
