import Foundation

/// The resident memory of this process, and the cgroup limit it runs under, from `/proc` and
/// `/sys/fs/cgroup` (Linux).
public enum ResidentMemory {
    /// Resident set size in bytes, or nil when `/proc/self/statm` cannot be read.
    public static func current() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Share of a cgroup's limit a watchdog allows, so it acts before the kernel's OOM killer.
    public static let cgroupShare = 0.9

    /// The limit a watchdog should enforce for `requested` bytes (0 for none): the lower of it and
    /// `cgroupShare` of this process's cgroup limit, where there is one.
    public static func effectiveLimit(_ requested: Int64) -> Int64 {
        guard let cgroup = cgroupLimit() else { return requested }
        let allowed = Int64(Double(cgroup) * cgroupShare)
        return requested > 0 ? min(requested, allowed) : allowed
    }

    /// The memory limit of this process's cgroup (v2 `memory.max`, or v1 `memory.limit_in_bytes`),
    /// or nil when there is none.
    public static func cgroupLimit() -> Int64? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if value == "max" { return nil }
            if let bytes = Int64(value), bytes < Int64(1) << 60 { return bytes }
        }
        return nil
    }
}
