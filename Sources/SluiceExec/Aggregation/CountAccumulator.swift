import SluiceCore

/// `count(*)` and `count(x, …)`: rows where no argument is NULL.
struct CountAccumulator: Accumulator {
    let argumentCount: Int
    var counts: [Int64] = []

    mutating func resize(groups count: Int) {
        if counts.count < count { counts += [Int64](repeating: 0, count: count - counts.count) }
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        if arguments.allSatisfy({ $0.nulls == nil }) {
            for group in groups { counts[group] += 1 }
            return
        }
        for (row, group) in groups.enumerated() where !arguments.contains(where: { $0.isNull(row) }) {
            counts[group] += 1
        }
    }

    func state(group: Int) -> [Value] { [.bigint(counts[group])] }

    mutating func merge(group: Int, state: [Value]) { counts[group] += state[0].int64 ?? 0 }

    func evaluate(group: Int) -> Value { .bigint(counts[group]) }

    var stateTypes: [DataType] { [.bigint] }

    func stateColumns(groups count: Int) -> [ColumnVector] {
        [ColumnVector(type: .bigint, storage: .int64(Array(counts[0..<count])))]
    }

    mutating func merge(groups: [Int], states: [ColumnVector]) {
        guard case .int64(let values) = states[0].storage else { return mergeByRow(groups: groups, states: states) }
        let nulls = states[0].nulls
        for (row, group) in groups.enumerated() where !(nulls?[row] ?? false) { counts[group] += values[row] }
    }
}
