import SluiceCluster
import SluiceConnectors
import SluiceCore
import SluiceExec
import SluicePlan

/// What a driver sends executors once per query (`StartQuery.plan`): the executor stage and the
/// settings its expressions need. Executors need no catalog: the scan carries the table's options.
public struct ExecutorQueryPlan: Codable, Sendable, Equatable {
    /// The stage each task runs.
    public var stage: ExecutorStage
    /// The session time zone, as a fixed offset.
    public var utcOffsetSeconds: Int
    /// `current_timestamp()` of the query.
    public var currentTimestampMicros: Int64

    /// Creates a plan.
    public init(stage: ExecutorStage, utcOffsetSeconds: Int, currentTimestampMicros: Int64) {
        self.stage = stage
        self.utcOffsetSeconds = utcOffsetSeconds
        self.currentTimestampMicros = currentTimestampMicros
    }

    /// The plan's bytes on the wire: `SluiceCore`'s binary form of its `Codable` value.
    public func encoded() throws -> [UInt8] {
        try BinaryEncoder.encode(self)
    }

    /// A plan from its bytes.
    public static func decode(_ bytes: [UInt8]) throws -> ExecutorQueryPlan {
        do {
            return try BinaryDecoder.decode(ExecutorQueryPlan.self, from: bytes)
        } catch {
            throw RuntimeError("cannot read the query plan sent by the driver: \(error)")
        }
    }
}

/// An executor's view of one query: runs its tasks, one shard range each, into encoded partial results.
public struct ExecutorQuery: Sendable {
    /// The plan as received.
    public let plan: ExecutorQueryPlan
    private let task: ExecutorTask
    private let connectors: ConnectorRegistry

    /// Prepares `plan`, whose table's connector reads shard ranges (`Connector.shardSplit`);
    /// model UDFs load from `models` on first use.
    public init(plan: ExecutorQueryPlan, models: ModelRegistry = .shared, connectors: ConnectorRegistry = .standard) throws {
        let table = plan.stage.scan.table
        guard (try? connectors.connector(table.provider))?.shardSplit != nil else {
            throw RuntimeError("executors read log-store shard ranges; \(table.qualifiedName) is \(table.provider)")
        }
        self.plan = plan
        self.connectors = connectors
        let context = EvaluationContext(
            utcOffsetSeconds: plan.utcOffsetSeconds, currentTimestampMicros: plan.currentTimestampMicros,
            functions: models)
        task = ExecutorTask(stage: plan.stage, context: context)
    }

    /// Pulls `range` from the log store and runs the stage over it: the partial result's bytes
    /// as they go to the driver, the frame after a `TaskResult`'s, made in one call to the stage.
    public func run(_ range: ShardRange, watermarkMicros: Int64?) throws -> [UInt8] {
        let split = try connectors.shardSplit(scan: plan.stage.scan, utcOffsetSeconds: plan.utcOffsetSeconds, range: range)
        var metrics = TaskMetrics()
        let batch = try split.read(metrics: &metrics)
        return try task.encodedPartial(batch, watermarkMicros: watermarkMicros, sourceMalformedRecords: metrics.malformedRecords)
    }
}
