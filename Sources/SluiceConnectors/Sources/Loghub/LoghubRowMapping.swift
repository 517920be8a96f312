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

    /// A group's header fields and log count, as `LogGroupCodec.groupHeader` reads them.
    typealias GroupHeader = (topic: String?, source: String?, tags: [LogTag], logCount: Int)

    /// Appends one row per log of `group` (LogGroup bytes, whose `header` was read before, at cursor
    /// `groupCursor`) to `builders`.
    func appendRows(
        of group: UnsafeRawBufferPointer, header: GroupHeader, groupCursor: Int64, shard: Int, project: String,
        store: String,
        to builders: inout [TextColumnBuilder], metrics: inout TaskMetrics, utcOffsetSeconds: Int
    ) throws {
        let constants: [String?] = fields.map { field in
            switch field {
            case .project: return project
            case .store: return store
            case .shard: return String(shard)
            case .topic: return header.topic ?? ""
            case .source: return header.source ?? ""
            case .tag(let key): return header.tags.last { $0.key == key }?.value
            case .time, .key, .sequenceNumber: return nil
            }
        }
        var filled = [Bool](repeating: false, count: fields.count)
        var logIndex = 0
        try LogGroupCodec.forEachLog(in: group) { time, contents in
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
                default:
                    if let text = constants[column] {
                        malformed = !Self.appendText(text, to: &builders[column], utcOffsetSeconds) || malformed
                    } else {
                        builders[column].appendNull()
                    }
                }
            }
            if malformed { metrics.malformedRecords += 1 }
        }
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
