/// The driver's view of one registered executor.
struct ExecutorRecord: Sendable {
    /// The executor's id and routing id.
    let id: String
    /// Task slots.
    var cores: Int
    /// When the executor was last heard from (registration or heartbeat), in milliseconds.
    var lastHeard: Int64
    /// When the driver last sent it anything, in milliseconds.
    var lastSent: Int64
    /// Task numbers of the current epoch running on it.
    var running: Set<Int32> = []

    /// Whether it has a free slot.
    var hasFreeSlot: Bool { running.count < cores }

    /// Whether it is less loaded than `other`: a smaller share of its slots busy, then the
    /// smaller id.
    func isLessLoaded(than other: ExecutorRecord) -> Bool {
        let mine = running.count * other.cores
        let theirs = other.running.count * cores
        return mine != theirs ? mine < theirs : id < other.id
    }
}

extension Dictionary where Key == String, Value == ExecutorRecord {
    /// The least-loaded executor with a free slot, ties broken by the smaller id.
    func leastLoadedWithFreeSlot() -> ExecutorRecord? {
        var best: ExecutorRecord?
        for record in values where record.hasFreeSlot {
            if let current = best, !record.isLessLoaded(than: current) { continue }
            best = record
        }
        return best
    }
}
