import SluiceCore

/// `count(DISTINCT x, …)`, `sum(DISTINCT x)`, `avg(DISTINCT x)`, `min/max(DISTINCT x)`: the
/// set of distinct non-NULL argument tuples is the state.
struct DistinctAccumulator: Accumulator {
    let name: String
    let type: DataType
    var sets: [Set<Value>] = []
    var stateTypes: [DataType] { [Accumulators.boxedStateType] }

    /// Most distinct values one group keeps.
    static let valuesPerGroupMax = 1_000_000

    init(name: String, type: DataType) {
        self.name = name
        self.type = type
    }

    mutating func resize(groups count: Int) {
        if sets.count < count { sets += [Set<Value>](repeating: [], count: count - sets.count) }
    }

    mutating func update(groups: [Int], arguments: [ColumnVector]) {
        for (row, group) in groups.enumerated() where !arguments.contains(where: { $0.isNull(row) }) {
            let tuple = arguments.count == 1 ? arguments[0].value(at: row) : .composite(arguments.map { $0.value(at: row) })
            if sets[group].count < DistinctAccumulator.valuesPerGroupMax { sets[group].insert(tuple) }
        }
    }

    func state(group: Int) -> [Value] { [.composite(Array(sets[group]).sorted { ValueOrder.compare($0, $1) < 0 })] }

    mutating func merge(group: Int, state: [Value]) {
        if case .composite(let values) = state[0] { sets[group].formUnion(values) }
    }

    func evaluate(group: Int) -> Value {
        let values = sets[group]
        switch name {
        case "count": return .bigint(Int64(values.count))
        case "min": return values.min { ValueOrder.compare($0, $1) < 0 } ?? .null
        case "max": return values.max { ValueOrder.compare($0, $1) < 0 } ?? .null
        case "avg":
            guard !values.isEmpty else { return .null }
            return .double(values.reduce(0) { $0 + ($1.double ?? 0) } / Double(values.count))
        default:
            guard !values.isEmpty else { return .null }
            if type == .bigint { return .bigint(values.reduce(0) { $0 &+ ($1.int64 ?? 0) }) }
            return .double(values.reduce(0) { $0 + ($1.double ?? 0) })
        }
    }
}
