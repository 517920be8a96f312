import SluiceCore

/// Which value of a log fills each column of a scan over a log store (emr-semantics.md §2): a
/// log key, the log's time or sequence number, a field of its group's header, or the shard's
/// name. The catalog side (which columns a table declares, and what each name means) builds it;
/// `LogRowDecoder` fills columns by it.
public struct LogRowMapping: Sendable {
    /// What one column holds.
    public enum Field: Sendable, Equatable {
        /// The project's name (`__logProject__`), the same for every row.
        case project
        /// The log store's name (`__logStore__`), the same for every row.
        case store
        /// The shard's number (`__shard__`), the same for every row.
        case shard
        /// The log's time (`__time__`): seconds since the epoch.
        case time
        /// The group's topic (`__topic__`), empty when absent.
        case topic
        /// The group's source (`__source__`), empty when absent.
        case source
        /// `<group cursor>-<log index>` (`__sequence_number__`).
        case sequenceNumber
        /// The value of the group's last tag with this key; NULL when there is none.
        case tag(String)
        /// The value of the log's first content with this key (its UTF-8 bytes); NULL when
        /// there is none.
        case key([UInt8])
    }

    /// Each column's type; values convert to it as the CSV reader converts text.
    public let types: [DataType]
    /// Each column's field.
    public let fields: [Field]
    /// The keys of the columns filled from a log's contents, end to end.
    let keyBytes: [UInt8]
    /// The columns filled from a log's contents, in column order.
    let keyColumns: [KeyColumn]
    /// The columns filled from the log itself when its contents did not fill them, in column order.
    let logColumns: [(column: Int, value: LogValue)]
    /// The columns filled from the group's header or the shard, the same for each of a group's rows.
    let constantColumns: [Int]

    /// A column filled from a log's contents: where its key lies in `keyBytes`, and its index.
    struct KeyColumn: Sendable {
        let keyStart: Int
        let keyCount: Int
        let column: Int
    }

    /// What a log gives a column its contents did not fill.
    enum LogValue: Sendable {
        /// NULL: the log has no such key.
        case null
        /// The log's time in microseconds, for a timestamp column.
        case timeMicroseconds
        /// The log's time as decimal text, converted to the column's type.
        case timeText
        /// `<group cursor>-<log index>` as text, converted to the column's type.
        case sequenceNumber
    }

    /// A mapping of columns of `types`, each filled with the field at the same index.
    public init(types: [DataType], fields: [Field]) {
        precondition(types.count == fields.count, "a type and a field for each column")
        self.types = types
        self.fields = fields
        var keyBytes: [UInt8] = []
        var keyColumns: [KeyColumn] = []
        var logColumns: [(column: Int, value: LogValue)] = []
        var constantColumns: [Int] = []
        for (index, field) in fields.enumerated() {
            switch field {
            case .key(let key):
                keyColumns.append(KeyColumn(keyStart: keyBytes.count, keyCount: key.count, column: index))
                keyBytes.append(contentsOf: key)
                logColumns.append((index, .null))
            case .time: logColumns.append((index, types[index] == .timestamp ? .timeMicroseconds : .timeText))
            case .sequenceNumber: logColumns.append((index, .sequenceNumber))
            case .project, .store, .shard, .topic, .source, .tag: constantColumns.append(index)
            }
        }
        self.keyBytes = keyBytes
        self.keyColumns = keyColumns
        self.logColumns = logColumns
        self.constantColumns = constantColumns
    }
}
