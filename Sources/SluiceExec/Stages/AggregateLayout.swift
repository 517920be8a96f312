import SluiceCore
import SluicePlan

/// The columns of an aggregation's partial results and state: its key columns (each group key
/// one column, a window two timestamp columns, start and end) and each aggregate's state columns.
public struct AggregateLayout: Sendable, Equatable {
    /// The type of each key column.
    public var keyTypes: [DataType]
    /// The key column holding the window's start (its end is the next), if a key is a window.
    public var windowColumn: Int?
    /// The window's size in microseconds, if a key is a window.
    public var windowSizeMicros: Int64?
    /// Per aggregate, the types of its state columns.
    public var stateTypes: [[DataType]]

    /// A layout of the given columns.
    public init(keyTypes: [DataType], windowColumn: Int? = nil, windowSizeMicros: Int64? = nil, stateTypes: [[DataType]]) {
        self.keyTypes = keyTypes
        self.windowColumn = windowColumn
        self.windowSizeMicros = windowSizeMicros
        self.stateTypes = stateTypes
    }

    /// The layout of `aggregate`; no keys and no states without one (a stateless query).
    public init(_ aggregate: AggregateSpec?) throws {
        keyTypes = []
        stateTypes = []
        guard let aggregate else { return }
        for (index, key) in aggregate.keys.enumerated() {
            if index == aggregate.windowKeyIndex, case .window(_, let size, _) = key.expression.kind {
                windowColumn = keyTypes.count
                windowSizeMicros = size.microseconds
                keyTypes += [.timestamp, .timestamp]
            } else {
                keyTypes.append(key.attribute.type)
            }
        }
        stateTypes = try aggregate.aggregates.map { try Accumulators.make(for: $0.expression).stateTypes }
    }

    /// A key's values with its window's two columns as one `.composite([start, end])`.
    func keyValues(_ columns: [Value]) -> [Value] {
        guard let window = windowColumn, window + 1 < columns.count else { return columns }
        return Array(columns[..<window]) + [.composite([columns[window], columns[window + 1]])] + Array(columns[(window + 2)...])
    }

    /// The key columns' values of a key with a window as `.composite([start, end])`.
    func keyColumnValues(_ key: [Value]) -> [Value] {
        guard let window = windowColumn, window < key.count, case .composite(let bounds) = key[window], bounds.count == 2
        else { return key }
        return Array(key[..<window]) + bounds + Array(key[(window + 1)...])
    }
}
