import SluiceCore

/// A logical plan split the way the cluster runs it (design §3):
///
///     executor stage:  scan ─▶ steps (filter, project, watermark) ─▶ partial aggregate
///     driver stage:    merge partial states ─▶ final aggregate ─▶ having ─▶ project ─▶ sort/limit ─▶ sink
///
/// Without an aggregate the executor stage's rows go straight to the driver's project.
public struct QueryStages: Sendable {
    /// What executors run per task.
    public var executor: ExecutorStage
    /// What the driver runs per epoch.
    public var driver: DriverStage
    /// The columns of the result, in order.
    public var output: [Attribute]
    /// Whether the source is a stream.
    public var isStreaming: Bool
}

/// One step of the executor's row pipeline.
public enum PipelineStep: Sendable, Equatable, Codable {
    /// Keep rows where the condition is true.
    case filter(BoundExpression)
    /// Compute new columns.
    case project([NamedExpression])
    /// Drop rows older than the watermark; track the largest event time.
    case watermark(Attribute, delay: Interval)
}

/// The part of a query executors run.
public struct ExecutorStage: Sendable, Equatable, Codable {
    /// The scan: table and columns read.
    public var scan: ScanNode
    /// Row steps, in order.
    public var steps: [PipelineStep]
    /// The aggregate computed partially, if the query aggregates.
    public var aggregate: AggregateSpec?
}

/// Group keys and aggregate calls of an aggregation.
public struct AggregateSpec: Sendable, Equatable, Codable {
    /// The group keys (a window key included).
    public var keys: [NamedExpression]
    /// The aggregate calls.
    public var aggregates: [NamedExpression]

    /// The index of the window key, if there is one.
    public var windowKeyIndex: Int? {
        keys.firstIndex { if case .window = $0.expression.kind { true } else { false } }
    }
}

/// The part of a query the driver runs after merging.
public struct DriverStage: Sendable {
    /// The aggregate whose final values are computed, if any.
    public var aggregate: AggregateSpec?
    /// Row steps after the aggregate (HAVING, the select list, DISTINCT's aggregate excluded).
    public var steps: [PipelineStep]
    /// Sort keys, for bounded queries.
    public var sort: [SortKey]
    /// Steps after the sort: dropping columns that were kept only to sort by.
    public var afterSort: [PipelineStep] = []
    /// The columns of the rows executors send when nothing aggregates (sort columns included).
    public var rowAttributes: [Attribute] = []
    /// The row limit, for bounded queries.
    public var limit: Int?
    /// The watermark's delay, when the query has one.
    public var watermarkDelay: Interval?
}
