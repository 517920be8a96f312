import Synchronization

/// The `AsyncStream`s of a `ZMQLoop`'s received messages: each stream gets every message that
/// arrives after it was made, and all end when the loop ends.
final class ZMQLoopSubscribers: Sendable {
    private struct State {
        var continuations: [Int: AsyncStream<ZMQLoop.Message>.Continuation] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    /// A new stream of the messages received from now on; already finished when the loop has
    /// ended. Its buffer is unbounded: a consumer that falls behind costs memory, not messages.
    func subscribe() -> AsyncStream<ZMQLoop.Message> {
        let (stream, continuation) = AsyncStream.makeStream(of: ZMQLoop.Message.self)
        let id = state.withLock { state -> Int? in
            guard !state.finished else { return nil }
            defer { state.nextID += 1 }
            state.continuations[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return stream
    }

    /// Hands `message` to every stream. Thread-safe; called on the loop thread.
    func broadcast(_ message: ZMQLoop.Message) {
        let targets = state.withLock { state in state.continuations }
        for (id, continuation) in targets {
            if case .terminated = continuation.yield(message) { remove(id) }
        }
    }

    /// Ends every stream, and makes later ones end at once.
    func finish() {
        let targets = state.withLock { state in
            state.finished = true
            defer { state.continuations = [:] }
            return state.continuations
        }
        for continuation in targets.values { continuation.finish() }
    }

    /// Forgets the stream `id`, ended by its consumer.
    private func remove(_ id: Int) {
        _ = state.withLock { state in state.continuations.removeValue(forKey: id) }
    }
}
