/// Encodes and decodes `LogGroup` protobuf messages (`log_logs.proto`, see `sls-api.md` §3).
///
/// ```
/// LogGroupList
/// └─ 0x0A LogGroups (repeated) ─▶ LogGroup
///    ├─ 0x0A Logs (repeated) ─▶ Log
///    │  ├─ 0x08 Time (varint, required)
///    │  ├─ 0x12 Contents (repeated) ─▶ Content { 0x0A Key, 0x12 Value }
///    │  └─ 0x25 Time_ns (fixed32, optional)
///    ├─ 0x12 Reserved, 0x1A Topic, 0x22 Source, 0x2A MachineUUID (strings, optional)
///    └─ 0x32 LogTags (repeated) ─▶ LogTag { 0x0A Key, 0x12 Value }
/// ```
///
/// Encoding writes fields in field-number order, like the official protobuf runtimes. Decoding
/// skips unknown fields, rejects groups and bad framing, requires `Log.Time` and both halves of
/// every content pair and tag, and decodes invalid UTF-8 with replacement characters.
public enum LogGroupCodec {
    /// Field numbers of `LogGroup`.
    enum GroupField {
        static let logs: UInt32 = 1
        static let reserved: UInt32 = 2
        static let topic: UInt32 = 3
        static let source: UInt32 = 4
        static let machineUUID: UInt32 = 5
        static let tags: UInt32 = 6
    }

    /// Field numbers of `Log`.
    enum LogField {
        static let time: UInt32 = 1
        static let contents: UInt32 = 2
        static let timeNanos: UInt32 = 4
    }

    /// Field numbers of `Log.Content` and `LogTag`.
    enum PairField {
        static let key: UInt32 = 1
        static let value: UInt32 = 2
    }

    /// Field number of `LogGroupList.LogGroups`.
    static let listGroupsField: UInt32 = 1

    /// Serializes `group` to protobuf bytes.
    ///
    /// - Parameter group: The group to encode.
    /// - Returns: The `LogGroup` message bytes.
    public static func encode(_ group: LogGroup) -> [UInt8] {
        let size = encodedSize(group)
        var out: [UInt8] = []
        out.reserveCapacity(size)
        for log in group.logs {
            ProtobufWire.appendLengthPrefix(field: GroupField.logs, length: logSize(log), to: &out)
            appendLog(log, to: &out)
        }
        if let reserved = group.reserved {
            ProtobufWire.appendString(reserved, field: GroupField.reserved, to: &out)
        }
        if let topic = group.topic {
            ProtobufWire.appendString(topic, field: GroupField.topic, to: &out)
        }
        if let source = group.source {
            ProtobufWire.appendString(source, field: GroupField.source, to: &out)
        }
        if let machineUUID = group.machineUUID {
            ProtobufWire.appendString(machineUUID, field: GroupField.machineUUID, to: &out)
        }
        for tag in group.tags {
            appendPair(field: GroupField.tags, key: tag.key, value: tag.value, to: &out)
        }
        assert(out.count == size, "LogGroup encoded to \(out.count) bytes, measured \(size)")
        return out
    }

    /// The number of bytes `encode(group)` produces.
    ///
    /// - Parameter group: The group to measure.
    /// - Returns: The encoded size in bytes.
    public static func encodedSize(_ group: LogGroup) -> Int {
        var size = 0
        for log in group.logs {
            size += ProtobufWire.lengthDelimitedFieldSize(length: logSize(log))
        }
        for field in [group.reserved, group.topic, group.source, group.machineUUID] {
            if let value = field {
                size += ProtobufWire.lengthDelimitedFieldSize(length: value.utf8.count)
            }
        }
        for tag in group.tags {
            size += ProtobufWire.lengthDelimitedFieldSize(length: pairSize(key: tag.key, value: tag.value))
        }
        return size
    }

    private static func appendLog(_ log: LogRecord, to out: inout [UInt8]) {
        ProtobufWire.appendTag(field: LogField.time, wireType: .varint, to: &out)
        ProtobufWire.appendVarint(UInt64(log.time), to: &out)
        for content in log.contents {
            appendPair(field: LogField.contents, key: content.key, value: content.value, to: &out)
        }
        if let nanos = log.timeNanos {
            ProtobufWire.appendTag(field: LogField.timeNanos, wireType: .fixed32, to: &out)
            ProtobufWire.appendFixed32(nanos, to: &out)
        }
    }

    private static func appendPair(field: UInt32, key: String, value: String, to out: inout [UInt8]) {
        ProtobufWire.appendLengthPrefix(field: field, length: pairSize(key: key, value: value), to: &out)
        ProtobufWire.appendString(key, field: PairField.key, to: &out)
        ProtobufWire.appendString(value, field: PairField.value, to: &out)
    }

    /// The size of a `Log` message body (without its own tag and length).
    private static func logSize(_ log: LogRecord) -> Int {
        var size = 1 + ProtobufWire.varintSize(UInt64(log.time))
        for content in log.contents {
            size += ProtobufWire.lengthDelimitedFieldSize(length: pairSize(key: content.key, value: content.value))
        }
        if log.timeNanos != nil {
            size += 1 + 4
        }
        return size
    }

    /// The size of a `Content`/`LogTag` message body (without its own tag and length).
    private static func pairSize(key: String, value: String) -> Int {
        ProtobufWire.lengthDelimitedFieldSize(length: key.utf8.count)
            + ProtobufWire.lengthDelimitedFieldSize(length: value.utf8.count)
    }
}
