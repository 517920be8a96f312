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
            result.rows = (0..<rows.rowCount).map { rows.row($0) }
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
        // Assign every (row, window) pair to a group.
        var groupOfKey: [[Value]: Int] = [:]
        var rowIndexes: [Int] = []
        var groups: [Int] = []
        rowIndexes.reserveCapacity(rows.rowCount)
        groups.reserveCapacity(rows.rowCount)
        let windowIndex = aggregate.windowKeyIndex
        var key = [Value](repeating: .null, count: keyColumns.count)
        for row in 0..<rows.rowCount {
            for (index, column) in keyColumns.enumerated() where index != windowIndex { key[index] = column.value(at: row) }
            var windows: [Value] = [.null]
            if let windowIndex {
                guard case .window(_, let size, let slide) = aggregate.keys[windowIndex].expression.kind else { continue }
                let column = keyColumns[windowIndex]
                if column.isNull(row) {
                    result.metrics.nullTimeRowsDropped += 1
                    continue
                }
                windows = Windows.assign(time: column.value(at: row).int64 ?? 0, size: size.microseconds, slide: slide.microseconds)
            }
            for window in windows {
                if let windowIndex { key[windowIndex] = window }
                let group: Int
                if let existing = groupOfKey[key] {
                    group = existing
                } else {
                    group = groupOfKey.count
                    guard group < ExecutorTask.groupsPerTaskMax else {
                        throw ExecError(.resourcesExhausted, "more than \(ExecutorTask.groupsPerTaskMax) groups in one task")
                    }
                    groupOfKey[key] = group
                    result.keys.append(key)
                }
                rowIndexes.append(row)
                groups.append(group)
            }
        }
        let expanded = rowIndexes.count == rows.rowCount && rowIndexes.enumerated().allSatisfy { $0.offset == $0.element }
        var accumulators = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression) }
        for index in accumulators.indices {
            accumulators[index].resize(groups: result.keys.count)
            let columns = expanded ? arguments[index] : arguments[index].map { $0.take(rowIndexes) }
            accumulators[index].update(groups: groups, arguments: columns)
        }
        result.states = (0..<result.keys.count).map { group in accumulators.map { $0.state(group: group) } }
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
        let lastStart = time - floorModulo(time, slide)
        var windows: [Value] = []
        var start = lastStart
        while start > time - size {
            windows.append(.composite([.timestamp(start), .timestamp(start + size)]))
            start -= slide
        }
        return windows.reversed()
    }

    /// `value mod divisor`, never negative.
    public static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
