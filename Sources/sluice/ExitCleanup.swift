import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a command must undo however it exits (a local cluster's executors and its temporary
/// directory with the cluster secret): run on the normal path by the command itself, and by
/// `exit` on the paths that leave at once (SIGINT or SIGTERM outside a query or a second time,
/// standard output closed).
enum ExitCleanup {
    private static let actions = Mutex<[@Sendable () -> Void]>([])
    /// Held while the actions run and while `registering` starts what an action undoes: an `exit`
    /// on another thread then waits, so the process never ends halfway through either.
    private static let busy = NSLock()

    /// Registers `action`, run once by the next `run` or `exit`.
    static func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Runs `start`, which creates something and `add`s the action that undoes it, with `exit`
    /// held off until it returns: a signal during the start cleans up what the start made.
    static func registering<T>(_ start: () throws -> T) rethrows -> T {
        busy.lock()
        defer { busy.unlock() }
        return try start()
    }

    /// Runs the registered actions, last registered first, and forgets them; a concurrent call
    /// returns once they have run.
    static func run() {
        busy.lock()
        defer { busy.unlock() }
        runHeld()
    }

    /// Runs the registered actions and ends the process with `status`. The lock stays held, so
    /// that no `registering` starts anything after the cleanup.
    static func exit(_ status: Int32) -> Never {
        busy.lock()
        runHeld()
        Glibc.exit(status)
    }

    private static func runHeld() {
        let pending = actions.withLock { actions in
            defer { actions = [] }
            return actions
        }
        for action in pending.reversed() { action() }
    }
}

/// Standard output written line by line, unbuffered, with SIGPIPE ignored: a closed output
/// (the reader of a pipe gone) ends the process through `ExitCleanup` with the status a
/// SIGPIPE gives (141), instead of a signal that skips the cleanup.
enum StandardOutput {
    /// Ignores SIGPIPE, so that a write to a closed pipe fails with EPIPE instead.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `line` and a newline; exits through `ExitCleanup` when standard output is closed.
    static func line(_ line: String) {
        guard StandardStream.write(line, to: STDOUT_FILENO) else { ExitCleanup.exit(128 + SIGPIPE) }
    }
}

/// Unbuffered writes of whole lines to a standard stream.
enum StandardStream {
    /// Writes `line` and a newline to `descriptor`; false if it is closed (EPIPE) or fails.
    static func write(_ line: String, to descriptor: Int32) -> Bool {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
