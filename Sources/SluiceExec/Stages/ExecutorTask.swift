import SluiceCore
import SluicePlan

/// Runs the executor stage over one batch of source rows: the row pipeline, then window
/// assignment and partial aggregation (or the rows themselves when nothing aggregates).
public struct ExecutorTask: Sendable {
    let stage: ExecutorStage
    let context: EvaluationContext

    /// Most groups one task keeps.
    public static let groupsPerTaskMax = 10_000_000

    /// Creates a task runner for `stage`.
    public init(stage: ExecutorStage, context: EvaluationContext) {
        self.stage = stage
        self.context = context
    }

    /// The partial result of `batch` (columns = the scan's attributes), given the epoch's watermark.
    public func run(_ batch: RecordBatch, watermarkMicros: Int64?) throws -> PartialResult {
        var result = PartialResult()
        result.metrics.inputRows = batch.rowCount
        let pipeline = RowPipeline(steps: stage.steps, context: context)
        let (rows, attributes) = try pipeline.run(
            batch, attributes: stage.scan.attributes, watermarkMicros: watermarkMicros, metrics: &result.metrics)
        guard let aggregate = stage.aggregate else {
            result.rows = rows
            return result
        }
        try aggregatePartially(rows, attributes: attributes, aggregate, into: &result)
        return result
    }

    private func aggregatePartially(
        _ rows: RecordBatch, attributes: [Attribute], _ aggregate: AggregateSpec, into result: inout PartialResult
    ) throws {
        let argumentExpressions = aggregate.aggregates.flatMap { $0.expression.children }
        let keyExpressions = aggregate.keys.map { key -> BoundExpression in
            if case .window(let time, _, _) = key.expression.kind { return time }
            return key.expression
        }
        var evaluator = try Evaluator(attributes: attributes, expressions: keyExpressions + argumentExpressions, context: context)
        let keyColumns = try keyExpressions.map { try evaluator.evaluate($0, rows) }
        let arguments = try aggregate.aggregates.map { named in try named.expression.children.map { try evaluator.evaluate($0, rows) } }
        result.metrics.malformedRecords += evaluator.malformedRecords
        // Expand rows into (row, window) pairs; rows with a NULL time are dropped.
        var keys = keyColumns
        var rowIndexes: [Int]?
        if let windowIndex = aggregate.windowKeyIndex,
            case .window(_, let size, let slide) = aggregate.keys[windowIndex].expression.kind
        {
            let times = keyColumns[windowIndex]
            let (starts, indexes) = Windows.expand(times, size: size.microseconds, slide: slide.microseconds)
            // Counted by row: a hopping window's `indexes` lists a row once per window.
            if times.nulls != nil {
                result.metrics.nullTimeRowsDropped += (0..<rows.rowCount).reduce(0) { $0 + (times.isNull($1) ? 1 : 0) }
            }
            if let indexes {
                keys = keys.map { $0.take(indexes) }
            }
            keys[windowIndex] = ColumnVector(type: .timestamp, storage: .int64(starts))
            rowIndexes = indexes
        }
        let rowCount = rowIndexes?.count ?? rows.rowCount
        let indexer = GroupIndexer(columns: keys, rowCount: rowCount)
        guard indexer.representatives.count <= ExecutorTask.groupsPerTaskMax else {
            throw ExecError(.resourcesExhausted, "more than \(ExecutorTask.groupsPerTaskMax) groups in one task")
        }
        let groupCount = indexer.representatives.count
        var groupKeys: [ColumnVector] = []
        for (index, column) in keys.enumerated() {
            let taken = column.take(indexer.representatives)
            groupKeys.append(taken)
            if index == aggregate.windowKeyIndex, case .window(_, let size, _) = aggregate.keys[index].expression.kind,
                case .int64(let starts) = taken.storage
            {
                let size = size.microseconds
                groupKeys.append(ColumnVector(type: .timestamp, storage: .int64(starts.map { $0 + size })))
            }
        }
        result.keys = RecordBatch(columns: groupKeys, rowCount: groupCount)
        var accumulators = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression) }
        for index in accumulators.indices {
            accumulators[index].resize(groups: groupCount)
            let columns = rowIndexes.map { indexes in arguments[index].map { $0.take(indexes) } } ?? arguments[index]
            accumulators[index].update(groups: indexer.groups, arguments: columns)
        }
        result.states = accumulators.map { $0.stateColumns(groups: groupCount) }
    }
}

extension Accumulators {
    /// A fresh accumulator for a bound aggregate call.
    public static func make(for expression: BoundExpression) throws -> Accumulator {
        guard case .aggregate(let name, let arguments, let distinct) = expression.kind else {
            throw ExecError(.internalError, "\(expression.sql) is not an aggregate call")
        }
        return try make(name: name, distinct: distinct, argumentTypes: arguments.map(\.type), type: expression.type)
    }
}

/// Window assignment: pure functions of a timestamp and the window's size and slide.
public enum Windows {
    /// The windows `[start, start + size)` containing `time`, starts aligned to the epoch on `slide`,
    /// each as `(start, end)`.
    public static func assign(time: Int64, size: Int64, slide: Int64) -> [Value] {
        let (starts, _) = expand(ColumnVector(type: .timestamp, storage: .int64([time])), size: size, slide: slide)
        return starts.map { .composite([.timestamp($0), .timestamp($0 + size)]) }
    }

    /// The start of every window of every row of `times` (µs): for tumbling windows one per
    /// non-NULL row; for hopping windows several. `indexes` lists the source row of each start,
    /// or is `nil` when it is every row once, in order.
    public static func expand(_ times: ColumnVector, size: Int64, slide: Int64) -> (starts: [Int64], indexes: [Int]?) {
        guard case .int64(let values) = times.storage else { return ([], []) }
        if size == slide && times.nulls == nil {
            return (values.map { $0 - $0.floorModulo(size) }, nil)
        }
        var starts: [Int64] = []
        var indexes: [Int] = []
        for row in values.indices where !times.isNull(row) {
            let time = values[row]
            var start = time - time.floorModulo(slide) - (size - 1) / slide * slide
            while start <= time {
                if start + size > time {
                    starts.append(start)
                    indexes.append(row)
                }
                start += slide
            }
        }
        return (starts, indexes)
    }
}
