/// A checkpoint directory held in memory for simulations: a dictionary of files by relative
/// path (`offsets/3`, `state/3`, `commits/3`, `sources/0`). A write replaces a file whole, as
/// the real store's write, fsync and rename do, so a crash leaves each file old or new.
public struct MemoryCheckpoint: Sendable {
    /// The files by relative path.
    public var files: [String: [UInt8]] = [:]

    /// An empty checkpoint.
    public init() {}

    /// Writes `bytes` to `path`, replacing it.
    public mutating func write(_ bytes: [UInt8], to path: String) {
        files[path] = bytes
    }

    /// The bytes of `path`, nil when absent.
    public func read(_ path: String) -> [UInt8]? {
        files[path]
    }

    /// Removes `path` (nothing when absent).
    public mutating func remove(_ path: String) {
        files[path] = nil
    }

    /// The epochs with a file in `folder`, ascending.
    public func epochs(in folder: String) -> [Int] {
        files.keys.compactMap { path -> Int? in
            guard path.hasPrefix(folder + "/") else { return nil }
            return Int(path.dropFirst(folder.count + 1))
        }.sorted()
    }

    /// Keeps the files of the `count` latest epochs through `epoch` (at least one) and removes
    /// older ones from `offsets`, `commits` and `state`, as `CheckpointStore.retain` does.
    public mutating func retain(epochs count: Int, through epoch: Int) {
        let oldest = epoch - max(1, count) + 1
        for folder in ["offsets", "commits", "state"] {
            for old in epochs(in: folder) where old < oldest { files["\(folder)/\(old)"] = nil }
        }
    }
}
