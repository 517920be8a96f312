import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A `ZMQLoop` thread's life as other threads see it: the outcome of its setup, which thread it
/// is, why it ended, and a way to wait for its end.
final class ZMQLoopLifecycle: Sendable {
    private struct State {
        var startup: Result<[String], any Error>?
        var thread: pthread_t?
        var failure: ZMQError?
    }

    private let state = Mutex(State())
    private let startupDone = DispatchSemaphore(value: 0)
    private let running = DispatchGroup()

    /// Creates the lifecycle of a thread about to start.
    init() {
        running.enter()
    }

    // MARK: On the loop thread

    /// Records the calling thread as the loop thread.
    func enter() {
        state.withLock { $0.thread = pthread_self() }
    }

    /// Reports the setup's outcome, the socket names or its error, to `awaitStartup`.
    func startupFinished(_ outcome: Result<[String], any Error>) {
        state.withLock { $0.startup = outcome }
        startupDone.signal()
    }

    /// Reports that the thread is done with its sockets, and why if it was not asked to stop.
    func ended(failure: ZMQError?) {
        state.withLock { $0.failure = failure }
        running.leave()
    }

    // MARK: Elsewhere

    /// Waits for the setup's outcome.
    /// - Returns: the socket names.
    /// - Throws: what the setup threw.
    func awaitStartup() throws -> [String] {
        startupDone.wait()
        let outcome = state.withLock { $0.startup }
        return try outcome!.get()
    }

    /// Waits until the loop thread has ended.
    func awaitEnd() {
        running.wait()
    }

    /// Whether the calling thread is the loop thread.
    var isLoopThread: Bool {
        state.withLock { state in state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// The error that ended the loop on its own, if it did.
    var failure: ZMQError? {
        state.withLock { $0.failure }
    }
}
