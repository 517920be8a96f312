import Foundation
import Synchronization

/// The committed accuracies the demo has printed, for its closing line.
final class DemoSummary: Sendable {
    private let seen = Mutex<(rows: Int, windows: Set<String>, lowest: Double?, highest: Double?)>((0, [], nil, nil))
    private let finished = Mutex(false)
    private let say: @Sendable (String) -> Void

    /// A summary that prints each committed row with `say`.
    init(say: @escaping @Sendable (String) -> Void) {
        self.say = say
    }

    /// Marks the query finished: the generator's errors after this are the log store closing.
    func finish() { finished.withLock { $0 = true } }

    /// Whether `finish` was called.
    var isFinished: Bool { finished.withLock { $0 } }

    /// Prints a committed `(…, time, label, acc)` row at once and counts it.
    func report(_ row: [String?]) {
        guard row.count >= 3 else { return }
        let value = row[row.count - 1].flatMap { Double($0) }
        let accuracy = value.map { String(format: "%.3f", $0) } ?? "?"
        let window = row[row.count - 3] ?? "?"
        seen.withLock { seen in
            seen.rows += 1
            seen.windows.insert(window)
            if let value {
                seen.lowest = min(seen.lowest ?? value, value)
                seen.highest = max(seen.highest ?? value, value)
            }
        }
        say("committed: window \(window) label \(row[row.count - 2] ?? "?"): accuracy \(accuracy)")
    }

    /// `N accuracies of W windows committed (from L to H)`.
    var text: String {
        seen.withLock { seen in
            let range = seen.lowest.flatMap { low in
                seen.highest.map { String(format: " (from %.3f to %.3f)", low, $0) }
            } ?? ""
            return "\(seen.rows) accuracies of \(seen.windows.count) windows committed\(range)"
        }
    }
}

/// The query runner of the running script, shared with the demo's threads.
final class QueryHandle: @unchecked Sendable {
    private var runner: QueryRunner?
    private let lock = NSLock()

    func set(_ runner: QueryRunner) {
        lock.lock()
        self.runner = runner
        lock.unlock()
    }

    func get() -> QueryRunner? {
        lock.lock()
        defer { lock.unlock() }
        return runner
    }
}
