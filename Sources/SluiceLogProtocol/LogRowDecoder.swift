import SluiceCore

/// Turns the PullLogs answers of one shard range (`LogGroupList` bytes) into the columns of a
/// `LogRowMapping`, one row per log, each group walked once (`LogGroupCodec.walk`): a log's
/// keys, time and sequence number as the walk reaches it, then the group's header fields
/// (topic, source, tags, which the wire puts after the logs) and the shard's names for each of
/// the group's rows. Values convert to their column's type as the CSV reader converts text; a
/// value that does not convert is NULL and its row counts as malformed.
///
/// The caller hands each answer over with one call (`append(list:firstGroupCursor:)`) and takes
/// the batch with `finish()`. Keys and values are read in place; nothing is allocated per log.
public struct LogRowDecoder {
    /// The columns and what fills each.
    public let mapping: LogRowMapping
    private let project: String
    private let store: String
    private let shardText: String
    private let utcOffsetSeconds: Int
    /// The groups the answers hold in all, as far as the caller knows, to reserve rows ahead.
    private let expectedGroups: Int
    private var builders: [TextColumnBuilder]
    /// Which columns the current log's contents filled; reused from log to log.
    private var filled: [Bool]
    /// The rows the columns have room for.
    private var reservedRows = 0
    /// Rows (logs) decoded so far.
    public private(set) var rowCount = 0
    /// Log groups decoded so far.
    public private(set) var groupCount = 0
    /// Rows decoded so far with a value that did not convert to its column's type (stored as NULL).
    public private(set) var malformedRecords = 0
    /// The string key columns that can keep their values in the answer's own bytes
    /// (`append(adopting:firstGroupCursor:)`): their key is no other column's.
    private let placeableColumns: [LogRowMapping.KeyColumn]
    /// While an answer is decoded in place: the column whose values are moved together at the
    /// front of the answer's bytes, and where those bytes start.
    private var placing: (column: Int, bytes: UnsafeMutableRawPointer)?
    /// The room for text the string columns make at the first answer (`init`'s `textBytes`),
    /// when it is known which column, if any, keeps the answer's bytes instead; 0 after.
    private var pendingTextBytes: Int

    /// A decoder of the answers of one shard range.
    ///
    /// - Parameters:
    ///   - mapping: The columns and what fills each.
    ///   - shard: The shard's number (`__shard__`).
    ///   - project: The project's name (`__logProject__`).
    ///   - store: The log store's name (`__logStore__`).
    ///   - utcOffsetSeconds: The session's time zone, for timestamp text without an offset.
    ///   - expectedGroups: The number of groups the answers hold in all (0 when unknown): once the
    ///     first groups tell how many logs a group holds, the columns make room for the rest.
    ///   - textBytes: Room each string column makes for text at the first answer, in bytes (the
    ///     answers' size bounds it), so that appending seldom grows a column by copying; a column
    ///     that keeps the answer's bytes (`append(adopting:firstGroupCursor:)`) makes none.
    public init(
        mapping: LogRowMapping, shard: Int, project: String, store: String, utcOffsetSeconds: Int,
        expectedGroups: Int = 0, textBytes: Int = 0
    ) {
        self.mapping = mapping
        self.project = project
        self.store = store
        shardText = String(shard)
        self.utcOffsetSeconds = utcOffsetSeconds
        self.expectedGroups = expectedGroups
        builders = mapping.types.map { TextColumnBuilder(type: $0) }
        pendingTextBytes = textBytes
        filled = [Bool](repeating: false, count: mapping.types.count)
        placeableColumns = mapping.keyColumns.filter { candidate in
            let field = mapping.fields[candidate.column]
            return mapping.types[candidate.column] == .string && mapping.fields.filter { $0 == field }.count == 1
        }
    }

    /// Appends one row per log of each group of `list`, a `LogGroupList` (a PullLogs answer's
    /// body, uncompressed).
    ///
    /// - Parameters:
    ///   - list: The `LogGroupList` bytes.
    ///   - firstGroupCursor: The cursor of the list's first group; the next groups follow it.
    /// - Returns: The number of groups in `list`.
    /// - Throws: `LogProtocolError` when `list` is not a valid `LogGroupList`; the rows of the
    ///   groups before the bad part have been appended then, so the decoder is to be dropped.
    @discardableResult
    public mutating func append(list: UnsafeRawBufferPointer, firstGroupCursor: Int64) throws -> Int {
        if pendingTextBytes > 0 {
            // Not for a column that keeps the answer's bytes: it would drop the room unused.
            for index in builders.indices where index != placing?.column {
                builders[index].reserve(rows: 0, stringBytes: pendingTextBytes)
            }
            pendingTextBytes = 0
        }
        var listIndex: Int64 = 0
        return try LogGroupCodec.forEachGroup(inList: list) { group in
            try appendRows(of: group, groupCursor: firstGroupCursor + listIndex)
            listIndex += 1
        }
    }

