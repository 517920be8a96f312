import Foundation
import SluiceLogClient

/// Bytes taken out of a segment (a torn tail, or damage removed by repair), kept beside the shard
/// in `<shard>/quarantine/<segment name>@<offset>` so nothing is destroyed unseen.
enum Quarantine {
    /// The folder of a shard's quarantined bytes.
    static func directory(shardDirectory: String) -> String { shardDirectory + "/quarantine" }

    /// Writes `bytes`, taken from `segment` at `offset`, to the quarantine folder, durably.
    /// - Returns: The path written.
    static func save(_ bytes: [UInt8], shardDirectory: String, segment: SegmentFile, offset: Int64)
        throws(LogStoreError) -> String
    {
        let folder = directory(shardDirectory: shardDirectory)
        try StorageFiles.createDirectory(folder)
        let name = URL(fileURLWithPath: segment.path).lastPathComponent + "@\(offset)"
        let path = folder + "/" + name
        try StorageFiles.writeDurably(bytes, to: path)
        try StorageCall.syncDirectory(folder)
        return path
    }
}
