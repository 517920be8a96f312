import SluiceCore
import SluicePlan

/// The driver stage of one epoch: merge, advance the watermark, pick rows for the output mode,
/// compute the final values, evict closed windows. It works on columns throughout: the partial
/// results' key columns are grouped with the state's by `GroupIndexer`, and the accumulators
/// merge state columns.
public struct DriverEpoch {
    let stages: QueryStages
    let mode: OutputMode
    let context: EvaluationContext

    /// Creates the driver stage of `stages` in output `mode`.
    public init(stages: QueryStages, mode: OutputMode, context: EvaluationContext) {
        self.stages = stages
        self.mode = mode
        self.context = context
    }

    /// The result rows and the summed counters of an epoch whose tasks returned `outputs`, in
    /// task order, updating `state`. Outputs that came as bytes are decoded here, so the shell
    /// makes one call from an epoch's task results to its rows.
    /// - Throws: `ExecError` naming the task whose bytes are not a partial result, or when a
    ///   partial does not fit the stage or the state.
    public func run(outputs: [TaskOutput], state: inout AggregateState) throws -> DriverEpochOutput {
        let partials = try outputs.map { try $0.partial() }
        var metrics = TaskMetrics()
        for partial in partials { metrics.add(partial.metrics) }
        return DriverEpochOutput(rows: try rows(partials, metrics: metrics, state: &state), metrics: metrics)
    }

    /// The result rows of an epoch whose tasks returned `partials`, updating `state`.
    public func run(_ partials: [PartialResult], state: inout AggregateState) throws -> [[Value]] {
        try run(outputs: partials.map(TaskOutput.decoded), state: &state).rows
    }

    /// The result rows of `partials`, whose counters sum to `metrics`, updating `state`.
    private func rows(_ partials: [PartialResult], metrics: TaskMetrics, state: inout AggregateState) throws -> [[Value]] {
        guard let aggregate = stages.driver.aggregate else {
            advanceWatermark(&state, metrics: metrics)
            let attributes = stages.driver.rowAttributes
            let columns = attributes.indices.map { index in
                ColumnVector.concatenated(
                    partials.filter { $0.rows.columns.count == attributes.count }.map { $0.rows.columns[index] },
                    type: attributes[index].type)
            }
            let count = partials.reduce(0) { $0 + ($1.rows.columns.count == attributes.count ? $1.rows.rowCount : 0) }
            return try finish(RecordBatch(columns: columns, rowCount: count), attributes: attributes)
        }
        let layout = try AggregateLayout(aggregate)
        state = try state.conformed(to: layout)
        let touched = try merge(partials, aggregate: aggregate, layout: layout, into: &state)
        advanceWatermark(&state, metrics: metrics)
        let closed = closedGroups(state, layout: layout)
        var emitted: [Int]
        switch mode {
        case .complete: emitted = Array(0..<state.groupCount)
        case .update: emitted = touched
        case .append: emitted = closed
        }
        emitted = KeyOrder.sorted(emitted, keys: state.keys)
        var batch = try finalBatch(emitted, state: state, aggregate: aggregate, layout: layout)
        // An aggregate without GROUP BY has one row even over no input (count 0, sum NULL).
        if mode == .complete && aggregate.keys.isEmpty && state.groupCount == 0 {
            batch = try finalBatch([0], state: nil, aggregate: aggregate, layout: layout)
        }
        if mode != .complete && !closed.isEmpty {
            var keep = [Bool](repeating: true, count: state.groupCount)
            for group in closed { keep[group] = false }
            state = state.taking(keep.indices.filter { keep[$0] })
        }
        return try finish(batch, attributes: (aggregate.keys + aggregate.aggregates).map(\.attribute))
    }

