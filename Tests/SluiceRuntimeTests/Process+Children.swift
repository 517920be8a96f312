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

    /// This driver's local cluster directories (`$TMPDIR/sluice-<pid>-*`, with the cluster secret)
    /// still present, made at or after `launched` (the time just before the driver started): a
    /// directory an earlier, killed process of the same reused pid left behind is not this one's.
    func clusterDirectories(launchedAt launched: Date) -> [String] {
        let prefix = "sluice-\(processIdentifier)-"
        let root = FileManager.default.temporaryDirectory.path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.filter { entry in
            guard entry.hasPrefix(prefix) else { return false }
            var status = stat()
            guard stat(root + "/" + entry, &status) == 0 else { return false }
            let changed = Double(status.st_ctim.tv_sec) + Double(status.st_ctim.tv_nsec) / 1e9
            return changed >= launched.timeIntervalSince1970 - Self.clockSlackSeconds
        }
    }

    /// How far a directory's change time may lie before the recorded launch (clock granularity).
    static let clockSlackSeconds = 0.05

    /// Process ids of this process's children (a driver's local executors).
    var children: [Int32] {
        let path = "/proc/\(processIdentifier)/task/\(processIdentifier)/children"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
