import SluiceCore
import SluicePlan

/// The driver's state of a streaming aggregation: merged partial states per group, as columns
/// (`AggregateLayout`), and the watermark. A value; the checkpoint stores it after each epoch.
public struct AggregateState: Sendable, Equatable {
    /// One row per group, its key columns; keys are unique.
    public var keys: RecordBatch = .empty
    /// Per aggregate, its state columns, one row per group (the row of its key).
    public var states: [[ColumnVector]] = []
    /// Rows older than this (µs) are dropped; windows ending at or before it are closed.
    public var watermarkMicros: Int64?

    /// Most group keys the state holds before the query fails instead of exhausting memory.
    public static let keysMax = 5_000_000

    /// An empty state.
    public init() {}

    /// The number of groups.
    public var groupCount: Int { keys.rowCount }

    /// The state in `layout`'s columns: an empty state gets its columns, and columns of another
    /// type (a state converted from an older checkpoint) are converted.
    /// - Throws: `ExecError` when the state's columns are not the layout's.
    func conformed(to layout: AggregateLayout) throws -> AggregateState {
        var state = self
        if keys.columns.count != layout.keyTypes.count || states.map(\.count) != layout.stateTypes.map(\.count) {
            guard groupCount == 0 else {
                throw ExecError(
                    .malformedData,
                    "the aggregation state has \(keys.columns.count) key columns and states \(states.map(\.count)); "
                        + "the query's have \(layout.keyTypes.count) and \(layout.stateTypes.map(\.count))")
            }
            state.keys = RecordBatch(
                columns: layout.keyTypes.map { ColumnVector.concatenated([], type: $0) }, rowCount: 0)
            state.states = layout.stateTypes.map { types in types.map { ColumnVector.concatenated([], type: $0) } }
            return state
        }
        state.keys.columns = zip(keys.columns, layout.keyTypes).map { $0.conformed(to: $1) }
        state.states = zip(states, layout.stateTypes).map { columns, types in
            zip(columns, types).map { $0.conformed(to: $1) }
        }
        return state
    }

    /// The groups at `rows`, in that order.
    func taking(_ rows: [Int]) -> AggregateState {
        var state = self
        state.keys = keys.take(rows)
        state.states = states.map { columns in columns.map { $0.take(rows) } }
        return state
    }
}
