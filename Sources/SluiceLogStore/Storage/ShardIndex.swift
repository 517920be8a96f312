import SluiceLogClient

/// The index of one segment file: offset, length, receive time and log count per record.
struct SegmentIndex {
    let file: SegmentFile
    var offsets: [Int64] = []
    var lengths: [Int64] = []
    var times: [Int64] = []
    var counts: [UInt32] = []
    /// Slots of tombstones: groups lost to damage and taken out by repair, which reads skip.
    var tombstones: Set<Int> = []
    /// Slots of records found damaged (by the scrub or a read) since the shard was opened: never
    /// served again.
    var damaged: Set<Int> = []
    /// Bytes of valid records in the file.
    var size: Int64 = 0

    init(file: SegmentFile) {
        self.file = file
    }

    /// Sequence number after this segment's last record.
    var endSequence: Int64 { file.baseSequence + Int64(offsets.count) }

    mutating func add(offset: Int64, length: Int64, time: Int64, count: UInt32, tombstone: Bool = false) {
        if tombstone { tombstones.insert(offsets.count) }
        offsets.append(offset)
        lengths.append(length)
        times.append(time)
        counts.append(count)
        size = offset + length
    }
}

/// A shard's in-memory index over its segments, in sequence order. Pure: no I/O.
struct ShardIndex {
    /// Never empty: the last segment is the one being written.
    var segments: [SegmentIndex]
    /// Appends not yet flushed under the `interval` policy.
    var dirty = false

    var beginSequence: Int64 { segments[0].file.baseSequence }
    var endSequence: Int64 { segments[segments.count - 1].endSequence }

    /// The newest group's receive time, or `Int64.min` when the shard holds none.
    var lastReceiveTime: Int64 {
        for segment in segments.reversed() {
            if let time = segment.times.last { return time }
        }
        return Int64.min
    }

    mutating func publish(offset: Int64, length: Int64, time: Int64, count: UInt32) {
        segments[segments.count - 1].add(offset: offset, length: length, time: time, count: count)
    }

    /// Checks that `sequence` is a valid cursor position: retained, or the end.
    func check(_ sequence: Int64, shard: Int) throws(LogStoreError) {
        guard sequence >= beginSequence, sequence <= endSequence else {
            throw LogStoreError(
                "cursor \(sequence) is outside shard \(shard)'s range [\(beginSequence), \(endSequence)]",
                code: "InvalidCursor", status: 400)
        }
    }

    /// The segment and slot of a retained `sequence` (binary search over the segments).
    func locate(_ sequence: Int64) -> (segment: Int, slot: Int) {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].file.baseSequence <= sequence { low = middle } else { high = middle - 1 }
        }
        return (low, Int(sequence - segments[low].file.baseSequence))
    }

    /// The first sequence whose receive time is at or after `time`; the end when none is.
    func sequence(atOrAfter time: Int64) -> Int64 {
        for segment in segments {
            guard let newest = segment.times.last, newest >= time else { continue }
            var low = 0
            var high = segment.times.count - 1
            while low < high {
                let middle = (low + high) / 2
                if segment.times[middle] >= time { high = middle } else { low = middle + 1 }
            }
            return segment.file.baseSequence + Int64(low)
        }
        return endSequence
    }

    /// Number of logs in `[from, to)`, clamped to what is retained.
    func logCount(from: Int64, to: Int64) -> Int {
        var total = 0
        var next = max(from, beginSequence)
        let stop = min(to, endSequence)
        while next < stop {
            let (segment, slot) = locate(next)
            let counts = segments[segment].counts
            let take = min(counts.count - slot, Int(stop - next))
            for index in slot..<(slot + take) { total += Int(counts[index]) }
            next += Int64(take)
        }
        return total
    }

    /// The first group boundary at or after `from` where the logs since `from` reach `limit`; `to`
    /// when they never do.
    func sequence(from: Int64, to: Int64, reachingLogs limit: Int) -> Int64 {
        var total = 0
        var next = max(from, beginSequence)
        let stop = min(to, endSequence)
        while next < stop {
            let (segment, slot) = locate(next)
            total += Int(segments[segment].counts[slot])
            next += 1
            if total >= limit { return next }
        }
        return max(stop, from)
    }
}