    /// Merges `partials` into `state`; returns the groups the partials touched.
    private func merge(
        _ partials: [PartialResult], aggregate: AggregateSpec, layout: AggregateLayout, into state: inout AggregateState
    ) throws -> [Int] {
        let parts = partials.filter { $0.groupCount > 0 }
        guard !parts.isEmpty else { return [] }
        for part in parts
        where part.keys.columns.count != layout.keyTypes.count
            || part.states.map(\.count) != layout.stateTypes.map(\.count)
        {
            throw ExecError(
                .malformedData,
                "a task result has \(part.keys.columns.count) key columns and states \(part.states.map(\.count)); "
                    + "the query's have \(layout.keyTypes.count) and \(layout.stateTypes.map(\.count))")
        }
        let known = state.groupCount
        let total = parts.reduce(known) { $0 + $1.groupCount }
        let keyColumns = layout.keyTypes.indices.map { column in
            ColumnVector.concatenated([state.keys.columns[column]] + parts.map { $0.keys.columns[column] }, type: layout.keyTypes[column])
        }
        // The state's keys are unique and come first, so group `g < known` is the state's row `g`.
        let indexer = GroupIndexer(columns: keyColumns, rowCount: total)
        let groupCount = indexer.representatives.count
        if groupCount > AggregateState.keysMax {
            throw ExecError(
                .resourcesExhausted,
                "the aggregation holds more than \(AggregateState.keysMax) groups; add a watermark (WHERE delay(time) < '…') "
                    + "so closed windows are dropped")
        }
        var accumulators = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression) }
        for a in accumulators.indices {
            accumulators[a].resize(groups: groupCount)
            if known > 0 { accumulators[a].merge(groups: Array(indexer.groups[0..<known]), states: state.states[a]) }
        }
        var isTouched = [Bool](repeating: false, count: groupCount)
        var offset = known
        for part in parts {
            let groups = Array(indexer.groups[offset..<offset + part.groupCount])
            for group in groups { isTouched[group] = true }
            for a in accumulators.indices { accumulators[a].merge(groups: groups, states: part.states[a]) }
            offset += part.groupCount
        }
        let fresh = Array(indexer.representatives[known...])
        state.keys = RecordBatch(
            columns: zip(state.keys.columns, keyColumns).map { existing, all in
                ColumnVector.concatenated([existing, all.take(fresh)], type: existing.type)
            },
            rowCount: groupCount)
        state.states = accumulators.map { $0.stateColumns(groups: groupCount) }
        return isTouched.indices.filter { isTouched[$0] }
    }

    private func advanceWatermark(_ state: inout AggregateState, metrics: TaskMetrics) {
        guard let delay = stages.driver.watermarkDelay, let latest = metrics.maxEventTimeMicros else { return }
        let candidate = latest - delay.microseconds
        state.watermarkMicros = max(state.watermarkMicros ?? candidate, candidate)
    }

    /// Groups whose window ends at or before the watermark.
    private func closedGroups(_ state: AggregateState, layout: AggregateLayout) -> [Int] {
        guard let watermark = state.watermarkMicros, let window = layout.windowColumn,
            case .int64(let ends) = state.keys.columns[window + 1].storage
        else { return [] }
        return ends.indices.filter { ends[$0] <= watermark }
    }

    /// The aggregate's output columns (keys, then final values) for `groups` of `state` (fresh
    /// accumulators when `state` is nil).
    private func finalBatch(_ groups: [Int], state: AggregateState?, aggregate: AggregateSpec, layout: AggregateLayout) throws
        -> RecordBatch
    {
        var accumulators = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression) }
        for a in accumulators.indices {
            accumulators[a].resize(groups: groups.count)
            if let state { accumulators[a].merge(groups: Array(groups.indices), states: state.states[a].map { $0.take(groups) }) }
        }
        var columns: [ColumnVector] = []
        var keyColumn = 0
        for key in aggregate.keys {
            let type = key.attribute.type
            if keyColumn == layout.windowColumn, let state,
                case .int64(let starts) = state.keys.columns[keyColumn].storage,
                case .int64(let ends) = state.keys.columns[keyColumn + 1].storage
            {
                let bounds = groups.map { Value.composite([.timestamp(starts[$0]), .timestamp(ends[$0])]) }
                columns.append(ColumnVector(type: type, storage: .values(bounds)))
                keyColumn += 2
            } else {
                columns.append(state.map { $0.keys.columns[keyColumn].take(groups).conformed(to: type) } ?? .concatenated([], type: type))
                keyColumn += 1
            }
        }
        for (a, named) in aggregate.aggregates.enumerated() {
            columns.append(ColumnVector.from(groups.indices.map { accumulators[a].evaluate(group: $0) }, type: named.attribute.type))
        }
        return RecordBatch(columns: columns, rowCount: groups.count)
    }

    /// Applies the driver's steps, sort and limit to the aggregate's (or executor's) output.
    private func finish(_ batch: RecordBatch, attributes inputAttributes: [Attribute]) throws -> [[Value]] {
        var metrics = TaskMetrics()
        let pipeline = RowPipeline(steps: stages.driver.steps, context: context)
        let (result, attributes) = try pipeline.run(batch, attributes: inputAttributes, watermarkMicros: nil, metrics: &metrics)
        var output = result
        if !stages.driver.sort.isEmpty { output = try sorted(output, attributes: attributes) }
        if !stages.driver.afterSort.isEmpty {
            let after = RowPipeline(steps: stages.driver.afterSort, context: context)
            (output, _) = try after.run(output, attributes: attributes, watermarkMicros: nil, metrics: &metrics)
        }
        var rows = output.rowValues
        if let limit = stages.driver.limit { rows = Array(rows.prefix(limit)) }
        return rows
    }

    private func sorted(_ batch: RecordBatch, attributes: [Attribute]) throws -> RecordBatch {
        var evaluator = try Evaluator(attributes: attributes, expressions: stages.driver.sort.map(\.expression), context: context)
        let keys = try stages.driver.sort.map { try evaluator.evaluate($0.expression, batch) }
        let order = (0..<batch.rowCount).sorted { a, b in
            for (index, key) in stages.driver.sort.enumerated() {
                let x = keys[index].value(at: a)
                let y = keys[index].value(at: b)
                if x == .null || y == .null {
                    if x == y { continue }
                    return (x == .null) == key.nullsFirst
                }
                let comparison = ValueOrder.compare(x, y)
                if comparison != 0 { return key.ascending ? comparison < 0 : comparison > 0 }
            }
            return a < b
        }
        return batch.take(order)
    }
}

