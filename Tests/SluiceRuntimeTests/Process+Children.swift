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

    /// This driver's local cluster directories (`$TMPDIR/sluice-<pid>-*`, with the cluster secret) still present.
    var clusterDirectories: [String] {
        let prefix = "sluice-\(processIdentifier)-"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        return entries.filter { $0.hasPrefix(prefix) }
    }

    /// Process ids of this process's children (a driver's local executors).
    var children: [Int32] {
        let path = "/proc/\(processIdentifier)/task/\(processIdentifier)/children"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
