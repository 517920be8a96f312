import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What a command must undo however it exits (a local cluster's executors and its temporary
/// directory with the cluster secret): run on the normal path by the command itself, and by
/// `exit` on the paths that leave at once (a second Ctrl-C, standard output closed).
enum ExitCleanup {
    private static let actions = Mutex<[@Sendable () -> Void]>([])

    /// Registers `action`, run once by the next `run` or `exit`.
    static func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Runs the registered actions, last registered first, and forgets them.
    static func run() {
        let pending = actions.withLock { actions in
            defer { actions = [] }
            return actions
        }
        for action in pending.reversed() { action() }
    }

    /// Runs the registered actions and ends the process with `status`.
    static func exit(_ status: Int32) -> Never {
        run()
        Glibc.exit(status)
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
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { ExitCleanup.exit(128 + SIGPIPE) }
            offset += written
        }
    }
}
