import Foundation
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
    private let state: Mutex<ShardIndex>

    /// Opens the shard at `directory` (creating it when missing), checking every record header and
    /// the checksums of the last segment; a torn tail left by a crash is cut off.
    public init(id: Int, directory: String, policy: FsyncPolicy, segmentBytes: Int) throws(LogStoreError) {
        self.id = id
        self.directory = directory
        self.policy = policy
        self.segmentBytes = Int64(segmentBytes)
        let segments = try ShardRecovery.open(directory: directory)
        state = Mutex(ShardIndex(segments: segments))
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
                try SystemCall.syncDirectory(directory)
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
    private typealias PlannedRecord = (file: SegmentFile, offset: Int64, length: Int64, time: Int64)

    /// The records a read takes: up to `count` from `sequence`, stopping before `end` and after
    /// about `maxBytes` of stored records (always at least one when any is in range).
    private func plan(from sequence: Int64, count: Int, end: Int64?, maxBytes: Int) throws(LogStoreError) -> [PlannedRecord] {
        try state.withLock { index throws(LogStoreError) -> [PlannedRecord] in
            try index.check(sequence, shard: id)
            let stop = min(end ?? index.endSequence, index.endSequence, sequence + Int64(max(count, 0)))
            var plan: [PlannedRecord] = []
            var bytes: Int64 = 0
            var next = sequence
            while next < stop, plan.isEmpty || bytes < Int64(maxBytes) {
                let (segment, slot) = index.locate(next)
                let entry = index.segments[segment]
                plan.append((entry.file, entry.offsets[slot], entry.lengths[slot], entry.times[slot]))
                bytes += entry.lengths[slot]
                next += 1
            }
            return plan
        }
    }

    private static func corrupt(_ file: SegmentFile, _ offset: Int64) -> LogStoreError {
        LogStoreError("corrupt record at \(file.path) offset \(offset)", code: "InternalServerError", status: 500)
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
        let (regions, next) = try readRegions(from: sequence, count: count, end: end, maxBytes: maxBytes, frame: frame)
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
            for region in regions {
                copy(region.prefix)
                let into = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[position..<position + region.count]))
                let recordOffset = region.offset - Int64(RecordHeader.size)
                guard let header = try region.file.readRecord(at: recordOffset, payloadInto: into),
                    Int(header.payloadLength) == region.count
                else { throw Self.corrupt(region.file, recordOffset) }
                position += region.count
                copy(region.suffix)
            }
            initialized = position
        }
        return (body, regions.count, next)
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
    /// (the index, built from checked record headers, gives where each payload lies).
    /// - Returns: The regions and the sequence after the last one.
    public func readRegions(
        from sequence: Int64, count: Int, end: Int64? = nil, maxBytes: Int,
        frame: (_ payloadLength: Int, _ receiveTime: Int64) -> (prefix: [UInt8], suffix: [UInt8])
    ) throws(LogStoreError) -> (regions: [GroupRegion], next: Int64) {
        let plan = try plan(from: sequence, count: count, end: end, maxBytes: maxBytes)
        let regions = plan.map { record in
            let payload = Int(record.length) - RecordHeader.size
            let framing = frame(payload, record.time)
            return GroupRegion(
                prefix: framing.prefix, file: record.file, offset: record.offset + Int64(RecordHeader.size), count: payload,
                suffix: framing.suffix)
        }
        return (regions, sequence + Int64(plan.count))
    }

    /// Reads up to `count` groups from `sequence`, stopping before `end` and after about
    /// `maxBytes` of stored records (headers included) (always at least one group when any is in range).
    /// - Throws: `InvalidCursor` when `sequence` is before the first retained group or after the end.
    public func read(from sequence: Int64, count: Int, end: Int64? = nil, maxBytes: Int) throws(LogStoreError)
        -> [StoredGroup]
    {
        let plan = try plan(from: sequence, count: count, end: end, maxBytes: maxBytes)
        var groups: [StoredGroup] = []
        groups.reserveCapacity(plan.count)
        for (file, offset, length, _) in plan {
            let bytes = try file.read(at: offset, count: Int(length))
            guard bytes.count == Int(length),
                let header = bytes.withUnsafeBytes({ RecordHeader($0) }),
                Int(header.payloadLength) + RecordHeader.size == bytes.count
            else { throw Self.corrupt(file, offset) }
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
        try SystemCall.syncDirectory(directory)
        return groups
    }
}
