import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `sluice` binary on a pseudo-terminal, as a user at a terminal runs it: standard
/// input, output and error are the terminal; the test types and reads what the screen shows.
final class PseudoTerminal {
    /// How long to wait for something expected on the screen before the test fails, in seconds.
    static let waitSecondsMax = 60.0

    private let master: Int32
    let process = Process()
    /// Everything the terminal showed so far, as bytes.
    private var bytes: [UInt8] = []
    /// How many of `bytes` earlier waits consumed.
    private var consumed = 0

    /// Everything the terminal showed so far.
    var screen: String { String(decoding: bytes, as: UTF8.self) }

    /// Starts `sluice` with `arguments` and `environment` added, in `directory`, on a new terminal.
    init(_ arguments: [String], environment: [String: String] = [:], directory: URL) throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.ENOTTY) }
        self.master = master
        // Processes other tests start at the same time must not hold the terminal open.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = SluiceBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Waits until the line editor reads the terminal: it is then in non-canonical mode.
    func waitForLineEditor(sourceLocation: SourceLocation = #_sourceLocation) {
        let deadline = Date().addingTimeInterval(Self.waitSecondsMax)
        var modes = termios()
        while tcgetattr(master, &modes) == 0, modes.c_lflag & tcflag_t(ICANON) != 0 {
            guard Date() < deadline, readSome() else {
                Issue.record(
                    "no line editor reads the terminal: \(screen.debugDescription)", sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// Types `text` (a newline ends a line, as Enter does) once the line editor reads the
    /// terminal: what is typed earlier the terminal would echo itself, and a Ctrl-D typed then
    /// would end a read the editor never sees.
    func type(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        waitForLineEditor(sourceLocation: sourceLocation)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Waits until the screen shows `text` (no newline in it: the terminal shows one as CR LF)
    /// after what earlier waits consumed, and consumes up to its end.
    /// - Returns: whether it appeared (before the process ended or the wait ran out).
    @discardableResult
    func wait(for text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(Self.waitSecondsMax)
        while true {
            let unread = String(decoding: bytes[consumed...], as: UTF8.self)
            if let found = unread.range(of: text) {
                consumed += unread.utf8.distance(from: unread.startIndex, to: found.upperBound)
                return true
            }
            guard Date() < deadline, readSome() else {
                Issue.record(
                    "no \(text.debugDescription) on the screen: \(screen.debugDescription)",
                    sourceLocation: sourceLocation)
                return false
            }
        }
    }

    /// Reads until the process closes the terminal, then waits for it to exit.
    /// - Returns: its exit status.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) -> Int32 {
        let deadline = Date().addingTimeInterval(Self.waitSecondsMax)
        while process.isRunning, Date() < deadline, readSome() {}
        // The terminal closes as the process exits, a moment before its exit is seen.
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            Issue.record("sluice did not exit: \(screen.debugDescription)", sourceLocation: sourceLocation)
            process.terminate()
        }
        process.waitUntilExit()
        while readSome(waitingMilliseconds: 0, untilData: true) {}
        return process.terminationStatus
    }

    /// Reads what arrives within `waitingMilliseconds`.
    /// - Returns: false once the terminal is closed (EIO), or, with `untilData`, when nothing arrived.
    private func readSome(waitingMilliseconds: Int32 = 100, untilData: Bool = false) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, waitingMilliseconds)
        if ready == 0 { return !untilData }
        if ready < 0 { return errno == EINTR }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return true }
        guard count > 0 else { return false }
        bytes += buffer[..<count]
        return true
    }
}
