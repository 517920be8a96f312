import SluiceCore

/// `sum(x)`: bigint for integers (wrapping on overflow, as Spark without ANSI), double otherwise;
/// NULL when every value is NULL.
struct SumAccumulator: Accumulator {
    let type: DataType
    var integers: [Int64] = []
    var doubles: [Double] = []
    var seen: [Bool] = []

    init(type: DataType) {
        self.type = type
    }

    mutating func resize(groups count: Int) {
        guard seen.count < count else { return }
        let extra = count - seen.count
        integers += [Int64](repeating: 0, count: extra)
        doubles += [Double](repeating: 0, count: extra)
        seen += [Bool](repeating: false, count: extra)
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        let column = arguments[0]
        switch column.storage {
        case .int64(let values):
            for (row, group) in groups.enumerated() where !column.isNull(row) {
                integers[group] &+= values[row]
                seen[group] = true
            }
        case .double(let values):
            for (row, group) in groups.enumerated() where !column.isNull(row) {
                doubles[group] += values[row]
                seen[group] = true
            }
        default:
            for (row, group) in groups.enumerated() where !column.isNull(row) {
                doubles[group] += column.value(at: row).double ?? 0
                seen[group] = true
            }
        }
    }

    func state(group: Int) -> [Value] {
        guard seen[group] else { return [.null] }
        return type == .bigint ? [.bigint(integers[group])] : [.double(doubles[group])]
    }

    mutating func merge(group: Int, state: [Value]) {
        switch state[0] {
        case .bigint(let value):
            integers[group] &+= value
            seen[group] = true
        case .double(let value):
            doubles[group] += value
            seen[group] = true
        default:
            break
        }
    }

    func evaluate(group: Int) -> Value { state(group: group)[0] }

    var stateTypes: [DataType] { [type == .bigint ? .bigint : .double] }

    func stateColumns(groups count: Int) -> [ColumnVector] {
        let unseen = seen[0..<count].contains(false) ? seen[0..<count].map { !$0 } : nil
        if type == .bigint {
            return [ColumnVector(type: .bigint, storage: .int64(Array(integers[0..<count])), nulls: unseen)]
        }
        return [ColumnVector(type: .double, storage: .double(Array(doubles[0..<count])), nulls: unseen)]
    }

    mutating func merge(groups: [Int], states: [ColumnVector]) {
        let nulls = states[0].nulls
        switch states[0].storage {
        case .int64(let values) where type == .bigint:
            for (row, group) in groups.enumerated() where !(nulls?[row] ?? false) {
                integers[group] &+= values[row]
                seen[group] = true
            }
        case .double(let values) where type != .bigint:
            for (row, group) in groups.enumerated() where !(nulls?[row] ?? false) {
                doubles[group] += values[row]
                seen[group] = true
            }
        default:
            mergeByRow(groups: groups, states: states)
        }
    }
}

/// `avg(x)`: sum and count, as doubles.
struct AverageAccumulator: Accumulator {
    var sums: [Double] = []
    var counts: [Int64] = []

    mutating func resize(groups count: Int) {
        guard counts.count < count else { return }
        sums += [Double](repeating: 0, count: count - sums.count)
        counts += [Int64](repeating: 0, count: count - counts.count)
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        let column = arguments[0]
        for (row, group) in groups.enumerated() where !column.isNull(row) {
            sums[group] += column.value(at: row).double ?? 0
            counts[group] += 1
        }
    }

    func state(group: Int) -> [Value] { [.double(sums[group]), .bigint(counts[group])] }

    mutating func merge(group: Int, state: [Value]) {
        sums[group] += state[0].double ?? 0
        counts[group] += state[1].int64 ?? 0
    }

    func evaluate(group: Int) -> Value { counts[group] == 0 ? .null : .double(sums[group] / Double(counts[group])) }

    var stateTypes: [DataType] { [.double, .bigint] }

    func stateColumns(groups count: Int) -> [ColumnVector] {
        [
            ColumnVector(type: .double, storage: .double(Array(sums[0..<count]))),
            ColumnVector(type: .bigint, storage: .int64(Array(counts[0..<count]))),
        ]
    }

    mutating func merge(groups: [Int], states: [ColumnVector]) {
        guard case .double(let addends) = states[0].storage, case .int64(let added) = states[1].storage,
            states[0].nulls == nil, states[1].nulls == nil
        else { return mergeByRow(groups: groups, states: states) }
        for (row, group) in groups.enumerated() {
            sums[group] += addends[row]
            counts[group] += added[row]
        }
    }
}
