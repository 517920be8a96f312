import Synchronization

/// Counts the open connections of each client address and admits a new one only while its
/// address holds fewer than `maxPerAddress`. Thread-safe.
final class ConnectionLimiter: Sendable {
    /// Most connections one address may hold.
    let maxPerAddress: Int
    private let counts = Mutex<[String: Int]>([:])

    init(maxPerAddress: Int) {
        self.maxPerAddress = maxPerAddress
    }

    /// Counts a new connection from `address` and returns true, or returns false (counting
    /// nothing) when the address is at its limit.
    func admit(_ address: String) -> Bool {
        counts.withLock { counts in
            let open = counts[address, default: 0]
            guard open < maxPerAddress else { return false }
            counts[address] = open + 1
            return true
        }
    }

    /// Uncounts a connection `admit` counted, when it closes.
    func release(_ address: String) {
        counts.withLock { counts in
            guard let open = counts[address] else { return }
            counts[address] = open > 1 ? open - 1 : nil
        }
    }

    /// Connections counted now, over every address.
    var openConnections: Int { counts.withLock { $0.values.reduce(0, +) } }
}
