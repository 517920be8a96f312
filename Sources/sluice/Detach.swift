import Foundation
import SluiceRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// Starting a server in the background, as `pg_ctl start` does: the command runs again without
/// `--detach` in a session of its own, its output appended to a log file, and this process
/// returns once the server's output says it is ready — or fails with that output when the
/// server exits first.
enum Detach {
    /// How long a detached server may take to say it is ready, in seconds.
    static let readyTimeoutSeconds = 30.0
    /// How often the log file is looked at while waiting, in seconds.
    static let pollIntervalSeconds = 0.05
    /// `POSIX_SPAWN_SETSID` of glibc (2.26 and later), which Swift does not import.
    private static let spawnSetsid: Int16 = 0x80

    /// Runs `arguments` (without the executable) of this executable in the background with
    /// standard input from /dev/null and standard output and error appended to `logFile`.
    /// - Parameter ready: the start of the line the server writes once it serves.
    /// - Returns: the server's process id and its ready line.
    /// - Throws: `CommandLineError` with the server's output when it exits or stays silent.
    static func start(arguments: [String], logFile: String, ready: String) throws(CommandLineError) -> (pid_t, String) {
        let log = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else {
            throw CommandLineError("cannot open log file \(logFile): \(String(cString: strerror(errno)))")
        }
        defer { close(log) }
        let start = lseek(log, 0, SEEK_END)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The server keeps none of this process's descriptors: a caller that waits for one to close
        // (a pipe, or Foundation's socket that tells a parent its child exited) would wait for the server.
        for descriptor in inheritedDescriptors() where descriptor != log {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, spawnSetsid)
        let executable = LocalExecutors.executablePath()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw CommandLineError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        let deadline = Date().addingTimeInterval(readyTimeoutSeconds)
        while true {
            let output = written(logFile, since: start)
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix(ready) }) { return (pid, String(line)) }
            var exitStatus: Int32 = 0
            if waitpid(pid, &exitStatus, WNOHANG) == pid {
                // Read again: what it wrote between the read above and its exit is the reason.
                throw CommandLineError("the server exited at start:\n\(written(logFile, since: start))")
            }
            if Date() > deadline {
                kill(pid, SIGTERM)
                throw CommandLineError(
                    "the server did not say it was ready within \(Int(readyTimeoutSeconds)) s; stopped it. Its output:\n\(output)")
            }
            Thread.sleep(forTimeInterval: pollIntervalSeconds)
        }
    }

    /// The command line of this process without `flag` and without `option` and its value
    /// (`--option value` or `--option=value`).
    static func arguments(removingFlag flag: String, option: String) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in CommandLine.arguments.dropFirst() {
            if skipNext {
                skipNext = false
            } else if argument == option {
                skipNext = true
            } else if argument != flag && !argument.hasPrefix(option + "=") {
                result.append(argument)
            }
        }
        return result
    }

    /// The open descriptors of this process above standard error.
    private static func inheritedDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.filter { $0 > 2 && fcntl($0, F_GETFD) >= 0 }
    }

    private static func written(_ path: String, since offset: off_t) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(max(offset, 0)))
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// A server's process id file: claimed at start (refused while the process it names runs),
/// removed when the server stops.
struct PidFile {
    let path: String

    /// Writes this process's id to `path`, mode 0644.
    /// - Throws: `CommandLineError` when the file names a running process or cannot be written.
    static func claim(_ path: String) throws(CommandLineError) -> PidFile {
        if let pid = pid(in: path), pid > 0, kill(pid, 0) == 0 || errno == EPERM {
            throw CommandLineError("\(path) names process \(pid), which is running: is a server already serving?")
        }
        do {
            try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandLineError("cannot write pid file \(path): \(error.localizedDescription)")
        }
        return PidFile(path: path)
    }

    /// Removes the file when it still names this process.
    func remove() {
        if Self.pid(in: path) == getpid() { unlink(path) }
    }

    /// The process id the file at `path` holds, if it can be read.
    private static func pid(in path: String) -> pid_t? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
