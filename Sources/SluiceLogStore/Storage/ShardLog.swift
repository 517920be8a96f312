import Foundation
import SluiceLogClient
import SluiceLogProtocol
import Synchronization

/// How appends reach the disk.
public enum FsyncPolicy: Sendable, Equatable {
    /// Every PutLogs is on disk before it is acknowledged.
    case always
    /// Appends are flushed by a background pass this often; a crash loses at most that much.
    case interval(Duration)
}

/// One stored log group as read back.
public struct StoredGroup: Sendable, Equatable {
    /// Position in the shard: the cursor's value.
    public let sequence: Int64
    /// Server receive time, unix seconds.
    public let receiveTime: Int64
    /// Number of logs in the group.
    public let logCount: Int
    /// The LogGroup's protobuf bytes, as the producer sent them (after decompression).
    public let payload: ArraySlice<UInt8>
}

/// The append-only log of one shard: segment files of records (`RecordHeader` + LogGroup bytes)
/// named by their first sequence number, and an in-memory index from sequence number to file
/// offset, receive time and log count. Sequence numbers are dense from the first retained group;
/// receive times never decrease, so a time maps to a cursor by binary search.
public final class ShardLog: Sendable {
    /// The shard's id within its log store.
    public let id: Int
    /// The shard's directory.
    public let directory: String
    private let policy: FsyncPolicy
    private let segmentBytes: Int64
    /// Serialises writers; readers only take `state`.
    private let appendLock = Mutex(())
    let state: Mutex<ShardIndex>

    /// Opens the shard at `directory` (creating it when missing), checking every record header and
    /// the checksums of the last segment (`ShardRecovery`): a torn tail left by a crash is cut off
    /// and kept in `quarantine/`; damage with valid records after it refuses to open. Groups
    /// listed in `<shard>/damaged` are never served.
    /// - Throws: A storage error; code `StorageDamaged` for damage that needs `sluice logstore repair`.
    public init(id: Int, directory: String, policy: FsyncPolicy, segmentBytes: Int) throws(LogStoreError) {
        self.id = id
        self.directory = directory
        self.policy = policy
        self.segmentBytes = Int64(segmentBytes)
        var index = ShardIndex(segments: try ShardRecovery.open(directory: directory))
        for sequence in DamageList.load(shardDirectory: directory)
        where sequence >= index.beginSequence && sequence < index.endSequence {
            let (segment, slot) = index.locate(sequence)
            index.segments[segment].damaged.insert(slot)
        }
        state = Mutex(index)
    }

    /// The first retained sequence number (the `begin` cursor).
    public var beginSequence: Int64 { state.withLock { $0.beginSequence } }
    /// The next sequence number to be written (the `end` cursor).
    public var endSequence: Int64 { state.withLock { $0.endSequence } }
    /// Number of bytes stored in the shard's segments.
    public var storedBytes: Int64 { state.withLock { index in index.segments.reduce(0) { $0 + $1.size } } }

    /// Appends a group of `logCount` logs received at `now` (unix seconds) and returns its
    /// sequence number once the group is as durable as the policy asks.
    @discardableResult
    public func append(_ payload: [UInt8], logCount: Int, now: Int64) throws(LogStoreError) -> Int64 {
        try appendLock.withLock { _ throws(LogStoreError) -> Int64 in
            let (active, activeSize, sequence, lastTime) = state.withLock { index in
                let last = index.segments[index.segments.count - 1]
                return (last.file, last.size, index.endSequence, index.lastReceiveTime)
            }
            var file = active
            var offset = activeSize
            if offset >= segmentBytes {
                try file.sync()
                file = try SegmentFile(
                    path: directory + "/" + SegmentFile.name(baseSequence: sequence), baseSequence: sequence,
                    create: true)
                try StorageCall.syncDirectory(directory)
                let newFile = file
                state.withLock { $0.segments.append(SegmentIndex(file: newFile)) }
                offset = 0
            }
            let receiveTime = max(now, lastTime)
            let record = RecordHeader.record(
                payload: payload, sequence: sequence, receiveTime: receiveTime, logCount: UInt32(logCount))
            try file.write(record, at: offset)
            if policy == .always { try file.sync() }
            state.withLock { index in
                index.publish(offset: offset, length: Int64(record.count), time: receiveTime, count: UInt32(logCount))
                if policy != .always { index.dirty = true }
            }
            return sequence
        }
    }

