import SluiceCore

/// The aggregate contract: update, state, merge, evaluate — per group.
///
///     executor:  rows ──update──▶ states per group ──stateColumns()──▶ columns on the wire
///     driver:    columns ──merge──▶ state per group ──evaluate──▶ result row
///
/// A state is a fixed list of columns (`stateTypes`), one row per group, so partial results
/// cross processes and checkpoints as column batches; splitting the input any way and merging
/// the states gives the single-pass answer. The per-group `state(group:)` and
/// `merge(group:state:)` are the slow path: accumulators without column methods of their own
/// keep their states as columns of boxed values (`Accumulators.boxedStateType`).
public protocol Accumulator: Sendable {
    /// Makes room for groups `0..<count`.
    mutating func resize(groups count: Int)
    /// Adds rows: row `i` of `arguments` belongs to group `groups[i]`.
    mutating func update(groups: [Int], arguments: [ColumnVector])
    /// The state of `group`, as scalars.
    func state(group: Int) -> [Value]
    /// Folds a state produced by `state(group:)` into `group`.
    mutating func merge(group: Int, state: [Value])
    /// The aggregate's value for `group`.
    func evaluate(group: Int) -> Value
    /// The types of the state's columns.
    var stateTypes: [DataType] { get }
    /// The states of groups `0..<count` as columns, one per state type.
    func stateColumns(groups count: Int) -> [ColumnVector]
    /// Folds row `i` of `states` (columns as `stateColumns` makes them) into group `groups[i]`.
    mutating func merge(groups: [Int], states: [ColumnVector])
}

extension Accumulator {
    /// The states as columns of boxed values, built from `state(group:)`.
    public func stateColumns(groups count: Int) -> [ColumnVector] {
        let width = stateTypes.count
        var columns = [[Value]](repeating: [], count: width)
        for index in columns.indices { columns[index].reserveCapacity(count) }
        for group in 0..<count {
            let state = state(group: group)
            for index in 0..<width { columns[index].append(state[index]) }
        }
        return columns.map { ColumnVector.from($0, type: Accumulators.boxedStateType) }
    }

    /// Merges row by row through `merge(group:state:)`.
    public mutating func merge(groups: [Int], states: [ColumnVector]) {
        mergeByRow(groups: groups, states: states)
    }

    /// Merges row by row through `merge(group:state:)`: the slow path, also taken by a column
    /// method handed columns of another storage (a state converted from an older checkpoint).
    public mutating func mergeByRow(groups: [Int], states: [ColumnVector]) {
        for (row, group) in groups.enumerated() {
            merge(group: group, state: states.map { $0.value(at: row) })
        }
    }
}

/// Makes accumulators for bound aggregate calls.
public enum Accumulators {
    /// The type of a state column of boxed values (`ColumnVector.Storage.values`), kept exactly
    /// as the accumulator gave them: min, max, first, last and the DISTINCT sets.
    public static let boxedStateType = DataType.struct([])

    /// A fresh accumulator for aggregate `name` over arguments of `argumentTypes`, with result `type`.
    public static func make(name: String, distinct: Bool, argumentTypes: [DataType], type: DataType) throws -> Accumulator {
        if distinct {
            guard name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max" else {
                throw ExecError(.unsupported, "\(name)(DISTINCT …) is not supported")
            }
            return DistinctAccumulator(name: name, type: type)
        }
        switch name {
        case "count": return CountAccumulator(argumentCount: argumentTypes.count)
        case "sum": return SumAccumulator(type: type)
        case "avg": return AverageAccumulator()
        case "min": return ExtremumAccumulator(keepLarger: false)
        case "max": return ExtremumAccumulator(keepLarger: true)
        case "first": return FirstLastAccumulator(keepFirst: true)
        case "last": return FirstLastAccumulator(keepFirst: false)
        case "stddev", "stddev_pop", "variance", "var_pop": return MomentsAccumulator(statistic: name)
        default: throw ExecError(.unsupported, "aggregate \(name) has no implementation")
        }
    }
}
