/// One `Log.Content` pair: a field name and its value.
public struct LogContent: Equatable, Sendable {
    /// The field name (`Content.Key`).
    public var key: String
    /// The field value (`Content.Value`).
    public var value: String

    /// Creates a content pair.
    ///
    /// - Parameters:
    ///   - key: The field name.
    ///   - value: The field value.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One `LogTag` of a log group, shown to readers as the field `__tag__:<key>`.
public struct LogTag: Equatable, Sendable {
    /// The tag name (`LogTag.Key`).
    public var key: String
    /// The tag value (`LogTag.Value`).
    public var value: String

    /// Creates a tag.
    ///
    /// - Parameters:
    ///   - key: The tag name.
    ///   - value: The tag value.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One `Log` message: a timestamp and its content pairs, in wire order.
public struct LogRecord: Equatable, Sendable {
    /// Unix time in seconds (`Log.Time`, required on the wire).
    public var time: UInt32
    /// The content pairs, in wire order; keys may repeat.
    public var contents: [LogContent]
    /// The nanosecond part of the time (`Log.Time_ns`), when the producer sent one.
    public var timeNanos: UInt32?

    /// Creates a log record.
    ///
    /// - Parameters:
    ///   - time: Unix time in seconds.
    ///   - contents: The content pairs.
    ///   - timeNanos: The nanosecond part of the time, if any.
    public init(time: UInt32, contents: [LogContent], timeNanos: UInt32? = nil) {
        self.time = time
        self.contents = contents
        self.timeNanos = timeNanos
    }
}

/// One `LogGroup` message: the unit of PutLogs and of a PullLogs cursor step.
///
/// Optional strings keep proto2 presence: `nil` is "absent on the wire", `""` is "present and
/// empty", and both survive an encode/decode round trip.
public struct LogGroup: Equatable, Sendable {
    /// The logs (`LogGroup.Logs`).
    public var logs: [LogRecord]
    /// The unused `Reserved` field (once called `Category`).
    public var reserved: String?
    /// The topic, shown to readers as `__topic__`.
    public var topic: String?
    /// The source (client IP by default), shown to readers as `__source__`.
    public var source: String?
    /// The producer machine's id (`MachineUUID`).
    public var machineUUID: String?
    /// The tags (`LogGroup.LogTags`), in wire order.
    public var tags: [LogTag]

    /// Creates a log group.
    ///
    /// - Parameters:
    ///   - logs: The logs.
    ///   - topic: The topic, if any.
    ///   - source: The source, if any.
    ///   - tags: The tags.
    ///   - reserved: The `Reserved` field, if any.
    ///   - machineUUID: The machine id, if any.
    public init(
        logs: [LogRecord] = [], topic: String? = nil, source: String? = nil, tags: [LogTag] = [],
        reserved: String? = nil, machineUUID: String? = nil
    ) {
        self.logs = logs
        self.reserved = reserved
        self.topic = topic
        self.source = source
        self.machineUUID = machineUUID
        self.tags = tags
    }
}
