extension LogGroupCodec {
    /// Decodes a `LogGroup` message.
    ///
    /// - Parameter bytes: The message bytes (uncompressed).
    /// - Returns: The group.
    /// - Throws: `LogProtocolError` on bad framing, a group wire type, a known field with the
    ///   wrong wire type, a missing `Log.Time`, or a content pair or tag missing a half.
    public static func decode(_ bytes: [UInt8]) throws(LogProtocolError) -> LogGroup {
        try withBuffer(bytes) { (buffer: UnsafeRawBufferPointer) throws(LogProtocolError) -> LogGroup in
            try decode(buffer)
        }
    }

    /// Decodes a `LogGroup` message from borrowed bytes.
    ///
    /// - Parameter bytes: The message bytes (uncompressed).
    /// - Returns: The group.
    /// - Throws: `LogProtocolError`, as `decode(_:)` on an array.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(LogProtocolError) -> LogGroup {
        var reader = ProtobufReader(bytes)
        var group = LogGroup()
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            if tag.field == GroupField.logs {
                try tag.require(.lengthDelimited, "LogGroup.Logs")
                let range = try reader.readLengthDelimited()
                group.logs.append(try decodeLog(bytes, range))
                continue
            }
            switch try readHeaderField(tag, from: &reader) {
            case .reserved(let range): group.reserved = string(bytes, range)
            case .topic(let range): group.topic = string(bytes, range)
            case .source(let range): group.source = string(bytes, range)
            case .machineUUID(let range): group.machineUUID = string(bytes, range)
            case .tag(let key, let value):
                group.tags.append(LogTag(key: string(bytes, key), value: string(bytes, value)))
            case .skipped: break
            }
        }
        return group
    }

    /// Counts the logs of a `LogGroup` without decoding them.
    ///
    /// Checks the top-level framing only; the logs themselves are not parsed.
    ///
    /// - Parameter bytes: The message bytes.
    /// - Returns: The number of `Logs` fields.
    /// - Throws: `LogProtocolError` on bad top-level framing.
    public static func logCount(_ bytes: UnsafeRawBufferPointer) throws(LogProtocolError) -> Int {
        var reader = ProtobufReader(bytes)
        var count = 0
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            if tag.field == GroupField.logs {
                try tag.require(.lengthDelimited, "LogGroup.Logs")
                _ = try reader.readLengthDelimited()
                count += 1
            } else {
                try reader.skipField(tag)
            }
        }
        return count
    }

    /// Appends one `LogGroupList` entry: `0x0A`, the varint length, then `groupBytes`.
    ///
    /// Concatenating entries builds a PullLogs body from stored raw `LogGroup` bytes.
    ///
    /// - Parameters:
    ///   - groupBytes: One encoded `LogGroup`.
    ///   - list: The `LogGroupList` being built.
    public static func appendListEntry(_ groupBytes: UnsafeRawBufferPointer, to list: inout [UInt8]) {
        ProtobufWire.appendLengthPrefix(field: listGroupsField, length: groupBytes.count, to: &list)
        list.append(contentsOf: groupBytes)
    }

    /// Appends one `LogGroupList` entry; see the `UnsafeRawBufferPointer` overload.
    ///
    /// - Parameters:
    ///   - groupBytes: One encoded `LogGroup`.
    ///   - list: The `LogGroupList` being built.
    public static func appendListEntry(_ groupBytes: [UInt8], to list: inout [UInt8]) {
        ProtobufWire.appendLengthPrefix(field: listGroupsField, length: groupBytes.count, to: &list)
        list.append(contentsOf: groupBytes)
    }

    /// The byte ranges of the `LogGroup` entries of a `LogGroupList`, in order.
    ///
    /// - Parameter bytes: The `LogGroupList` bytes.
    /// - Returns: One range into `bytes` per group; the groups themselves are not parsed.
    /// - Throws: `LogProtocolError` on bad list framing.
    public static func listEntries(_ bytes: UnsafeRawBufferPointer) throws(LogProtocolError) -> [Range<Int>] {
        var reader = ProtobufReader(bytes)
        var entries: [Range<Int>] = []
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            if tag.field == listGroupsField {
                try tag.require(.lengthDelimited, "LogGroupList.LogGroups")
                entries.append(try reader.readLengthDelimited())
            } else {
                try reader.skipField(tag)
            }
        }
        return entries
    }

    /// Decodes every group of a `LogGroupList` (a PullLogs body).
    ///
    /// - Parameter bytes: The `LogGroupList` bytes (uncompressed).
    /// - Returns: The groups, in order.
    /// - Throws: `LogProtocolError` on bad list framing or a bad group.
    public static func decodeList(_ bytes: [UInt8]) throws(LogProtocolError) -> [LogGroup] {
        try withBuffer(bytes) { (buffer: UnsafeRawBufferPointer) throws(LogProtocolError) -> [LogGroup] in
            try decodeList(buffer)
        }
    }

    /// Decodes every group of a `LogGroupList` from borrowed bytes.
    ///
    /// - Parameter bytes: The `LogGroupList` bytes (uncompressed).
    /// - Returns: The groups, in order.
    /// - Throws: `LogProtocolError` on bad list framing or a bad group.
    public static func decodeList(_ bytes: UnsafeRawBufferPointer) throws(LogProtocolError) -> [LogGroup] {
        var groups: [LogGroup] = []
        for range in try listEntries(bytes) {
            groups.append(try decode(UnsafeRawBufferPointer(rebasing: bytes[range])))
        }
        return groups
    }

    // MARK: - Shared parsing helpers

    /// Runs `body` over the bytes of `array`, passing its typed error through.
    static func withBuffer<T>(
        _ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(LogProtocolError) -> T
    ) throws(LogProtocolError) -> T {
        let result: Result<T, LogProtocolError> = array.withUnsafeBytes { buffer in
            Result { () throws(LogProtocolError) -> T in try body(buffer) }
        }
        return try result.get()
    }

    /// The string at `range` of `bytes`; invalid UTF-8 becomes U+FFFD.
    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private static func decodeLog(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(LogProtocolError)
        -> LogRecord
    {
        var contents: [LogContent] = []
        let header = try scanLog(bytes, range) { key, value in
            contents.append(LogContent(key: string(bytes, key), value: string(bytes, value)))
        }
        return LogRecord(time: header.time, contents: contents, timeNanos: header.timeNanos)
    }
}
