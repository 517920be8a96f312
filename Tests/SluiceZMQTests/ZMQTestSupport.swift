import Synchronization

@testable import SluiceZMQ

#if canImport(Glibc)
    import Glibc
#endif

/// Values recorded from several threads.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    func append(_ value: Value) {
        storage.withLock { $0.append(value) }
    }

    var values: [Value] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}

/// A failure inside a helper thread, described.
struct ThreadFailure: Error, CustomStringConvertible {
    let description: String
}

extension Recorder where Value == String {
    /// Runs `body`, recording what it threw as "label: error".
    func run(_ label: String, _ body: () throws -> Void) {
        do { try body() } catch { append("\(label): \(error)") }
    }
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// `value` as four big-endian bytes.
func encode(_ value: Int) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * (3 - $0))) }
}

/// The value of four big-endian bytes.
func decode(_ bytes: [UInt8]) -> Int {
    bytes.reduce(0) { $0 << 8 | Int($1) }
}

/// Polls `condition` every few milliseconds until it holds (true) or `timeout` passes (false).
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while !condition() {
        guard clock.now < deadline else { return false }
        usleep(5_000)
    }
    return true
}

/// Starts `body` on a new joinable thread, the home of the sockets it creates.
func onThread(_ body: @escaping @Sendable () -> Void) throws -> ZMQThread {
    try ZMQThread.start(body)
}