    /// Flushes appends not yet on disk (the `interval` policy's background pass).
    public func flush() throws(LogStoreError) {
        let file: SegmentFile? = state.withLock { index in
            guard index.dirty else { return nil }
            index.dirty = false
            return index.segments[index.segments.count - 1].file
        }
        try file?.sync()
    }

    /// Where one record of a read lies, and its receive time.
    private typealias PlannedRecord = (sequence: Int64, file: SegmentFile, offset: Int64, length: Int64, time: Int64)

    /// The records a read takes: up to `count` from `sequence`, stopping before `end` and after
    /// about `maxBytes` of stored records (always at least one when any is in range). A tombstone
    /// is read as a group with no payload and no logs, so every group number keeps one place in
    /// an answer; a read stops before a record found damaged, and one that would start on it is
    /// refused.
    /// - Returns: The records and the sequence after the last group the read covers.
    private func plan(from sequence: Int64, count: Int, end: Int64?, maxBytes: Int) throws(LogStoreError)
        -> (records: [PlannedRecord], next: Int64)
    {
        try state.withLock { index throws(LogStoreError) -> (records: [PlannedRecord], next: Int64) in
            try index.check(sequence, shard: id)
            let stop = min(end ?? index.endSequence, index.endSequence, sequence + Int64(max(count, 0)))
            var plan: [PlannedRecord] = []
            var bytes: Int64 = 0
            var next = sequence
            while next < stop, plan.isEmpty || bytes < Int64(maxBytes) {
                let (segment, slot) = index.locate(next)
                let entry = index.segments[segment]
                if entry.damaged.contains(slot) {
                    if next == sequence { throw damagedError(next) }
                    break
                }
                plan.append((next, entry.file, entry.offsets[slot], entry.lengths[slot], entry.times[slot]))
                bytes += entry.lengths[slot]
                next += 1
            }
            return (plan, next)
        }
    }

    /// The answer to a read of a record found damaged: names the shard and the cursor.
    private func damagedError(_ sequence: Int64) -> LogStoreError {
        LogStoreError(
            "shard \(id): the log group at cursor \(LogCursor(position: sequence).encoded) (group \(sequence)) is "
                + "damaged on disk and is not served; the log store's operator can take it out with "
                + "sluice logstore repair, after which it reads as an empty log group",
            code: Self.damagedCode, status: 500)
    }

    /// The SLS error code of a read refused because its first group is damaged.
    public static let damagedCode = "LogGroupDamaged"

    /// True when `bytes` is the whole valid record of group `sequence` whose header is `header`.
    private static func isValid(_ bytes: UnsafeRawBufferPointer, header: RecordHeader?, sequence: Int64) -> Bool {
        guard let header, header.sequence == sequence, Int(header.payloadLength) + RecordHeader.size == bytes.count else {
            return false
        }
        return header.matches(payload: UnsafeRawBufferPointer(rebasing: bytes[RecordHeader.size...]))
    }

    /// Marks a record damaged in the index; reports it the first time.
    func markDamaged(_ record: DamagedRecord, file: SegmentFile) {
        let isNew = state.withLock { index -> Bool in
            guard let segment = index.segments.firstIndex(where: { $0.file === file }) else { return false }
            return index.segments[segment].damaged.insert(Int(record.sequence - file.baseSequence)).inserted
        }
        guard isNew else { return }
        var kept = ""
        do {
            try DamageList.add(record.sequence, shardDirectory: directory)
        } catch {
            kept = " (and could not be listed in \(DamageList.path(shardDirectory: directory)): \(error))"
        }
        FileHandle.standardError.write(
            Data(
                ("logstore: \(record.path): group \(record.sequence) at offset \(record.offset) (\(record.length) bytes) "
                    + "fails its checksum; it is no longer served\(kept); run sluice logstore repair --data-dir "
                    + "\(StorageFiles.dataDirectory(ofShard: directory)) with the server stopped\n").utf8))
    }

