import SluiceCluster

/// The partial results (encoded, as the executors sent them) that the driver's shell keeps
/// beside `DriverScheduler`, which decides from task results' headers alone which results count.
///
/// A partial is kept when the scheduler says `keepPayload` for the result it came with, handed
/// on in task order when its epoch completes, and dropped when the query fails or stops; the
/// partial of a result the scheduler does not accept (a duplicate, a late attempt, another
/// epoch's or query's) is never kept. So at most one partial per task of the running epoch is
/// held, each within `MessageCodec.maxToDriverMessageBytes`, plus the completed epochs' that the
/// query thread has not collected yet.
struct TaskPayloads {
    /// Partials of the running epoch's accepted results, by attempt.
    private var kept: [TaskKey: [UInt8]] = [:]
    /// Partials of completed epochs, in task order, until collected.
    private var completed: [Int64: [[UInt8]]] = [:]

    /// Carries out the scheduler's `actions` for the partials: `partial` is the one that came
    /// with the event the actions answer (empty for other events).
    ///
    /// - Returns: Why the query cannot go on, when a completed epoch lacks a kept partial (the
    ///   scheduler names each before it completes the epoch, so this does not happen).
    mutating func apply(_ actions: [DriverAction], partial: [UInt8]) -> String? {
        for action in actions {
            switch action {
            case .keepPayload(let key):
                kept[key] = partial
            case .epochComplete(let epoch, let results):
                var partials: [[UInt8]] = []
                partials.reserveCapacity(results.count)
                for result in results {
                    guard let bytes = kept.removeValue(forKey: result.key) else {
                        kept = [:]
                        return "the driver kept no partial result for task \(result.key.task) of epoch \(epoch)"
                    }
                    partials.append(bytes)
                }
                kept = [:]
                completed[epoch] = partials
            case .queryFailed:
                kept = [:]
            case .send, .executorRemoved:
                break
            }
        }
        return nil
    }

    /// The partials of `epoch`, in task order, once it has completed; they are no longer held.
    mutating func collect(_ epoch: Int64) -> [[UInt8]]? {
        completed.removeValue(forKey: epoch)
    }

    /// Drops every partial held.
    mutating func removeAll() {
        kept = [:]
        completed = [:]
    }
}
