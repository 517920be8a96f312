#if canImport(Glibc)
    import Glibc
#endif

/// The closure a new thread runs, carried through `pthread_create`'s context pointer.
private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}

/// Starts `body` on a new POSIX thread, joinable with `joinThread` unless `detached`.
/// - Throws: `HTTPError` when the system cannot start another thread.
@discardableResult
func spawnThread(detached: Bool, _ body: @escaping @Sendable () -> Void) throws(HTTPError) -> pthread_t {
    var attributes = pthread_attr_t()
    _ = pthread_attr_init(&attributes)
    defer { _ = pthread_attr_destroy(&attributes) }
    if detached { _ = pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
        &thread, &attributes,
        { argument in
            if let argument { Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().run() }
            return nil
        }, context)
    guard status == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        throw HTTPError(.io(errno: status), "cannot start a thread: \(HTTPError.describe(errno: status))")
    }
    return thread
}

/// Waits for a joinable thread from `spawnThread` to end.
func joinThread(_ thread: pthread_t) {
    _ = pthread_join(thread, nil)
}