/// The order of group keys in a result: column by column, as `ValueOrder` orders the keys' values
/// (NULL first; a window by its start, then its end).
enum KeyOrder {
    /// `groups` sorted by their keys in `keys`.
    static func sorted(_ groups: [Int], keys: RecordBatch) -> [Int] {
        guard !keys.columns.isEmpty else { return groups }
        return groups.sorted { a, b in
            for column in keys.columns {
                let order = compare(column, a, b)
                if order != 0 { return order < 0 }
            }
            return false
        }
    }

    private static func compare(_ column: ColumnVector, _ a: Int, _ b: Int) -> Int {
        let nullA = column.isNull(a)
        let nullB = column.isNull(b)
        if nullA || nullB { return nullA == nullB ? 0 : (nullA ? -1 : 1) }
        switch column.storage {
        case .int64(let values): return values[a] == values[b] ? 0 : (values[a] < values[b] ? -1 : 1)
        case .string(let strings):
            return strings.bytes.withUnsafeBufferPointer { bytes in
                let x = UnsafeBufferPointer(rebasing: bytes[strings.range(a)])
                let y = UnsafeBufferPointer(rebasing: bytes[strings.range(b)])
                if x.elementsEqual(y) { return 0 }
                return x.lexicographicallyPrecedes(y) ? -1 : 1
            }
        default: return ValueOrder.compare(column.value(at: a), column.value(at: b))
        }
    }
}
