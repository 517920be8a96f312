import SluiceCore

/// One task's result as the driver stage takes it: the bytes an executor sent
/// (`PartialResultCodec`'s form), which `DriverEpoch` decodes itself, or the partial result a
/// task in this process returned, which needs no encoding.
public enum TaskOutput: Sendable {
    /// A partial result still in its bytes, from the epoch's task `task` (its index in the epoch).
    case encoded(task: Int, bytes: [UInt8])
    /// A partial result as a task in this process returned it.
    case decoded(PartialResult)

    /// The partial result, decoded if it came as bytes.
    /// - Throws: `ExecError` (`malformedData`) naming the task when its bytes are not a whole,
    ///   well-formed partial result.
    public func partial() throws -> PartialResult {
        switch self {
        case .decoded(let partial):
            return partial
        case .encoded(let task, let bytes):
            do {
                return try PartialResultCodec.decode(bytes)
            } catch let error as ExecError {
                throw ExecError(.malformedData, "the result of task \(task) cannot be read: \(error.message)")
            }
        }
    }
}

/// What the driver stage made of one epoch.
public struct DriverEpochOutput: Sendable {
    /// The result rows for the sink.
    public var rows: [[Value]]
    /// The tasks' counters, summed.
    public var metrics: TaskMetrics
}
