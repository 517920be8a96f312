import Foundation
import SluiceCheckpoint
import SluiceConnectors
import SluiceCore
import SluiceExec
import SluicePlan
import SluiceSQL

/// Makes the runner of a query's epoch tasks from its executor plan and name.
public typealias TaskRunnerFactory = (ExecutorQueryPlan, String) throws -> EpochTaskRunner

/// Runs `INSERT … SELECT` and `SELECT` statements: binds them, splits the plan into stages,
/// opens the source, sink and checkpoint, and runs the epochs.
public final class QueryRunner {
    /// How queries run when the script does not say.
    public struct Options {
        /// The trigger when the query has no `SET spark.sql.streaming.query.trigger.<name>`.
        public var trigger: Trigger
        /// Prints result rows (stdout).
        public var emit: (String) -> Void
        /// Prints warnings and progress (stderr).
        public var log: (String) -> Void
        /// Where the tasks of a query over a log store run, given its executor plan and name;
        /// nil runs them in this process.
        public var clusterTasks: TaskRunnerFactory?
        /// The sources and sinks, by provider.
        public var connectors: ConnectorRegistry

        /// Creates options.
        public init(
            trigger: Trigger = .defaultTrigger, emit: @escaping (String) -> Void, log: @escaping (String) -> Void,
            clusterTasks: TaskRunnerFactory? = nil, connectors: ConnectorRegistry = .standard
        ) {
            self.trigger = trigger
            self.emit = emit
            self.log = log
            self.clusterTasks = clusterTasks
            self.connectors = connectors
        }
    }

    let options: Options
    let models: ModelRegistry
    /// The query running now, so a signal can stop it after its epoch.
    public private(set) var current: StreamingQuery?

    /// Creates a runner.
    public init(options: Options, models: ModelRegistry = .shared) {
        self.options = options
        self.models = models
    }

    /// Runs `statement` (an `INSERT` or a `SELECT`) in `session` until its trigger stops it.
    /// - Throws: `PlanError`, `ConnectorError`, `ExecError`, `SinkError`, `CheckpointError` or `RuntimeError`.
    public func run(_ statement: Statement, session: Session) throws {
        let bound = try session.bindForExecution(statement)
        let stages: QueryStages
        do {
            stages = try StagePlanner.split(bound.plan)
        } catch let error as PlanError where error.span == nil {
            throw PlanError(error.kind, error.message, at: statement.span)
        }
        let utcOffset = try TimeZones.offsetSeconds(bound.settings[SessionState.Key.timeZone] ?? "UTC")
        let context = EvaluationContext(
            utcOffsetSeconds: utcOffset, currentTimestampMicros: Int64(Date().timeIntervalSince1970 * 1_000_000),
            functions: models)
        let source = try options.connectors.openSource(
            SourceContext(scan: stages.executor.scan, utcOffsetSeconds: utcOffset, warn: options.log))
        let settings = try StagePlanner.runSettings(
            bound, stages: stages, sourceIsStreaming: source.isStreaming, at: statement.span)
        let sink = try openSink(bound, stages: stages, streaming: source.isStreaming, utcOffset: utcOffset, at: statement.span)
        let checkpoint = try settings.checkpointLocation.map { try CheckpointStore(path: $0) }
        let trigger = try bound.trigger.map { text in
            guard let trigger = Trigger(text: text) else {
                throw RuntimeError("trigger '\(text)' of query '\(bound.name)' is not processing-time=<interval>, once or available-now")
            }
            return trigger
        } ?? options.trigger
        let retained = Int(bound.settings["spark.sql.streaming.minBatchesToRetain"] ?? "") ?? 100
        let log = options.log
        var taskRunner: EpochTaskRunner?
        if let clusterTasks = options.clusterTasks, source.readsShardRanges {
            let plan = ExecutorQueryPlan(
                stage: stages.executor, utcOffsetSeconds: utcOffset, currentTimestampMicros: context.currentTimestampMicros)
            taskRunner = try clusterTasks(plan, bound.name)
        }
        let query = StreamingQuery(
            name: bound.name, stages: stages, mode: settings.mode, source: source, sink: sink, checkpoint: checkpoint,
            trigger: trigger, context: context, fingerprint: bound.fingerprint, retainedEpochs: max(1, retained),
            taskRunner: taskRunner, log: log,
            progress: { progress in
                guard source.isStreaming else { return }
                log(Self.describe(progress, query: bound.name))
            })
        current = query
        defer { current = nil }
        // Logged once the query can be stopped by a signal, so a caller that waits for it can stop it.
        if settings.stateIsUnbounded {
            options.log("query '\(bound.name)': no watermark, so aggregation state grows with the data "
                + "(limit \(AggregateState.keysMax) groups); add WHERE delay(time) < '…' to bound it")
        }
        try query.run()
    }

    static func describe(_ progress: StreamingQuery.EpochProgress, query: String) -> String {
        var text = "query \(query) epoch \(progress.epoch): \(progress.metrics.inputRows) rows in, "
            + "\(progress.rowsWritten) rows written, \(String(format: "%.3f", progress.seconds)) s"
        if progress.metrics.malformedRecords > 0 { text += ", \(progress.metrics.malformedRecords) malformed records" }
        if progress.metrics.lateRowsDropped > 0 { text += ", \(progress.metrics.lateRowsDropped) late rows dropped" }
        if let watermark = progress.watermarkMicros {
            text += ", watermark \(CivilTime.format(timestamp: watermark, utcOffsetSeconds: 0)) UTC"
        }
        return text
    }

    /// The sink of `bound`'s table, or the console for a `SELECT`; a connector's error points at the statement.
    private func openSink(
        _ bound: BoundQuery, stages: QueryStages, streaming: Bool, utcOffset: Int, at span: SourceSpan
    ) throws -> QuerySink {
        let context = SinkContext(
            table: bound.sink, queryName: bound.name, columns: stages.output.map { Column(name: $0.name, type: $0.type) },
            isStreaming: streaming, replacesAll: streaming && bound.outputMode == .complete,
            sinkStatement: bound.sinkStatement, utcOffsetSeconds: utcOffset, emit: options.emit, log: options.log)
        do {
            return try options.connectors.openSink(context)
        } catch let error as ConnectorError where error.span == nil {
            throw ConnectorError(error.message, at: span)
        }
    }
}

/// Session time zones as fixed offsets (the offset in effect now, for region names).
enum TimeZones {
    static func offsetSeconds(_ name: String) throws -> Int {
        if ["UTC", "GMT", "Z"].contains(name.uppercased()) { return 0 }
        if let first = name.first, first == "+" || first == "-" {
            let digits = name.dropFirst().split(separator: ":")
            guard let hours = Int(digits.first ?? ""), digits.count <= 2 else {
                throw RuntimeError("time zone '\(name)' is not an offset like +08:00")
            }
            let minutes = digits.count == 2 ? Int(digits[1]) ?? 0 : 0
            return (hours * 3600 + minutes * 60) * (first == "-" ? -1 : 1)
        }
        guard let zone = TimeZone(identifier: name) else { throw RuntimeError("unknown time zone '\(name)'") }
        return zone.secondsFromGMT()
    }
}
