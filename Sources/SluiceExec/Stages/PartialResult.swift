import SluiceCore

/// What one task of the executor stage returns: partial aggregate states per group, or rows
/// when the query does not aggregate, and its metrics. Serializable, so it crosses processes.
public struct PartialResult: Sendable, Codable, Equatable {
    /// Group keys, one list per group (the window key as `(start, end)`).
    public var keys: [[Value]] = []
    /// States per group, per aggregate.
    public var states: [[[Value]]] = []
    /// Result rows of a query without aggregation.
    public var rows: [[Value]] = []
    /// Counters of the task.
    public var metrics = TaskMetrics()

    /// An empty result.
    public init() {}
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
