import Foundation
import SluiceLogClient
import SluiceSystem

#if canImport(Glibc)
    import Glibc
#endif

/// The file-system side of the data directory: modes, listings, durable writes.
enum StorageFiles {
    /// Mode of every directory the log store creates: its owner only.
    static let directoryMode: mode_t = 0o700
    /// Mode of every file the log store creates (segments, configurations, quarantined bytes).
    static let fileMode: mode_t = 0o600

    /// The data directory holding the shard directory `shard` (`<data-dir>/<project>/<store>/<id>`).
    static func dataDirectory(ofShard shard: String) -> String {
        var url = URL(fileURLWithPath: shard)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// Creates `path` and any missing parents with `directoryMode`.
    static func createDirectory(_ path: String) throws(LogStoreError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(directoryMode)])
        } catch {
            throw LogStoreError("cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// The base sequence numbers of the `.seg` files in a shard directory, ascending.
    static func segmentBases(in directory: String) throws(LogStoreError) -> [Int64] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw LogStoreError("cannot list \(directory): \(error.localizedDescription)")
        }
        return names.compactMap { name -> Int64? in
            guard name.hasSuffix(".seg") else { return nil }
            return Int64(name.dropLast(4))
        }.sorted()
    }

    /// Writes `bytes` to a new file at `path` (replacing one there) with `fileMode` and syncs it.
    static func writeDurably(_ bytes: [UInt8], to path: String) throws(LogStoreError) {
        try StorageCall.run { () throws(SystemCallError) in
            let descriptor = try SystemCall.checked("cannot create \(path)") {
                open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
            }
            defer { close(descriptor) }
            try SystemCall.writeAll(descriptor, bytes, path: path)
            try SystemCall.checked("cannot fsync \(path)") { fsync(descriptor) }
        }
    }
}
