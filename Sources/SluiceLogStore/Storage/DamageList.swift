import Foundation
import SluiceLogClient

#if canImport(Glibc)
    import Glibc
#endif

/// The groups of a shard found damaged, kept in `<shard>/damaged` (one group number per line) so
/// that a group found bad is never served again, across restarts too, until `sluice logstore
/// repair` takes it out (and removes the file).
enum DamageList {
    /// The file's path.
    static func path(shardDirectory: String) -> String { shardDirectory + "/damaged" }

    /// The group numbers listed; none when there is no file.
    static func load(shardDirectory: String) -> Set<Int64> {
        guard let data = FileManager.default.contents(atPath: path(shardDirectory: shardDirectory)) else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int64($0) })
    }

    /// Adds `sequence` to the list, durably.
    static func add(_ sequence: Int64, shardDirectory: String) throws(LogStoreError) {
        let path = path(shardDirectory: shardDirectory)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, StorageFiles.fileMode)
        guard descriptor >= 0 else { throw StorageCall.error("cannot open \(path)") }
        defer { close(descriptor) }
        let line = Array("\(sequence)\n".utf8)
        let wrote = line.withUnsafeBytes { write(descriptor, $0.baseAddress!, line.count) }
        guard wrote == line.count, fsync(descriptor) == 0 else { throw StorageCall.error("cannot write \(path)") }
    }

    /// Removes the list (after a repair).
    static func clear(shardDirectory: String) throws(LogStoreError) {
        let path = path(shardDirectory: shardDirectory)
        guard unlink(path) == 0 || errno == ENOENT else { throw StorageCall.error("cannot remove \(path)") }
    }
}
