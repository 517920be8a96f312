import NIOCore
import Synchronization

/// How many requests an event loop has in progress (from an accepted head to its answer), so
/// that a request alone on its loop is answered right there, and one that shares its loop is
/// answered on the storage thread pool. Thread-safe.
///
/// Why: on the 2-core benchmark machine, handing every request to the pool and back cost 16 %
/// of PutLogs and 17 % of PullLogs throughput (two thread wake-ups per request while the cores
/// are busy), while answering on the loop blocks the connections that share it for the length
/// of one storage call. A loop with one request in progress has no one to block.
final class LoopLoad: Sendable {
    private let active = Atomic(0)

    /// Counts a request that starts.
    func begin() { active.add(1, ordering: .relaxed) }

    /// Uncounts a request that ended.
    func end() { active.subtract(1, ordering: .relaxed) }

    /// Whether the loop has requests in progress other than the caller's own.
    var isShared: Bool { active.load(ordering: .relaxed) > 1 }

    /// A load counter for each loop of `group`, by the loop's identity.
    static func perLoop(of group: any EventLoopGroup) -> [ObjectIdentifier: LoopLoad] {
        var loads: [ObjectIdentifier: LoopLoad] = [:]
        for loop in group.makeIterator() { loads[ObjectIdentifier(loop)] = LoopLoad() }
        return loads
    }
}