    /// The groups `read` would return, as one body: each group's LogGroup bytes between the
    /// `prefix` and `suffix` that `frame(payloadLength, receiveTime)` gives for it, read from its
    /// segment file straight into the body.
    /// - Returns: The body, how many groups it holds, and the sequence after the last one.
    /// - Throws: `InvalidCursor` as `read`; an internal error for a damaged record.
    public func readFramed(
        from sequence: Int64, count: Int, end: Int64? = nil, maxBytes: Int,
        frame: (_ payloadLength: Int, _ receiveTime: Int64) -> (prefix: [UInt8], suffix: [UInt8])
    ) throws(LogStoreError) -> (body: [UInt8], groups: Int, next: Int64) {
        let (records, next) = try plan(from: sequence, count: count, end: end, maxBytes: maxBytes)
        let regions = records.map { record in Self.region(record, frame: frame) }
        let total = regions.reduce(0) { $0 + $1.prefix.count + $1.count + $1.suffix.count }
        let body = try [UInt8](unsafeUninitializedCapacity: total) {
            (buffer: inout UnsafeMutableBufferPointer<UInt8>, initialized: inout Int) throws(LogStoreError) -> Void in
            var position = 0
            func copy(_ bytes: [UInt8]) {
                for byte in bytes {
                    buffer[position] = byte
                    position += 1
                }
            }
            for (region, record) in zip(regions, records) {
                copy(region.prefix)
                let into = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[position..<position + region.count]))
                let header = try region.file.readRecord(at: record.offset, payloadInto: into)
                let valid =
                    header.map {
                        $0.sequence == record.sequence && $0.matches(payload: UnsafeRawBufferPointer(into))
                    } ?? false
                if !valid {
                    markDamaged(
                        DamagedRecord(shard: id, sequence: record.sequence, path: record.file.path, offset: record.offset, length: record.length),
                        file: record.file)
                    throw damagedError(record.sequence)
                }
                position += region.count
                copy(region.suffix)
            }
            initialized = position
        }
        return (body, regions.count, next)
    }

    /// The region of one planned record.
    private static func region(
        _ record: PlannedRecord, frame: (_ payloadLength: Int, _ receiveTime: Int64) -> (prefix: [UInt8], suffix: [UInt8])
    ) -> GroupRegion {
        let payload = Int(record.length) - RecordHeader.size
        let framing = frame(payload, record.time)
        return GroupRegion(
            prefix: framing.prefix, file: record.file, offset: record.offset + Int64(RecordHeader.size), count: payload,
            suffix: framing.suffix)
    }

    /// One group of `readRegions`: its LogGroup bytes lie at `offset` in `file`, between
    /// `prefix` and `suffix`.
    public struct GroupRegion: Sendable {
        /// Bytes before the group's bytes.
        public let prefix: [UInt8]
        /// The segment file holding the group.
        let file: SegmentFile
        /// Where the group's LogGroup bytes start in the file.
        let offset: Int64
        /// How many LogGroup bytes there are.
        public let count: Int
        /// Bytes after the group's bytes.
        public let suffix: [UInt8]
    }

    /// The groups `readFramed` would frame, as file regions to be sent without reading them
    /// (the index, built from checked record headers, gives where each payload lies). Their
    /// checksums are not read here: the background scrub (`scrub`) checks them, and a group it
    /// found bad is never in a read again.
    /// - Returns: The regions and the sequence after the last one.
    public func readRegions(
        from sequence: Int64, count: Int, end: Int64? = nil, maxBytes: Int,
        frame: (_ payloadLength: Int, _ receiveTime: Int64) -> (prefix: [UInt8], suffix: [UInt8])
    ) throws(LogStoreError) -> (regions: [GroupRegion], next: Int64) {
        let (records, next) = try plan(from: sequence, count: count, end: end, maxBytes: maxBytes)
        return (records.map { Self.region($0, frame: frame) }, next)
    }

    /// Reads up to `count` groups from `sequence` (a tombstone as a group with an empty payload
    /// and no logs), checking each record's checksum, stopping before `end` and after about
    /// `maxBytes` of stored records (headers included) (always at least one group when any is in range).
    /// - Throws: `InvalidCursor` when `sequence` is before the first retained group or after the end.
    public func read(from sequence: Int64, count: Int, end: Int64? = nil, maxBytes: Int) throws(LogStoreError)
        -> [StoredGroup]
    {
        let (plan, _) = try plan(from: sequence, count: count, end: end, maxBytes: maxBytes)
        var groups: [StoredGroup] = []
        groups.reserveCapacity(plan.count)
        for (sequence, file, offset, length, _) in plan {
            let bytes = try file.read(at: offset, count: Int(length))
            let header = bytes.withUnsafeBytes { RecordHeader($0) }
            let valid = bytes.withUnsafeBytes { Self.isValid($0, header: header, sequence: sequence) }
            if !valid {
                markDamaged(DamagedRecord(shard: id, sequence: sequence, path: file.path, offset: offset, length: length), file: file)
                throw damagedError(sequence)
            }
            guard let header else { throw damagedError(sequence) }
            groups.append(
                StoredGroup(
                    sequence: header.sequence, receiveTime: header.receiveTime, logCount: Int(header.logCount),
                    payload: bytes[RecordHeader.size...]))
        }
        return groups
    }

    /// The first sequence number whose receive time is at or after `time` (the end when none).
    public func sequence(atOrAfter time: Int64) -> Int64 {
        state.withLock { $0.sequence(atOrAfter: time) }
    }

    /// The receive time of the group at `sequence`; for the end cursor, the newest group's time
    /// (or `now` when the shard is empty).
    public func receiveTime(at sequence: Int64, now: Int64) throws(LogStoreError) -> Int64 {
        try state.withLock { index throws(LogStoreError) -> Int64 in
            try index.check(sequence, shard: id)
            if sequence == index.endSequence {
                return index.endSequence > index.beginSequence ? index.lastReceiveTime : now
            }
            let (segment, slot) = index.locate(sequence)
            return index.segments[segment].times[slot]
        }
    }

    /// Number of logs in `[from, to)` (both clamped to what is retained).
    public func logCount(from: Int64, to: Int64) -> Int {
        state.withLock { $0.logCount(from: from, to: to) }
    }

    /// The first sequence at or after `from` where the logs of `[from, it)` reach `limit`, or `to`.
    public func sequence(from: Int64, to: Int64, reachingLogs limit: Int) -> Int64 {
        state.withLock { $0.sequence(from: from, to: to, reachingLogs: limit) }
    }

    /// Removes whole segments (never the one being written) whose newest group was received before
    /// `cutoff`; returns the number of groups removed.
    @discardableResult
    public func expire(receivedBefore cutoff: Int64) throws(LogStoreError) -> Int {
        let (dropped, groups) = state.withLock { index in
            var dropped: [SegmentFile] = []
            var groups = 0
            while index.segments.count > 1, let newest = index.segments[0].times.last, newest < cutoff {
                let segment = index.segments.removeFirst()
                groups += segment.offsets.count
                dropped.append(segment.file)
            }
            return (dropped, groups)
        }
        guard !dropped.isEmpty else { return 0 }
        for file in dropped { unlink(file.path) }
        try StorageCall.syncDirectory(directory)
        return groups
    }
}
