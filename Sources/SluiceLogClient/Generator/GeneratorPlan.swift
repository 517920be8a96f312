import SluiceLogProtocol

/// One record of a replayed LIBSVM file: the label and the feature text after it.
public struct LabeledRow: Sendable, Equatable {
    /// The label as written (`0`, `1`, `1.0`, …).
    public let label: String
    /// The features, `i:v i:v …`, as written.
    public let features: String

    /// A row.
    public init(label: String, features: String) {
        self.label = label
        self.features = features
    }

    /// Splits the lines of a LIBSVM file; blank lines and `#` comments are skipped.
    public static func parse(_ text: String) -> [LabeledRow] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            let parts = trimmed.split(separator: " ", maxSplits: 1)
            return LabeledRow(label: String(parts[0]), features: parts.count > 1 ? String(parts[1]) : "")
        }
    }
}

/// What `sluice generate` writes, decided without I/O: record `i` is row `i mod rows.count`; with
/// a start time its log time is `start + floor(i / eventRate)`, else the wall clock's; with a
/// `LabelFlip`, the records it picks carry the flipped label.
public struct GeneratorPlan: Sendable {
    /// The rows replayed, cycled.
    public let rows: [LabeledRow]
    /// Records to write in all.
    public let records: Int
    /// Records per log group (one PutLogs).
    public let batch: Int
    /// Log time of record 0 (unix seconds), for deterministic event time.
    public let startTime: Int64?
    /// Records per second of event time, with `startTime`.
    public let eventRate: Int
    /// The group's topic.
    public let topic: String
    /// The group's source.
    public let source: String
    /// Which labels are flipped, if any.
    public let flip: LabelFlip?

    /// Creates a plan.
    public init(
        rows: [LabeledRow], records: Int, batch: Int, startTime: Int64?, eventRate: Int, topic: String = "sluice-generate",
        source: String = "127.0.0.1", flip: LabelFlip? = nil
    ) {
        precondition(!rows.isEmpty && batch > 0 && eventRate > 0)
        self.rows = rows
        self.records = records
        self.batch = batch
        self.startTime = startTime
        self.eventRate = eventRate
        self.topic = topic
        self.source = source
        self.flip = flip
    }

    /// Number of groups.
    public var groupCount: Int { (records + batch - 1) / batch }

    /// The log time of record `index`, or `now` without a start time.
    public func time(ofRecord index: Int, now: Int64) -> Int64 {
        guard let startTime else { return now }
        return startTime + Int64(index / eventRate)
    }

    /// The label record `index` carries: its row's, flipped when `flip` picks it.
    public func label(ofRecord index: Int) -> String {
        let label = rows[index % rows.count].label
        guard let flip, flip.flips(record: index, of: records) else { return label }
        return LabelFlip.flipped(label)
    }

    /// Group `number` (records `number * batch ..< …`) as a LogGroup.
    public func group(_ number: Int, now: Int64) -> LogGroup {
        let first = number * batch
        let last = min(first + batch, records)
        let logs = (first..<last).map { index in
            let row = rows[index % rows.count]
            return LogRecord(
                time: UInt32(truncatingIfNeeded: time(ofRecord: index, now: now)),
                contents: [LogContent(key: "label", value: label(ofRecord: index)), LogContent(key: "features", value: row.features)])
        }
        return LogGroup(logs: logs, topic: topic, source: source, tags: [LogTag(key: "__generator__", value: "sluice")])
    }
}
