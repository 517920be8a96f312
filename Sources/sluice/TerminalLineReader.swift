import CEditLine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Lines typed at a terminal, with line editing and history (libedit's readline interface).
/// The history persists in a file only its owner can read or write, as `spark-sql` keeps
/// `~/.hivehistory`; each line typed is saved as it is entered.
final class TerminalLineReader {
    /// Most lines the history keeps, in memory and in its file; older ones are dropped.
    static let historyLinesMax = 1000

    private let historyPath: String?

    /// A reader of standard input whose history is in `historyPath` (nil: kept for this run only).
    /// The terminal's modes are restored however the process exits.
    init(historyPath: String?) {
        sluice_editline_leave_signals()
        using_history()
        stifle_history(Int32(Self.historyLinesMax))
        var modes = termios()
        if tcgetattr(STDIN_FILENO, &modes) == 0 {
            let saved = modes
            ExitCleanup.add {
                var restored = saved
                tcsetattr(STDIN_FILENO, TCSANOW, &restored)
            }
        }
        if let historyPath, let reason = Self.makePrivate(historyPath) {
            printError("sluice: warning: lines typed are not kept: cannot open '\(historyPath)': \(reason)")
            self.historyPath = nil
        } else {
            self.historyPath = historyPath
            if let historyPath { _ = read_history(historyPath) }
        }
    }

    /// The next line, without its newline, after showing `prompt`; nil at the end of input (Ctrl-D).
    func read(prompt: String) -> String? {
        guard let pointer = readline(prompt) else { return nil }
        defer { free(pointer) }
        let line = String(cString: pointer)
        if line.contains(where: { !$0.isWhitespace }) {
            _ = add_history(line)
            if let historyPath { _ = write_history(historyPath) }
        }
        return line
    }

    /// Creates the file at `path` if missing and narrows it to mode 0600.
    /// - Returns: nil, or why the file cannot be used.
    private static func makePrivate(_ path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        return fchmod(descriptor, 0o600) == 0 ? nil : String(cString: strerror(errno))
    }
}
