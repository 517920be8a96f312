/// Where `sluice submit` runs a script: `local[N]` starts N executor processes on this machine.
public enum Master: Equatable, Sendable {
    /// `local[N]`: the driver in this process and `executors` executor processes beside it.
    case local(executors: Int)

    /// Parses `local`, `local[N]` or `local[*]` (one executor per core).
    public init(parsing text: String, cores: Int) throws {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "local" {
            self = .local(executors: 1)
            return
        }
        guard trimmed.hasPrefix("local["), trimmed.hasSuffix("]") else {
            throw RuntimeError("--master takes local, local[N] or local[*], not '\(text)'")
        }
        let inner = trimmed.dropFirst("local[".count).dropLast()
        if inner == "*" {
            self = .local(executors: max(cores, 1))
            return
        }
        guard let count = Int(inner), (1...ClusterLimits.maxLocalExecutors).contains(count) else {
            throw RuntimeError("--master local[N] takes N from 1 to \(ClusterLimits.maxLocalExecutors), not '\(inner)'")
        }
        self = .local(executors: count)
    }

    /// Number of executor processes.
    public var executors: Int {
        switch self {
        case .local(let executors): return executors
        }
    }
}

/// A memory size as Spark writes it: `512m`, `2g`, `1024k`, `1t`, or bytes.
public enum MemorySize {
    /// Bytes of `text`.
    public static func bytes(_ text: String) throws -> Int64 {
        let lowered = text.trimmingWhitespace().lowercased()
        let units: [(String, Int64)] = [("tb", 1 << 40), ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
                                         ("t", 1 << 40), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, scale) in units where lowered.hasSuffix(suffix) {
            guard let value = Int64(lowered.dropLast(suffix.count)), value > 0, value <= Int64.max / scale else {
                break
            }
            return value * scale
        }
        if let value = Int64(lowered), value > 0 { return value }
        throw RuntimeError("memory size '\(text)' is not a number with k, m, g or t (for example 2g)")
    }
}

/// Named limits of the cluster.
public enum ClusterLimits {
    /// Most executor processes `local[N]` starts.
    public static let maxLocalExecutors = 64
    /// How often an executor checks its resident memory against `--executor-memory`.
    public static let memoryCheckInterval: Duration = .milliseconds(200)
}
