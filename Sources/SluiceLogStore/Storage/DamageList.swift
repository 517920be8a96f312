import Foundation
import SluiceLogClient
import SluiceSystem

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
        try StorageCall.run { () throws(SystemCallError) in
            let descriptor = try SystemCall.open(path, O_WRONLY | O_CREAT | O_APPEND, mode: StorageFiles.fileMode)
            defer { close(descriptor) }
            try SystemCall.writeAll(descriptor, Array("\(sequence)\n".utf8), path: path)
            try SystemCall.checked("cannot fsync \(path)") { fsync(descriptor) }
        }
    }

    /// Removes the list (after a repair).
    static func clear(shardDirectory: String) throws(LogStoreError) {
        let path = path(shardDirectory: shardDirectory)
        guard unlink(path) == 0 || errno == ENOENT else { throw StorageCall.error("cannot remove \(path)") }
    }
}
