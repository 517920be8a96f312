import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Process {
    /// Waits up to `seconds` for the process to exit, kills it if it has not, and returns its status.
    func finish(seconds: Double = 60) -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
        return terminationStatus
    }

    /// Process ids of this process's children (a driver's local executors).
    var children: [Int32] {
        let path = "/proc/\(processIdentifier)/task/\(processIdentifier)/children"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
