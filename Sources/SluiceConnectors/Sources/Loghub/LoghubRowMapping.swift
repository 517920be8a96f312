import SluiceCore
import SluiceExec
import SluiceFormats
import SluiceLogProtocol
import SluicePlan

/// How the logs of a log group become rows with a scan's columns (emr-semantics.md §2): system
/// columns from the group and the shard (matched by name, case-insensitively, wherever they are
/// declared), `__sequence_number__` as `<group cursor>-<log index>`, tags as `__tag__<k>__` / `__tag__:<k>`, every other
/// column the log key of the same name; missing keys are NULL. Values convert to the column's
/// type; a value that does not convert is NULL and its log counts as malformed.
struct LoghubRowMapping: Sendable {
    enum Field: Sendable, Equatable {
        case project, store, shard, time, topic, source, sequenceNumber
        case tag(String)
        case key([UInt8])
    }

    let types: [DataType]
    let fields: [Field]
    /// Columns filled from log contents: (key bytes, column index).
    private let keyColumns: [([UInt8], Int)]

    init(attributes: [Attribute]) {
        types = attributes.map(\.type)
        fields = attributes.map { attribute in
            switch attribute.origin {
            case .system:
                switch attribute.name.lowercased() {
                case "__logproject__": return .project
                case "__logstore__": return .store
                case "__shard__": return .shard
                case "__time__": return .time
                case "__topic__": return .topic
                case "__source__": return .source
                case Provider.logStoreSequenceNumber: return .sequenceNumber
                default: return .key(Array(attribute.name.utf8))
                }
            case .tag(let key): return .tag(key)
            case .column, .logKey, .derived: return .key(Array(attribute.name.utf8))
            }
        }
        keyColumns = fields.enumerated().compactMap { index, field in
            if case .key(let bytes) = field { return (bytes, index) }
            return nil
        }
    }

    /// New, empty column builders.
    func builders(capacity: Int) -> [TextColumnBuilder] {
        types.map { TextColumnBuilder(type: $0, capacity: capacity) }
    }

    /// Appends one row per log of `group` (LogGroup bytes at cursor `groupCursor`) to `builders`,
    /// reading the group once: columns from a log (its keys, its time, its sequence number) as
    /// each log is reached, then those from the group's header (topic, source, tags, which the wire
    /// puts after the logs) and the shard, the same value for each of the group's rows.
    ///
    /// - Returns: The number of logs (rows) of the group.
    @discardableResult
    func appendRows(
        of group: UnsafeRawBufferPointer, groupCursor: Int64, shard: Int, project: String, store: String,
        to builders: inout [TextColumnBuilder], metrics: inout TaskMetrics, utcOffsetSeconds: Int
    ) throws -> Int {
        var filled = [Bool](repeating: false, count: fields.count)
        var logIndex = 0
        var malformedLogs = 0
        let header = try LogGroupCodec.walk(group) { time, contents in
            defer { logIndex += 1 }
            for index in filled.indices { filled[index] = false }
            var malformed = false
            for content in contents {
                for (key, column) in keyColumns where !filled[column] && Self.equal(content.key, key) {
                    filled[column] = true
                    let converted = content.value.withMemoryRebound(to: UInt8.self) { text in
                        builders[column].append(text: text, utcOffsetSeconds: utcOffsetSeconds)
                    }
                    malformed = malformed || !converted
                }
            }
            for column in fields.indices where !filled[column] {
                switch fields[column] {
                case .time:
                    if types[column] == .timestamp {
                        builders[column].append(int64: Int64(time) * 1_000_000)
                    } else {
                        malformed = !Self.appendText(String(time), to: &builders[column], utcOffsetSeconds) || malformed
                    }
                case .key:
                    builders[column].appendNull()
                case .sequenceNumber:
                    let text = "\(groupCursor)-\(logIndex)"
                    malformed = !Self.appendText(text, to: &builders[column], utcOffsetSeconds) || malformed
                case .project, .store, .shard, .topic, .source, .tag:
                    break  // after the walk, from the header
                }
            }
            if malformed { malformedLogs += 1 }
        }
        // The group's constants, the same for each of its rows.
        var constantMalformed = false
        for column in fields.indices {
            let text: String?
            switch fields[column] {
            case .project: text = project
            case .store: text = store
            case .shard: text = String(shard)
            case .topic: text = header.topic ?? ""
            case .source: text = header.source ?? ""
            case .tag(let key): text = header.tags.last { $0.key == key }?.value
            case .time, .key, .sequenceNumber: continue
            }
            for _ in 0..<header.logCount {
                if let text {
                    let converted = Self.appendText(text, to: &builders[column], utcOffsetSeconds)
                    constantMalformed = constantMalformed || !converted
                } else {
                    builders[column].appendNull()
                }
            }
        }
        metrics.malformedRecords += constantMalformed ? header.logCount : malformedLogs
        return header.logCount
    }

    private static func appendText(_ text: String, to builder: inout TextColumnBuilder, _ utcOffsetSeconds: Int) -> Bool {
        var text = text
        return text.withUTF8 { builder.append(text: $0, utcOffsetSeconds: utcOffsetSeconds) }
    }

    private static func equal(_ bytes: UnsafeRawBufferPointer, _ key: [UInt8]) -> Bool {
        guard bytes.count == key.count else { return false }
        return key.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, key.count) == 0 || key.isEmpty }
    }
}

import Foundation