    /// `append(list:firstGroupCursor:)` over the bytes of an array.
    @discardableResult
    public mutating func append(list: [UInt8], firstGroupCursor: Int64) throws -> Int {
        try list.withUnsafeBytes { try append(list: $0, firstGroupCursor: firstGroupCursor) }
    }

    /// `append(list:firstGroupCursor:)` over an answer the decoder may keep. For the first answer
    /// (no rows yet), the string column whose value is the longest in the answer's first log
    /// keeps its values in `list`'s own storage, each moved down to follow the previous one,
    /// instead of copying them into a new buffer: the bytes stay in the processor's cache and no
    /// fresh memory is touched. `list` is empty afterwards then; the batch holds its storage.
    @discardableResult
    public mutating func append(adopting list: inout [UInt8], firstGroupCursor: Int64) throws -> Int {
        guard rowCount == 0, let column = placeableColumn(in: list) else {
            return try append(list: list, firstGroupCursor: firstGroupCursor)
        }
        var bytes: [UInt8] = []
        swap(&bytes, &list)
        builders[column].beginPlacing()
        defer {
            placing = nil
            bytes.removeSubrange(builders[column].placedBytes...)
            builders[column].finishPlacing(bytes)
        }
        return try bytes.withUnsafeMutableBytes { buffer in
            // Not empty: the answer has a log.
            placing = (column, buffer.baseAddress!)
            return try append(list: UnsafeRawBufferPointer(buffer), firstGroupCursor: firstGroupCursor)
        }
    }

    /// Stops the look at an answer's first log.
    private struct FirstLogSeen: Error {}

    /// The placeable column whose value is the longest in the first log of `list`; nil when no
    /// column has a value there (or `list` has no log, or does not decode).
    private func placeableColumn(in list: [UInt8]) -> Int? {
        guard !placeableColumns.isEmpty else { return nil }
        var best: (column: Int, count: Int)?
        list.withUnsafeBytes { bytes in
            mapping.keyBytes.withUnsafeBufferPointer { keys in
                _ = try? LogGroupCodec.forEachGroup(inList: bytes) { group in
                    _ = try LogGroupCodec.walk(group) { _, contents in
                        for content in contents {
                            for column in placeableColumns
                            where Self.equal(content.key, keys, column) && content.value.count > (best?.count ?? 0) {
                                best = (column.column, content.value.count)
                            }
                        }
                        throw FirstLogSeen()
                    }
                }
            }
        }
        return best?.column
    }

    /// The columns of every row appended, as a batch; the decoder is empty afterwards.
    public mutating func finish() -> RecordBatch {
        let rows = builders.first?.count ?? rowCount
        return RecordBatch(columns: builders.indices.map { builders[$0].finish() }, rowCount: rows)
    }

    /// Appends one row per log of `group`, the `LogGroup` at `groupCursor`.
    private mutating func appendRows(of group: UnsafeRawBufferPointer, groupCursor: Int64) throws {
        var logIndex = 0
        var malformedLogs = 0
        let keyBytes = mapping.keyBytes
        let header = try keyBytes.withUnsafeBufferPointer { keys in
            try LogGroupCodec.walk(group) { time, contents in
                defer { logIndex += 1 }
                if appendLog(time: time, contents: contents, keys: keys, groupCursor: groupCursor, logIndex: logIndex) {
                    malformedLogs += 1
                }
            }
        }
        let malformedConstant = appendConstants(header)
        malformedRecords += malformedConstant ? header.logCount : malformedLogs
        rowCount += header.logCount
        groupCount += 1
        if rowCount > reservedRows, groupCount < expectedGroups {
            // The rest as large as the groups so far, on average.
            reservedRows = max(rowCount * expectedGroups / groupCount, 2 * reservedRows)
            for index in builders.indices { builders[index].reserve(rows: reservedRows, stringBytes: 0) }
        }
    }

