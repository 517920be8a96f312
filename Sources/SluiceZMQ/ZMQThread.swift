#if canImport(Glibc)
    import Glibc
#endif

/// A POSIX thread running a closure: the home of sockets that must stay on one thread.
struct ZMQThread: Sendable {
    /// The closure a new thread runs, carried through `pthread_create`'s context pointer.
    private final class Body: Sendable {
        let run: @Sendable () -> Void

        init(_ run: @escaping @Sendable () -> Void) {
            self.run = run
        }
    }

    /// The thread.
    let thread: pthread_t

    /// Starts `body` on a new thread, to be joined with `join()` unless `detached`.
    /// - Throws: `ZMQError` when the system cannot start another thread.
    @discardableResult
    static func start(detached: Bool = false, _ body: @escaping @Sendable () -> Void) throws(ZMQError) -> ZMQThread {
        var attributes = pthread_attr_t()
        _ = pthread_attr_init(&attributes)
        defer { _ = pthread_attr_destroy(&attributes) }
        if detached { _ = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { argument in
                if let argument { Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run() }
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw ZMQError(errno: status, operation: "pthread_create")
        }
        return ZMQThread(thread: thread)
    }

    /// Waits for the thread, started joinable, to end.
    func join() {
        _ = pthread_join(thread, nil)
    }

    /// Whether the calling thread is this thread.
    var isCurrent: Bool {
        pthread_equal(thread, pthread_self()) != 0
    }
}
