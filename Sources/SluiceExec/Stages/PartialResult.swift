import SluiceCore

/// What one task of the executor stage returns: partial aggregate states per group, or rows
/// when the query does not aggregate, and its metrics, all as columns. `PartialResultCodec`
/// carries it across processes.
public struct PartialResult: Sendable, Equatable {
    /// Group keys, one row per group, in the columns of `AggregateLayout` (a window as two
    /// timestamp columns, start and end).
    public var keys: RecordBatch = .empty
    /// States per aggregate: its state columns (`Accumulator.stateTypes`), one row per group.
    public var states: [[ColumnVector]] = []
    /// Result rows of a query without aggregation.
    public var rows: RecordBatch = .empty
    /// Counters of the task.
    public var metrics = TaskMetrics()

    /// An empty result.
    public init() {}

    /// The number of groups.
    public var groupCount: Int { keys.rowCount }

    /// The keys as rows of values (the slow path, for tests and tools).
    public var keyRows: [[Value]] { keys.rowValues }

    /// The states as values: per group, per aggregate, its state values (the slow path).
    public var stateRows: [[[Value]]] {
        (0..<groupCount).map { group in states.map { columns in columns.map { $0.value(at: group) } } }
    }
}

/// Counters of a task, summed over tasks into epoch metrics.
public struct TaskMetrics: Sendable, Codable, Equatable {
    /// Rows read from the source.
    public var inputRows = 0
    /// Records the source or a model found malformed (counted, not lost: they are reported).
    public var malformedRecords = 0
    /// Rows dropped because their event time was behind the watermark.
    public var lateRowsDropped = 0
    /// Rows with a NULL event time, dropped by window assignment.
    public var nullTimeRowsDropped = 0
    /// The largest event time seen, in microseconds.
    public var maxEventTimeMicros: Int64?

    /// Creates zero counters.
    public init() {}

    /// Adds `other`'s counters.
    public mutating func add(_ other: TaskMetrics) {
        inputRows += other.inputRows
        malformedRecords += other.malformedRecords
        lateRowsDropped += other.lateRowsDropped
        nullTimeRowsDropped += other.nullTimeRowsDropped
        if let time = other.maxEventTimeMicros { maxEventTimeMicros = max(maxEventTimeMicros ?? time, time) }
    }
}
