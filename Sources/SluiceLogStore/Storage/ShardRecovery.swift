import Foundation
import SluiceLogClient

/// Opening a shard directory after a clean stop or a crash: lists the segments, rebuilds the
/// index from the record headers, and verifies the checksums of the last segment (the only one a
/// crash can tear). A bad tail of the last segment that no valid record follows is a torn write:
/// its bytes are kept in the shard's `quarantine/` folder and the file is cut there. Bad bytes
/// with valid records after them are damage, never a torn write: opening refuses, names the file
/// and offset, and changes nothing (`sluice logstore repair` takes the damage out). The closed
/// segments' checksums are left to the background scrub (`ShardLog.scrub`), which would
/// otherwise read the whole store at every start.
enum ShardRecovery {
    /// Largest payload a record header may claim; anything larger is damage.
    static let maxRecordPayloadBytes: UInt32 = 256 << 20
    /// The error code of a shard that is damaged beyond a torn tail.
    static let damagedCode = "StorageDamaged"

    static func open(directory: String) throws(LogStoreError) -> [SegmentIndex] {
        try StorageFiles.createDirectory(directory)
        let bases = try StorageFiles.segmentBases(in: directory)
        if bases.isEmpty {
            let file = try SegmentFile(
                path: directory + "/" + SegmentFile.name(baseSequence: 0), baseSequence: 0, create: true)
            try StorageCall.syncDirectory(directory)
            return [SegmentIndex(file: file)]
        }
        var segments: [SegmentIndex] = []
        for (position, base) in bases.enumerated() {
            let path = directory + "/" + SegmentFile.name(baseSequence: base)
            let file = try SegmentFile(path: path, baseSequence: base, create: false)
            if let previous = segments.last, previous.endSequence != base {
                throw LogStoreError(
                    "\(path) starts at group \(base) but the previous segment ends at \(previous.endSequence)",
                    code: damagedCode)
            }
            let isLast = position == bases.count - 1
            segments.append(try isLast ? scanLast(file, directory: directory) : scanHeaders(file))
        }
        return segments
    }

    /// Rebuilds a closed segment's index from its record headers (checksums are the scrub's).
    private static func scanHeaders(_ file: SegmentFile) throws(LogStoreError) -> SegmentIndex {
        var index = SegmentIndex(file: file)
        let size = try file.size()
        var offset: Int64 = 0
        while offset < size {
            let headerBytes = try file.read(at: offset, count: RecordHeader.size)
            let problem: String
            if headerBytes.count == RecordHeader.size, let header = headerBytes.withUnsafeBytes({ RecordHeader($0) }) {
                let length = Int64(RecordHeader.size) + Int64(header.payloadLength)
                if header.sequence != index.endSequence {
                    problem = "record for group \(header.sequence) where group \(index.endSequence) belongs"
                } else if header.payloadLength > maxRecordPayloadBytes || offset + length > size {
                    problem = "record of \(length) bytes past the end of the file"
                } else if header.isTombstone && header.payloadLength != 0 {
                    problem = "a tombstone with a payload"
                } else {
                    index.add(
                        offset: offset, length: length, time: header.receiveTime, count: header.logCount,
                        tombstone: header.isTombstone)
                    offset += length
                    continue
                }
            } else {
                problem = "unreadable record header"
            }
            throw LogStoreError("\(file.path) is damaged at offset \(offset): \(problem)", code: damagedCode)
        }
        return index
    }

    /// Rebuilds the last segment's index, checking every checksum; cuts a torn tail, refuses damage.
    private static func scanLast(_ file: SegmentFile, directory: String) throws(LogStoreError) -> SegmentIndex {
        let size = try file.size()
        let bytes = try file.read(at: 0, count: Int(size))
        let scan = bytes.withUnsafeBytes { SegmentScan($0, base: file.baseSequence) }
        if let damage = scan.damage.first {
            let after = scan.records.first { $0.offset > damage.offset }
            throw LogStoreError(
                "\(file.path) is damaged at offset \(damage.offset) (\(damage.length) bytes: \(damage.problem)); "
                    + "valid records follow it (group \(after?.header.sequence ?? scan.endSequence) at offset "
                    + "\(after?.offset ?? damage.offset + damage.length)), so it is not a torn write and nothing was changed",
                code: damagedCode)
        }
        var index = SegmentIndex(file: file)
        for record in scan.records {
            index.add(
                offset: record.offset, length: record.length, time: record.header.receiveTime,
                count: record.header.logCount, tombstone: record.header.isTombstone)
        }
        guard let tail = scan.tail else { return index }
        let kept = try Quarantine.save(
            Array(bytes[Int(tail.offset)...]), shardDirectory: directory, segment: file, offset: tail.offset)
        FileHandle.standardError.write(
            Data(
                ("logstore: \(file.path): cut a torn tail at offset \(tail.offset) of \(size) (\(tail.problem)); "
                    + "its \(tail.length) bytes are kept in \(kept)\n").utf8))
        try file.truncate(to: tail.offset)
        try file.sync()
        index.size = tail.offset
        return index
    }
}
