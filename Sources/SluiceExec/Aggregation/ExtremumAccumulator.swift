import SluiceCore

/// `min(x)` and `max(x)` over non-NULL values.
struct ExtremumAccumulator: Accumulator {
    let keepLarger: Bool
    var values: [Value] = []
    var stateTypes: [DataType] { [Accumulators.boxedStateType] }

    mutating func resize(groups count: Int) {
        if values.count < count { values += [Value](repeating: .null, count: count - values.count) }
    }

    private mutating func offer(_ value: Value, group: Int) {
        guard value != .null else { return }
        let current = values[group]
        if current == .null || (ValueOrder.compare(value, current) > 0) == keepLarger && ValueOrder.compare(value, current) != 0 {
            values[group] = value
        }
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        let column = arguments[0]
        for (row, group) in groups.enumerated() where !column.isNull(row) { offer(column.value(at: row), group: group) }
    }

    func state(group: Int) -> [Value] { [values[group]] }

    mutating func merge(group: Int, state: [Value]) { offer(state[0], group: group) }

    func evaluate(group: Int) -> Value { values[group] }
}

/// `first(x[, ignoreNulls])` and `last(x[, ignoreNulls])` in arrival order. The state carries the
/// value and whether one was seen; merge order is the order partial states arrive in.
struct FirstLastAccumulator: Accumulator {
    let keepFirst: Bool
    var values: [Value] = []
    var seen: [Bool] = []
    var stateTypes: [DataType] { [Accumulators.boxedStateType, Accumulators.boxedStateType] }

    mutating func resize(groups count: Int) {
        guard seen.count < count else { return }
        values += [Value](repeating: .null, count: count - values.count)
        seen += [Bool](repeating: false, count: count - seen.count)
    }

    private mutating func offer(_ value: Value, group: Int, ignoreNulls: Bool) {
        if ignoreNulls && value == .null { return }
        if keepFirst && seen[group] { return }
        values[group] = value
        seen[group] = true
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        let column = arguments[0]
        for (row, group) in groups.enumerated() {
            let ignore = arguments.count > 1 && arguments[1].value(at: row) == .boolean(true)
            offer(column.value(at: row), group: group, ignoreNulls: ignore)
        }
    }

    func state(group: Int) -> [Value] { [values[group], .boolean(seen[group])] }

    mutating func merge(group: Int, state: [Value]) {
        guard state[1] == .boolean(true) else { return }
        offer(state[0], group: group, ignoreNulls: false)
    }

    func evaluate(group: Int) -> Value { values[group] }
}
