import SluiceCore

/// A data source or sink named by `USING`: which options it takes and how its schema is made.
public struct Provider: Sendable {
    /// How a provider's table gets its columns.
    public enum SchemaRule: Sendable {
        /// Declared columns (system columns among them by name), then the undeclared system columns;
        /// without declared columns, other names bind on demand as string log keys.
        case logStore
        /// Declared columns, or, when none, the database table's columns at run time.
        case declaredOrFromSink
        /// Declared columns are required.
        case declared
        /// A fixed schema; declaring columns is an error.
        case fixed([Column])
        /// Any schema: the sink takes whatever the query produces.
        case any
    }

    /// The `USING` name, lower-case.
    public let name: String
    /// Whether queries can read from it.
    public let isSource: Bool
    /// Whether `INSERT INTO` can write to it.
    public let isSink: Bool
    /// Whether reading it is a stream (it has no end).
    public let isStreaming: Bool
    /// Options that must be given.
    public let requiredOptions: [String]
    /// Options that may be given, besides the required ones.
    public let optionalOptions: [String]
    /// How the table's columns are made.
    public let schemaRule: SchemaRule
    /// Whether the sink records each epoch it commits (a marker), so a stream written to it needs
    /// a checkpoint to know which epochs those are.
    public var keepsEpochMarkers = false
    /// Whether the sink runs a statement the script may set in place of its own insert
    /// (`spark.sql.streaming.query.<name>.statement`, EMR's custom JDBC statement).
    public var takesStatement = false

    /// Whether `key` is an option this provider knows (case-insensitive).
    public func knows(_ key: String) -> Bool {
        let lower = key.lowercased()
        return (requiredOptions + optionalOptions).contains { $0.lowercased() == lower }
    }
}

extension Provider {
    /// The columns every log-store table has, in order, before declared columns.
    public static let logStoreSystemColumns: [Column] = [
        Column(name: "__logProject__", type: .string),
        Column(name: "__logStore__", type: .string),
        Column(name: "__shard__", type: .int),
        Column(name: "__time__", type: .timestamp),
        Column(name: "__topic__", type: .string),
        Column(name: "__source__", type: .string),
    ]

    /// The log-store value `__sequence_number__`: `<log group cursor>-<log index in the group>`. It is
    /// not among `logStoreSystemColumns`; a table declares it, or a query names it on a table without
    /// declared columns.
    public static let logStoreSequenceNumber = "__sequence_number__"

    /// The system column a log-store table may declare under `name` (case-insensitive): its canonical
    /// name and the types its value converts to, the first being its own type. Tags
    /// (`__tag__:<key>`) are not included: they convert to any type, as log keys do.
    public static func logStoreSystemColumn(named name: String) -> (name: String, types: [DataType])? {
        let lower = name.lowercased()
        if lower == logStoreSequenceNumber { return (logStoreSequenceNumber, [.string]) }
        guard let column = logStoreSystemColumns.first(where: { $0.name.lowercased() == lower }) else { return nil }
        switch column.type {
        case .timestamp: return (column.name, [.timestamp, .bigint, .int, .string])
        case .int: return (column.name, [.int, .bigint, .string])
        default: return (column.name, [column.type])
        }
    }

    /// The providers Sluice implements, by name.
    public static let all: [String: Provider] = {
        let list = [
            Provider(
                name: "loghub", isSource: true, isSink: false, isStreaming: true,
                requiredOptions: ["sls.project", "sls.store", "access.key.id", "access.key.secret", "endpoint"],
                optionalOptions: [
                    "startingoffsets", "endingoffsets", "maxOffsetsPerTrigger", "failOnDataLoss",
                    "fetchOffset.numRetries", "fetchOffset.retryIntervalMs", "fetchOffset.maxRange.seconds",
                    "loghub.batchGet.step", "appendSequenceNumber",
                ],
                schemaRule: .logStore),
            Provider(
                name: "jdbc2", isSource: false, isSink: true, isStreaming: false,
                requiredOptions: ["url", "dbtable"],
                optionalOptions: [
                    "driver", "user", "password", "batchsize", "isolationLevel", "batchIdCol", "numPartitions",
                    "truncate", "connectTimeout", "socketTimeout", "commitRetryTimeoutMs",
                ],
                schemaRule: .declaredOrFromSink, keepsEpochMarkers: true, takesStatement: true),
            Provider(
                name: "libsvm", isSource: true, isSink: false, isStreaming: false,
                requiredOptions: ["path"], optionalOptions: ["maxFilesPerTrigger", "numFeatures"],
                schemaRule: .fixed([Column(name: "label", type: .double), Column(name: "features", type: .string)])),
            Provider(
                name: "json", isSource: true, isSink: true, isStreaming: false,
                requiredOptions: ["path"], optionalOptions: ["maxFilesPerTrigger", "timestampFormat", "mode"],
                schemaRule: .declared),
            Provider(
                name: "csv", isSource: true, isSink: true, isStreaming: false,
                requiredOptions: ["path"],
                optionalOptions: ["header", "sep", "delimiter", "quote", "escape", "maxFilesPerTrigger",
                                  "timestampFormat", "nullValue", "mode"],
                schemaRule: .declared),
            Provider(
                name: "console", isSource: false, isSink: true, isStreaming: false,
                requiredOptions: [], optionalOptions: ["numRows", "truncate"], schemaRule: .any),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    /// Values allowed for options with a fixed set of values, by lower-cased key.
    static let enumeratedOptions: [String: [String]] = [
        "isolationlevel": ["NONE", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE"],
        "failondataloss": ["true", "false"],
        "header": ["true", "false"],
        "truncate": ["true", "false"],
        "appendsequencenumber": ["true", "false"],
        "mode": ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"],
    ]

    /// Options whose value must be a positive integer, by lower-cased key.
    static let positiveIntegerOptions: Set<String> = [
        "batchsize", "maxoffsetspertrigger", "maxfilespertrigger", "numpartitions", "numrows",
        "loghub.batchget.step", "fetchoffset.numretries", "fetchoffset.retryintervalms",
        "fetchoffset.maxrange.seconds", "connecttimeout", "sockettimeout", "numfeatures", "commitretrytimeoutms",
    ]
}
