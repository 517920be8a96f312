import SluiceCore

/// A bound `INSERT INTO t SELECT …`: the query, the sink table and the streaming settings in effect.
public struct InsertPlan: Sendable, Equatable {
    /// The table written.
    public var table: TableDefinition
    /// The query whose rows are written.
    public var query: LogicalPlan
    /// The streaming query's name (`SET streaming.query.name`), if set.
    public var queryName: String?
    /// `append`, `update` or `complete`.
    public var outputMode: OutputMode
    /// The checkpoint directory, if set.
    public var checkpointLocation: String?
    /// The sink statement from `SET streaming.query.<name>.sql`, if set.
    public var sinkStatement: String?
}

/// Which result rows a streaming query writes each epoch.
public enum OutputMode: String, Sendable, Equatable, CaseIterable {
    /// Rows of windows the watermark has closed, once.
    case append
    /// Rows whose aggregate changed in the epoch.
    case update
    /// Every result row, each epoch.
    case complete
}
