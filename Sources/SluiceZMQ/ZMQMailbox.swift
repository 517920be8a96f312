import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The inbox of a `ZMQLoop`: messages posted from any thread, and a stop request, waiting for
/// the loop thread.
///
/// Posters append under a mutex; the loop thread polls `wakeDescriptor`, the read end of a
/// non-blocking pipe, next to its sockets. A byte is written whenever the queue goes from empty
/// to non-empty and on a stop request, so the loop never sleeps on posted work, and `collect`
/// drains the pipe before it takes the queue, so no wake-up is lost.
final class ZMQMailbox: Sendable {
    private struct State {
        var messages: [ZMQLoop.Message] = []
        var stopping = false
    }

    private let state = Mutex(State())
    /// The read end of the wake-up pipe: readable while there is work. Polled by the loop.
    let wakeDescriptor: Int32
    /// The write end of the wake-up pipe.
    private let signalDescriptor: Int32

    /// Creates an empty mailbox and its wake-up pipe.
    /// - Throws: `ZMQError` when the system cannot make a pipe.
    init() throws(ZMQError) {
        var descriptors: [Int32] = [-1, -1]
        try ZMQCall.system("pipe") { pipe(&descriptors) }
        do {
            for descriptor in descriptors {
                let flags = try ZMQCall.system("fcntl F_GETFL") { fcntl(descriptor, F_GETFL) }
                try ZMQCall.system("fcntl F_SETFL") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
                try ZMQCall.system("fcntl F_SETFD") { fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            }
        } catch {
            for descriptor in descriptors { _ = close(descriptor) }
            throw error
        }
        wakeDescriptor = descriptors[0]
        signalDescriptor = descriptors[1]
    }

    deinit {
        _ = close(wakeDescriptor)
        _ = close(signalDescriptor)
    }

    /// Queues `message` for the loop thread and wakes it. Thread-safe.
    /// - Returns: false, dropping the message, once a stop was requested.
    func post(_ message: ZMQLoop.Message) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.messages.append(message)
            if state.messages.count == 1 { signal() }
            return true
        }
    }

    /// Asks the loop thread to stop, and wakes it. Later posts are refused. Thread-safe.
    func requestStop() {
        state.withLock { state in
            guard !state.stopping else { return }
            state.stopping = true
            signal()
        }
    }

    /// On the loop thread: consumes the wake-ups, then takes the queued messages, oldest first,
    /// and whether a stop was requested.
    func collect() -> (messages: [ZMQLoop.Message], stopping: Bool) {
        var scratch = [UInt8](repeating: 0, count: 64)
        while true {
            let count = scratch.withUnsafeMutableBytes { read(wakeDescriptor, $0.baseAddress, $0.count) }
            // Empty (EAGAIN) or a short read: nothing more to consume. EINTR: try again.
            if count == scratch.count || (count < 0 && errno == EINTR) { continue }
            break
        }
        return state.withLock { state in
            defer { state.messages.removeAll() }
            return (state.messages, state.stopping)
        }
    }

    /// Makes `wakeDescriptor` readable. A full pipe already is, so EAGAIN is fine.
    private func signal() {
        var byte: UInt8 = 1
        while write(signalDescriptor, &byte, 1) < 0, errno == EINTR {}
    }
}
