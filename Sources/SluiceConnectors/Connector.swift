import SluiceCluster
import SluiceCore
import SluicePlan

/// One provider's source and sink: how queries open them, how executors read its shard ranges,
/// and what `DESC` can learn from outside. A missing part is one the provider does not have.
public struct Connector: Sendable {
    /// Opens the source a scan reads.
    public typealias SourceFactory = @Sendable (SourceContext) throws -> QuerySource
    /// Opens the sink a query writes to.
    public typealias SinkFactory = @Sendable (SinkContext) throws -> QuerySink
    /// The split of one shard range an executor reads itself: scan, session time zone offset, range.
    public typealias ShardSplitFactory = @Sendable (ScanNode, Int, ShardRange) throws -> SourceSplit

    /// The provider a query without a sink table writes its result to (the console).
    public static let resultProvider = "console"

    /// The `USING` name, lower-case.
    public let name: String
    /// The provider's declaration in the catalog (options, schema rule); nil for the internal
    /// source of `SELECT` without `FROM`, which no table names.
    public let declaration: Provider?
    /// Opens the provider's source; nil when it cannot be read.
    public let source: SourceFactory?
    /// Opens the provider's sink; nil when it cannot be written.
    public let sink: SinkFactory?
    /// Makes an executor's split of a shard range; nil when the source is not read in shard ranges.
    public let shardSplit: ShardSplitFactory?
    /// The columns of a sink table's database table, for `DESC`; nil when there is none.
    public let sinkColumns: (@Sendable (TableDefinition) throws -> SinkColumns)?
    /// The column names of a sample of a source table's records, for `DESC`; nil when it cannot sample.
    public let sampledColumns: (@Sendable (TableDefinition) throws -> [String])?

    /// A connector for provider `name`, declared in `Provider.all` under that name (or not: `declaration`).
    public init(
        name: String, declaration: Provider?, source: SourceFactory? = nil, sink: SinkFactory? = nil,
        shardSplit: ShardSplitFactory? = nil, sinkColumns: (@Sendable (TableDefinition) throws -> SinkColumns)? = nil,
        sampledColumns: (@Sendable (TableDefinition) throws -> [String])? = nil
    ) {
        self.name = name.lowercased()
        self.declaration = declaration
        self.source = source
        self.sink = sink
        self.shardSplit = shardSplit
        self.sinkColumns = sinkColumns
        self.sampledColumns = sampledColumns
    }

    /// The options the provider takes, required first; none for an undeclared provider.
    public var options: [String] {
        (declaration?.requiredOptions ?? []) + (declaration?.optionalOptions ?? [])
    }
}

/// What a source is opened with.
public struct SourceContext {
    /// The scan: the table, with its options, and the columns read.
    public var scan: ScanNode
    /// The session time zone, as a fixed offset.
    public var utcOffsetSeconds: Int
    /// Receives warnings (skipped data, a start that skips logs).
    public var warn: (String) -> Void

    /// Creates a context.
    public init(scan: ScanNode, utcOffsetSeconds: Int, warn: @escaping (String) -> Void) {
        self.scan = scan
        self.utcOffsetSeconds = utcOffsetSeconds
        self.warn = warn
    }
}

/// What a sink is opened with.
public struct SinkContext {
    /// The table written to; nil for a query whose result is printed (`SELECT`).
    public var table: TableDefinition?
    /// The query's name, in warnings.
    public var queryName: String
    /// The columns of the query's rows, in order.
    public var columns: [Column]
    /// Whether the query reads a stream (its epochs are marked so a rerun skips them).
    public var isStreaming: Bool
    /// Whether each epoch's rows replace every row written before (complete mode over a stream).
    public var replacesAll: Bool
    /// The query's sink statement (`spark.sql.streaming.query.sinkStatement.<name>`), if set.
    public var sinkStatement: String?
    /// The session time zone, as a fixed offset.
    public var utcOffsetSeconds: Int
    /// Prints result rows (stdout).
    public var emit: (String) -> Void
    /// Prints warnings (stderr).
    public var log: (String) -> Void

    /// Creates a context.
    public init(
        table: TableDefinition?, queryName: String, columns: [Column], isStreaming: Bool, replacesAll: Bool,
        sinkStatement: String?, utcOffsetSeconds: Int, emit: @escaping (String) -> Void, log: @escaping (String) -> Void
    ) {
        self.table = table
        self.queryName = queryName
        self.columns = columns
        self.isStreaming = isStreaming
        self.replacesAll = replacesAll
        self.sinkStatement = sinkStatement
        self.utcOffsetSeconds = utcOffsetSeconds
        self.emit = emit
        self.log = log
    }
}
