import SluiceCore

/// The aggregate contract: update, state, merge, evaluate — per group.
///
///     executor:  rows ──update──▶ states per group ──state()──▶ [Value] on the wire
///     driver:    [Value] ──merge──▶ window state ──evaluate──▶ result row
///
/// A state is an explicit list of scalar values, so partial results cross processes and
/// checkpoints; splitting the input any way and merging the states gives the single-pass answer.
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
}

/// Makes accumulators for bound aggregate calls.
public enum Accumulators {
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
