import SluiceCore
import SluicePlan

/// The driver's state of a streaming aggregation: merged partial states per group, and the
/// watermark. A value; the checkpoint stores it after each epoch.
public struct AggregateState: Sendable, Codable, Equatable {
    /// Merged states per group key, per aggregate.
    public var groups: [[Value]: [[Value]]] = [:]
    /// Rows older than this (µs) are dropped; windows ending at or before it are closed.
    public var watermarkMicros: Int64?

    /// Most group keys the state holds before the query fails instead of exhausting memory.
    public static let keysMax = 5_000_000

    /// An empty state.
    public init() {}
}

/// The driver stage of one epoch: merge, advance the watermark, pick rows for the output mode,
/// compute the final values, evict closed windows.
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

    /// The result rows of an epoch whose tasks returned `partials`, updating `state`.
    public func run(_ partials: [PartialResult], state: inout AggregateState) throws -> [[Value]] {
        var metrics = TaskMetrics()
        for partial in partials { metrics.add(partial.metrics) }
        guard let aggregate = stages.driver.aggregate else {
            advanceWatermark(&state, metrics: metrics)
            return try finish(partials.flatMap(\.rows))
        }
        let touched = try merge(partials, aggregate: aggregate, into: &state)
        advanceWatermark(&state, metrics: metrics)
        let closed = closedKeys(state, aggregate: aggregate)
        var emitted: [[Value]]
        switch mode {
        case .complete:
            emitted = Array(state.groups.keys)
            // An aggregate without GROUP BY has one row even over no input (count 0, sum NULL).
            if aggregate.keys.isEmpty && emitted.isEmpty { emitted = [[]] }
        case .update: emitted = touched
        case .append: emitted = closed
        }
        let rows = try finalRows(emitted.sorted { ValueOrder.compare(.composite($0), .composite($1)) < 0 }, state: state, aggregate: aggregate)
        if mode != .complete { for key in closed { state.groups[key] = nil } }
        return try finish(rows)
    }

    private func merge(_ partials: [PartialResult], aggregate: AggregateSpec, into state: inout AggregateState) throws -> [[Value]] {
        // Each partial key hashed once: its group is remembered by position for the merge below.
        let keyCount = partials.reduce(0) { $0 + $1.keys.count }
        var index: [[Value]: Int] = [:]
        index.reserveCapacity(keyCount)
        var touched: [[Value]] = []
        var groupOfKey: [[Int]] = []
        groupOfKey.reserveCapacity(partials.count)
        for partial in partials {
            groupOfKey.append(
                partial.keys.map { key in
                    if let group = index[key] { return group }
                    index[key] = touched.count
                    touched.append(key)
                    return touched.count - 1
                })
        }
        var accumulators = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression) }
        for a in accumulators.indices { accumulators[a].resize(groups: touched.count) }
        for (group, key) in touched.enumerated() {
            guard let existing = state.groups[key] else { continue }
            for a in accumulators.indices { accumulators[a].merge(group: group, state: existing[a]) }
        }
        for (partial, groups) in zip(partials, groupOfKey) {
            for (position, group) in groups.enumerated() {
                for a in accumulators.indices { accumulators[a].merge(group: group, state: partial.states[position][a]) }
            }
        }
        state.groups.reserveCapacity(state.groups.count + touched.count)
        for (group, key) in touched.enumerated() {
            state.groups[key] = accumulators.map { $0.state(group: group) }
        }
        if state.groups.count > AggregateState.keysMax {
            throw ExecError(
                .resourcesExhausted,
                "the aggregation holds more than \(AggregateState.keysMax) groups; add a watermark (WHERE delay(time) < '…') "
                    + "so closed windows are dropped")
        }
        return touched
    }

    private func advanceWatermark(_ state: inout AggregateState, metrics: TaskMetrics) {
        guard let delay = stages.driver.watermarkDelay, let latest = metrics.maxEventTimeMicros else { return }
        let candidate = latest - delay.microseconds
        state.watermarkMicros = max(state.watermarkMicros ?? candidate, candidate)
    }

    /// Keys of windows that end at or before the watermark.
    private func closedKeys(_ state: AggregateState, aggregate: AggregateSpec) -> [[Value]] {
        guard let watermark = state.watermarkMicros, let windowIndex = aggregate.windowKeyIndex else { return [] }
        return state.groups.keys.filter { key in
            guard case .composite(let bounds) = key[windowIndex], case .timestamp(let end) = bounds[1] else { return false }
            return end <= watermark
        }
    }

    private func finalRows(_ keys: [[Value]], state: AggregateState, aggregate: AggregateSpec) throws -> [[Value]] {
        var accumulators = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression) }
        for a in accumulators.indices { accumulators[a].resize(groups: keys.count) }
        for (group, key) in keys.enumerated() {
            guard let states = state.groups[key] else { continue }
            for a in accumulators.indices { accumulators[a].merge(group: group, state: states[a]) }
        }
        return keys.enumerated().map { group, key in key + accumulators.map { $0.evaluate(group: group) } }
    }

    /// Applies the driver's steps, sort and limit to rows of the aggregate's (or executor's) output.
    private func finish(_ rows: [[Value]]) throws -> [[Value]] {
        let inputAttributes: [Attribute]
        if let aggregate = stages.driver.aggregate {
            inputAttributes = (aggregate.keys + aggregate.aggregates).map(\.attribute)
        } else {
            inputAttributes = stages.driver.rowAttributes
        }
        var metrics = TaskMetrics()
        let batch = RecordBatch.from(rows: rows, types: inputAttributes.map(\.type))
        let pipeline = RowPipeline(steps: stages.driver.steps, context: context)
        let (result, attributes) = try pipeline.run(batch, attributes: inputAttributes, watermarkMicros: nil, metrics: &metrics)
        var output = (0..<result.rowCount).map { result.row($0) }
        if !stages.driver.sort.isEmpty { output = try sorted(output, attributes: attributes) }
        if !stages.driver.afterSort.isEmpty {
            let sortedBatch = RecordBatch.from(rows: output, types: attributes.map(\.type))
            let after = RowPipeline(steps: stages.driver.afterSort, context: context)
            let (final, _) = try after.run(sortedBatch, attributes: attributes, watermarkMicros: nil, metrics: &metrics)
            output = (0..<final.rowCount).map { final.row($0) }
        }
        if let limit = stages.driver.limit { output = Array(output.prefix(limit)) }
        return output
    }

    private func sorted(_ rows: [[Value]], attributes: [Attribute]) throws -> [[Value]] {
        let batch = RecordBatch.from(rows: rows, types: attributes.map(\.type))
        var evaluator = try Evaluator(attributes: attributes, expressions: stages.driver.sort.map(\.expression), context: context)
        let keys = try stages.driver.sort.map { try evaluator.evaluate($0.expression, batch) }
        let order = rows.indices.sorted { a, b in
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
        return order.map { rows[$0] }
    }
}
