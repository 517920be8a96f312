import Foundation
import SluiceLogClient

/// A stored record whose bytes fail their check.
public struct DamagedRecord: Equatable, Sendable {
    /// The shard's id.
    public let shard: Int
    /// The group's sequence number (its cursor's value).
    public let sequence: Int64
    /// The segment file.
    public let path: String
    /// Where the record starts in the file.
    public let offset: Int64
    /// The record's length in bytes, header included.
    public let length: Int64
}

extension ShardLog {
    /// Bytes the scrub reads in one go (whole records, at least one).
    static let scrubReadBytes = 4 << 20

    /// Reads every retained record of every segment and checks its header and checksum; a bad
    /// one is marked damaged (PullLogs never serves it again: a read that would start on it is
    /// refused with an error naming the shard and cursor) and reported on standard error.
    /// - Returns: The records found bad by this pass that were not known before.
    @discardableResult
    public func scrub() throws(LogStoreError) -> [DamagedRecord] {
        let segments = state.withLock { $0.segments }
        var found: [DamagedRecord] = []
        for segment in segments {
            var slot = 0
            while slot < segment.offsets.count {
                // A run of contiguous records of about `scrubReadBytes`.
                var last = slot
                while last + 1 < segment.offsets.count,
                    segment.offsets[last + 1] + segment.lengths[last + 1] - segment.offsets[slot] <= Int64(Self.scrubReadBytes)
                {
                    last += 1
                }
                let start = segment.offsets[slot]
                let bytes = try segment.file.read(at: start, count: Int(segment.offsets[last] + segment.lengths[last] - start))
                for current in slot...last where !segment.damaged.contains(current) {
                    let sequence = segment.file.baseSequence + Int64(current)
                    let from = Int(segment.offsets[current] - start)
                    let to = from + Int(segment.lengths[current])
                    let valid =
                        to <= bytes.count
                        && bytes[from..<to].withUnsafeBytes { record in
                            guard let header = RecordHeader(record) else { return false }
                            return header.sequence == sequence
                                && header.isTombstone == segment.tombstones.contains(current)
                                && header.matches(payload: UnsafeRawBufferPointer(rebasing: record[RecordHeader.size...]))
                        }
                    if !valid {
                        let record = DamagedRecord(
                            shard: id, sequence: sequence, path: segment.file.path, offset: segment.offsets[current],
                            length: segment.lengths[current])
                        markDamaged(record, file: segment.file)
                        found.append(record)
                    }
                }
                slot = last + 1
            }
        }
        return found
    }
}
