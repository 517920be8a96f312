import SluiceCore

/// How a bound query runs once its source is open and known to be a stream or not (a directory
/// of files is a stream, a file is not): decided before any sink or checkpoint is opened.
public struct RunSettings: Sendable, Equatable {
    /// The output mode of its epochs.
    public var mode: OutputMode
    /// The checkpoint directory it keeps; nil when it keeps none (a bounded source never does).
    public var checkpointLocation: String?
    /// Whether its aggregation state grows with the data: a streaming aggregation without a watermark.
    public var stateIsUnbounded: Bool

    /// Creates settings.
    public init(mode: OutputMode, checkpointLocation: String?, stateIsUnbounded: Bool) {
        self.mode = mode
        self.checkpointLocation = checkpointLocation
        self.stateIsUnbounded = stateIsUnbounded
    }
}

extension StagePlanner {
    /// The run settings of `bound`, split into `stages`, over a source that is a stream or not.
    /// - Throws: `PlanError` at `span` for append mode over a streaming aggregation without a
    ///   watermark, and for a stream into a sink that keeps epoch markers without a checkpoint.
    public static func runSettings(
        _ bound: BoundQuery, stages: QueryStages, sourceIsStreaming: Bool, at span: SourceSpan
    ) throws(PlanError) -> RunSettings {
        guard sourceIsStreaming else {
            // A bounded source is a batch query: its one epoch writes every result row.
            return RunSettings(mode: .complete, checkpointLocation: nil, stateIsUnbounded: false)
        }
        let unbounded = stages.driver.aggregate != nil && stages.driver.watermarkDelay == nil
        if bound.outputMode == .append && unbounded {
            throw PlanError(
                .unsupported,
                "append output mode needs a watermark for a streaming aggregation: add WHERE delay(time) < '…' or use update mode",
                at: span)
        }
        if bound.checkpointLocation == nil, let sink = bound.sink, Provider.all[sink.provider]?.keepsEpochMarkers == true {
            throw PlanError(
                .missingOption,
                "query '\(bound.name)' writes to a database but has no checkpoint: "
                    + "SET spark.sql.streaming.checkpointLocation.\(bound.name)=<directory>",
                at: span)
        }
        return RunSettings(mode: bound.outputMode, checkpointLocation: bound.checkpointLocation, stateIsUnbounded: unbounded)
    }
}
