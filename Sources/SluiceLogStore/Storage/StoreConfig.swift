/// A project as stored in `<data-dir>/<project>/project.json`.
public struct ProjectConfig: Codable, Sendable, Equatable {
    /// The project's name: `[a-z0-9-]`, 3–63 characters.
    public var name: String
    /// Free text given at creation.
    public var description: String
    /// Creation time, unix seconds.
    public var createTime: Int64
}

/// A log store as stored in `<data-dir>/<project>/<store>/logstore.json`.
public struct LogStoreConfig: Codable, Sendable, Equatable {
    /// The store's name: `[a-z0-9_-]`, 3–63 characters.
    public var name: String
    /// Retention in days: whole segments older than this are removed.
    public var ttlDays: Int
    /// Number of shards, fixed at creation (ids 0..<shardCount).
    public var shardCount: Int
    /// Creation time, unix seconds.
    public var createTime: Int64
    /// Echoed to SDKs that read it; shards never split here.
    public var autoSplit: Bool
    /// Echoed to SDKs that read it.
    public var maxSplitShard: Int
    /// Echoed to SDKs that read it.
    public var appendMeta: Bool
    /// Echoed to SDKs that read it.
    public var enableTracking: Bool
}

/// Names SLS accepts for projects and log stores; anything else could also escape the data directory.
enum StoreNames {
    /// Longest name, in characters.
    static let maxLength = 63
    /// Shortest name, in characters.
    static let minLength = 3

    /// `[a-z0-9-]`, starting and ending with a letter or digit.
    static func isValidProject(_ name: String) -> Bool { isValid(name, extra: ["-"]) }

    /// `[a-z0-9_-]`, starting and ending with a letter or digit.
    static func isValidStore(_ name: String) -> Bool { isValid(name, extra: ["-", "_"]) }

    private static func isValid(_ name: String, extra: Set<Character>) -> Bool {
        guard (minLength...maxLength).contains(name.count), let first = name.first, let last = name.last else {
            return false
        }
        func plain(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
        return plain(first) && plain(last) && name.allSatisfy { plain($0) || extra.contains($0) }
    }
}