    /// Appends the log's own columns: the values of its keys, its time, its sequence number.
    ///
    /// - Returns: Whether a value did not convert (the log is malformed).
    @inline(__always)
    private mutating func appendLog(
        time: UInt32, contents: LogContentsView, keys: UnsafeBufferPointer<UInt8>, groupCursor: Int64, logIndex: Int
    ) -> Bool {
        for index in filled.indices { filled[index] = false }
        var malformed = false
        for content in contents {
            for keyColumn in mapping.keyColumns
            where !filled[keyColumn.column] && Self.equal(content.key, keys, keyColumn) {
                filled[keyColumn.column] = true
                if let placing, placing.column == keyColumn.column {
                    // Down to follow the previous value: the bytes it overwrites (this content's
                    // key, earlier contents, earlier logs) have been read, and no other column
                    // has this key, so nothing reads them again.
                    let count = content.value.count
                    if count > 0 {
                        (placing.bytes + builders[keyColumn.column].placedBytes).copyMemory(
                            from: content.value.baseAddress!, byteCount: count)
                    }
                    builders[keyColumn.column].appendPlaced(count: count)
                    break
                }
                let converted = content.value.withMemoryRebound(to: UInt8.self) { text in
                    builders[keyColumn.column].append(text: text, utcOffsetSeconds: utcOffsetSeconds)
                }
                malformed = malformed || !converted
            }
        }
        for (column, value) in mapping.logColumns where !filled[column] {
            switch value {
            case .null:
                builders[column].appendNull()
            case .timeMicroseconds:
                builders[column].append(int64: Int64(time) * 1_000_000)
            case .timeText:
                malformed = !appendDecimal(Int64(time), to: column) || malformed
            case .sequenceNumber:
                malformed = !appendDecimal(groupCursor, then: logIndex, to: column) || malformed
            }
        }
        return malformed
    }

    /// Appends the group's constants (project, store, shard, topic, source, tags) to each of its
    /// `header.logCount` rows.
    ///
    /// - Returns: Whether a constant did not convert (every row of the group is malformed).
    private mutating func appendConstants(_ header: LogGroupHeader) -> Bool {
        guard header.logCount > 0 else { return false }
        var malformed = false
        for column in mapping.constantColumns {
            let text: String?
            switch mapping.fields[column] {
            case .project: text = project
            case .store: text = store
            case .shard: text = shardText
            case .topic: text = header.topic ?? ""
            case .source: text = header.source ?? ""
            case .tag(let key): text = header.tags.last { $0.key == key }?.value
            case .time, .key, .sequenceNumber: continue
            }
            guard var text else {
                for _ in 0..<header.logCount { builders[column].appendNull() }
                continue
            }
            // The same text for each row: it converts alike each time.
            let converted = text.withUTF8 { bytes in
                var converted = true
                for _ in 0..<header.logCount {
                    converted = builders[column].append(text: bytes, utcOffsetSeconds: utcOffsetSeconds)
                }
                return converted
            }
            malformed = malformed || !converted
        }
        return malformed
    }

    /// Appends `value` as decimal text, followed by `-` and `suffix` when given, converted to the
    /// column's type; the text is built on the stack.
    ///
    /// - Returns: Whether it converted.
    private mutating func appendDecimal(_ value: Int64, then suffix: Int? = nil, to column: Int) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.decimalTextBytesMax) { buffer in
            var start = buffer.count
            if let suffix {
                start = Self.writeDecimal(Int64(suffix), endingAt: start, in: buffer)
                start -= 1
                buffer[start] = Byte.minus
            }
            start = Self.writeDecimal(value, endingAt: start, in: buffer)
            return builders[column].append(
                text: UnsafeBufferPointer(rebasing: buffer[start...]), utcOffsetSeconds: utcOffsetSeconds)
        }
    }

    /// The longest text `appendDecimal` builds: two 64-bit integers (20 bytes each with a sign)
    /// and a `-`.
    static let decimalTextBytesMax = 41

    /// Writes the decimal digits of `value` (with a leading `-` when negative) so that they end
    /// before `end` in `buffer`.
    ///
    /// - Returns: Where the text starts.
    private static func writeDecimal(_ value: Int64, endingAt end: Int, in buffer: UnsafeMutableBufferPointer<UInt8>) -> Int
    {
        var start = end
        var magnitude = value.magnitude
        repeat {
            start -= 1
            buffer[start] = Byte.zero + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            start -= 1
            buffer[start] = Byte.minus
        }
        return start
    }

    /// Whether `key`, a content's key, is the key of `column` (in `keys`).
    @inline(__always)
    private static func equal(
        _ key: UnsafeRawBufferPointer, _ keys: UnsafeBufferPointer<UInt8>, _ column: LogRowMapping.KeyColumn
    ) -> Bool {
        guard key.count == column.keyCount else { return false }
        var index = 0
        while index < key.count {
            guard key[index] == keys[column.keyStart + index] else { return false }
            index += 1
        }
        return true
    }
}
