import Foundation
import SluiceTestSupport
import Testing

@testable import SluiceLogStore

/// What a shard should hold: every group appended (by sequence) and the first retained one.
/// An independent model of `ShardLog`'s answers.
struct ShardModel {
    struct Group {
        var payload: [UInt8]
        var logCount: Int
        var receiveTime: Int64
    }

    var begin: Int64 = 0
    /// Index = sequence; groups before `begin` are kept but not retained by the shard.
    var groups: [Group] = []

    var end: Int64 { Int64(groups.count) }

    /// Records an append at `now`; returns its receive time (never before the previous one).
    @discardableResult
    mutating func append(_ payload: [UInt8], logCount: Int, now: Int64) -> Int64 {
        let time = max(now, groups.last?.receiveTime ?? Int64.min)
        groups.append(Group(payload: payload, logCount: logCount, receiveTime: time))
        return time
    }

    func stored(_ sequence: Int64) -> StoredGroup {
        let group = groups[Int(sequence)]
        return StoredGroup(
            sequence: sequence, receiveTime: group.receiveTime, logCount: group.logCount, payload: group.payload[...])
    }

    func recordLength(_ sequence: Int64) -> Int { RecordHeader.size + groups[Int(sequence)].payload.count }

    func logCount(from: Int64, to: Int64) -> Int {
        let low = max(from, begin)
        let high = min(to, end)
        guard low < high else { return 0 }
        return (low..<high).reduce(0) { $0 + groups[Int($1)].logCount }
    }

    func sequence(atOrAfter time: Int64) -> Int64 {
        (begin..<end).first { groups[Int($0)].receiveTime >= time } ?? end
    }

    /// For `begin <= from <= to <= end` and `limit >= 1`: the smallest `s` in `(from, to]` whose
    /// logs `[from, s)` reach `limit`, else `to`.
    func sequence(from: Int64, to: Int64, reachingLogs limit: Int) -> Int64 {
        var total = 0
        var next = from
        while next < to {
            total += groups[Int(next)].logCount
            next += 1
            if total >= limit { return next }
        }
        return to
    }

    /// Checks every answer of `shard` against the model. `thorough` reads every (from, count,
    /// end) combination; otherwise a sample.
    func verify(_ shard: ShardLog, thorough: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(shard.beginSequence == begin, sourceLocation: sourceLocation)
        #expect(shard.endSequence == end, sourceLocation: sourceLocation)
        guard shard.beginSequence == begin, shard.endSequence == end else { return }
        let retained = Int(end - begin)
        #expect(
            shard.storedBytes == (begin..<end).reduce(Int64(0)) { $0 + Int64(recordLength($1)) },
            sourceLocation: sourceLocation)

        // Everything at once, and through every cursor.
        let all = try shard.read(from: begin, count: retained + 1, maxBytes: .max)
        #expect(all == (begin..<end).map(stored), sourceLocation: sourceLocation)
        let counts = thorough ? [0, 1, 2, 7, retained + 1] : [1, retained + 1]
        let middle = begin + Int64(retained / 2)
        var mismatches: [String] = []
        for from in begin...end {
            if !thorough && from != begin && from != end && from != middle && (from - begin) % 5 != 0 { continue }
            for count in counts {
                for stop in [nil, from - 1, from, from + 1, middle, end, end + 3] as [Int64?] {
                    let got = try shard.read(from: from, count: count, end: stop, maxBytes: .max)
                    let last = min(stop ?? end, end, from + Int64(count))
                    let expected = last > from ? (from..<last).map(stored) : []
                    if got != expected {
                        mismatches.append(
                            "read(from: \(from), count: \(count), end: \(stop.map { String($0) } ?? "nil")) gave sequences "
                                + "\(got.map(\.sequence)), expected \(expected.map(\.sequence))")
                    }
                }
            }
            // Receive times and the byte limit.
            if from < end {
                #expect(try shard.receiveTime(at: from, now: 0) == groups[Int(from)].receiveTime, sourceLocation: sourceLocation)
                #expect(try shard.read(from: from, count: 100, maxBytes: 1) == [stored(from)], sourceLocation: sourceLocation)
                let limit = recordLength(from) + 1
                let limited = try shard.read(from: from, count: retained + 1, maxBytes: limit)
                let expectedCount = min(2, Int(end - from))
                #expect(limited == (from..<(from + Int64(expectedCount))).map(stored), sourceLocation: sourceLocation)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)

        // The end cursor: nothing to read, the newest time; past it and before begin: InvalidCursor.
        #expect(try shard.read(from: end, count: 10, maxBytes: .max).isEmpty, sourceLocation: sourceLocation)
        let endTime = try shard.receiveTime(at: end, now: 12_345)
        #expect(endTime == (end > begin ? groups[Int(end - 1)].receiveTime : 12_345), sourceLocation: sourceLocation)
        for bad in [end + 1, end + 100, begin - 1] {
            let readError = logStoreError { _ = try shard.read(from: bad, count: 1, maxBytes: .max) }
            #expect(readError?.code == "InvalidCursor", "read at \(bad): \(String(describing: readError))", sourceLocation: sourceLocation)
            let timeError = logStoreError { _ = try shard.receiveTime(at: bad, now: 0) }
            #expect(timeError?.code == "InvalidCursor", "time at \(bad): \(String(describing: timeError))", sourceLocation: sourceLocation)
        }

        // Time → cursor, log counts, and log-count boundaries.
        var times = Set(groups[Int(begin)..<Int(end)].map(\.receiveTime))
        times.formUnion([Int64.min, 0, (groups.last?.receiveTime ?? 0) + 1, (groups.first?.receiveTime ?? 0) - 1])
        for time in times {
            #expect(shard.sequence(atOrAfter: time) == sequence(atOrAfter: time), "time \(time)", sourceLocation: sourceLocation)
        }
        let step = thorough ? 1 : 4
        var countMismatches: [String] = []
        for from in stride(from: max(begin - 2, 0), through: end + 2, by: step) {
            for to in stride(from: from, through: end + 2, by: step) {
                if shard.logCount(from: from, to: to) != logCount(from: from, to: to) {
                    countMismatches.append("logCount(from: \(from), to: \(to))")
                }
                guard from >= begin, to <= end else { continue }
                for limit in [1, 2, 5, 17, 1_000_000] {
                    let got = shard.sequence(from: from, to: to, reachingLogs: limit)
                    let want = sequence(from: from, to: to, reachingLogs: limit)
                    if got != want {
                        countMismatches.append("sequence(from: \(from), to: \(to), reachingLogs: \(limit)) = \(got), expected \(want)")
                    }
                }
            }
        }
        #expect(countMismatches.isEmpty, "\(countMismatches.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}

/// Small file helpers for damaging segments.
enum SegmentFiles {
    /// The `.seg` files of a shard directory, by base sequence.
    static func list(_ directory: String) throws -> [(base: Int64, path: String)] {
        try FileManager.default.contentsOfDirectory(atPath: directory).compactMap { name -> (base: Int64, path: String)? in
            guard name.hasSuffix(".seg"), let base = Int64(name.dropLast(4)) else { return nil }
            return (base, directory + "/" + name)
        }.sorted { $0.base < $1.base }
    }

    static func size(_ path: String) throws -> Int64 {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return Int64(try handle.seekToEnd())
    }

    static func update(_ path: String, _ body: (FileHandle) throws -> Void) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try body(handle)
    }

    static func append(_ bytes: [UInt8], to path: String) throws {
        try update(path) { handle in
            _ = try handle.seekToEnd()
            try handle.write(contentsOf: Data(bytes))
        }
    }

    static func truncate(_ path: String, to size: Int64) throws {
        try update(path) { try $0.truncate(atOffset: UInt64(size)) }
    }

    static func flipByte(_ path: String, at offset: Int64) throws {
        try update(path) { handle in
            try handle.seek(toOffset: UInt64(offset))
            guard let byte = try handle.read(upToCount: 1)?.first else {
                throw RawHTTP.Failure(description: "no byte at \(offset) of \(path)")
            }
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: Data([byte ^ 0xFF]))
        }
    }
}

struct ShardLogTests {
    /// No fsync per append: these tests drop and reopen shards, they do not crash the machine.
    static let fastPolicy = FsyncPolicy.interval(.seconds(3600))

    static func payload(_ random: inout SplitMix64, sizes: ClosedRange<Int>) -> [UInt8] {
        (0..<Int.random(in: sizes, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// Appends `count` random groups (receive clock wandering, sometimes backwards) to both the
    /// shard and the model.
    static func appendRandom(
        _ count: Int, to shard: ShardLog, model: inout ShardModel, random: inout SplitMix64, sizes: ClosedRange<Int>,
        now: inout Int64
    ) throws {
        for _ in 0..<count {
            let bytes = Self.payload(&random, sizes: sizes)
            let logs = Int.random(in: 1...9, using: &random)
            now += Int64.random(in: -4...3, using: &random)
            let expectedSequence = model.end
            let sequence = try shard.append(bytes, logCount: logs, now: now)
            #expect(sequence == expectedSequence)
            model.append(bytes, logCount: logs, now: now)
        }
    }

    @Test func appendedGroupsReadBackOverEveryRange() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/0"
        var random = SplitMix64(state: 0x5EED_0001)
        var model = ShardModel()
        var now: Int64 = 1_700_000_000
        do {
            let shard = try ShardLog(id: 0, directory: path, policy: Self.fastPolicy, segmentBytes: 1 << 20)
            #expect(shard.beginSequence == 0 && shard.endSequence == 0)
            #expect(try shard.read(from: 0, count: 10, maxBytes: .max).isEmpty)
            #expect(try shard.receiveTime(at: 0, now: 42) == 42, "an empty shard's end time is now")
            #expect(shard.sequence(atOrAfter: 0) == 0)
            #expect(shard.logCount(from: 0, to: 10) == 0)
            try model.verify(shard)

            try Self.appendRandom(40, to: shard, model: &model, random: &random, sizes: 0...700, now: &now)
            // Receive times never decrease, even though the clock went backwards.
            #expect(zip(model.groups, model.groups.dropFirst()).allSatisfy { $0.receiveTime <= $1.receiveTime })
            // The clock going far backwards still yields the newest time.
            let newest = model.groups.last!.receiveTime
            let sequence = try shard.append([1, 2, 3], logCount: 1, now: newest - 1_000)
            model.append([1, 2, 3], logCount: 1, now: newest - 1_000)
            #expect(sequence == 40)
            #expect(try shard.receiveTime(at: 40, now: 0) == newest)
            // An empty payload is a group too.
            #expect(try shard.append([], logCount: 0, now: newest + 5) == 41)
            model.append([], logCount: 0, now: newest + 5)
            try model.verify(shard)
        }
        // A new ShardLog on the same directory rebuilds the same index.
        let reopened = try ShardLog(id: 0, directory: path, policy: Self.fastPolicy, segmentBytes: 1 << 20)
        try model.verify(reopened)
        try Self.appendRandom(5, to: reopened, model: &model, random: &random, sizes: 1...50, now: &now)
        try model.verify(reopened, thorough: false)
    }

    @Test func smallSegmentsRollAndReadsCrossTheirBoundaries() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/3"
        let segmentBytes = 4096
        var random = SplitMix64(state: 0x5EED_0002)
        var model = ShardModel()
        var now: Int64 = 1_000
        do {
            let shard = try ShardLog(id: 3, directory: path, policy: Self.fastPolicy, segmentBytes: segmentBytes)
            try Self.appendRandom(50, to: shard, model: &model, random: &random, sizes: 100...600, now: &now)
            try model.verify(shard)
        }
        let segments = try SegmentFiles.list(path)
        #expect(segments.count >= 4, "\(segments.map(\.path))")
        #expect(segments.first?.base == 0)
        #expect(segments.first.map { URL(fileURLWithPath: $0.path).lastPathComponent } == "00000000000000000000.seg")
        // Each full segment went past the limit by less than one record; bases follow the records.
        var expectedBase: Int64 = 0
        for (index, segment) in segments.enumerated() {
            #expect(segment.base == expectedBase)
            var size: Int64 = 0
            var next = segment.base
            let limit = index + 1 < segments.count ? segments[index + 1].base : model.end
            while next < limit {
                size += Int64(model.recordLength(next))
                next += 1
            }
            #expect(try SegmentFiles.size(segment.path) == size, "\(segment.path)")
            if index + 1 < segments.count {
                #expect(size >= Int64(segmentBytes))
                #expect(size - Int64(model.recordLength(limit - 1)) < Int64(segmentBytes))
            }
            expectedBase = limit
        }
        let reopened = try ShardLog(id: 3, directory: path, policy: Self.fastPolicy, segmentBytes: segmentBytes)
        try model.verify(reopened)
        // Appends after the reopen continue in the last segment and roll on.
        try Self.appendRandom(20, to: reopened, model: &model, random: &random, sizes: 100...600, now: &now)
        try model.verify(reopened, thorough: false)
        #expect(try SegmentFiles.list(path).count > segments.count)
    }

    enum TailDamage: String, CaseIterable, Sendable {
        /// A few bytes after the last record: less than a header.
        case shortGarbage
        /// Garbage longer than a header after the last record.
        case longGarbage
        /// A record header of a group that was never finished.
        case headerOnly
        /// The last record cut in half.
        case halfRecord
        /// One payload byte of the last record flipped.
        case flippedPayloadByte
        /// The log count in the last record's header flipped (covered by the checksum).
        case flippedHeaderField
    }

    @Test(arguments: TailDamage.allCases)
    func aTornTailIsCutOffAndAppendsContinue(damage: TailDamage) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/1"
        var random = SplitMix64(state: 0x5EED_0003)
        var model = ShardModel()
        var now: Int64 = 5_000
        do {
            let shard = try ShardLog(id: 1, directory: path, policy: .always, segmentBytes: 4096)
            try Self.appendRandom(30, to: shard, model: &model, random: &random, sizes: 150...450, now: &now)
        }
        let segments = try SegmentFiles.list(path)
        #expect(segments.count >= 2)
        let last = try #require(segments.last)
        let size = try SegmentFiles.size(last.path)
        let lastRecord = Int64(model.recordLength(model.end - 1))
        var expectedSize = size
        switch damage {
        case .shortGarbage:
            try SegmentFiles.append([0xEE, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09], to: last.path)
        case .longGarbage:
            try SegmentFiles.append([UInt8](repeating: 0xEE, count: 200), to: last.path)
        case .headerOnly:
            var header = [UInt8](repeating: 0, count: RecordHeader.size)
            header.withUnsafeMutableBytes { target in
                let fake = [UInt8](repeating: 7, count: 100).withUnsafeBytes { payload in
                    RecordHeader(payload: payload, sequence: model.end, receiveTime: now, logCount: 1)
                }
                fake.write(to: target)
            }
            try SegmentFiles.append(header, to: last.path)
        case .halfRecord:
            try SegmentFiles.truncate(last.path, to: size - lastRecord / 2)
            model.groups.removeLast()
            expectedSize = size - lastRecord
        case .flippedPayloadByte:
            try SegmentFiles.flipByte(last.path, at: size - 1)
            model.groups.removeLast()
            expectedSize = size - lastRecord
        case .flippedHeaderField:
            try SegmentFiles.flipByte(last.path, at: size - lastRecord + 24)
            model.groups.removeLast()
            expectedSize = size - lastRecord
        }

        let damaged = try Data(contentsOf: URL(fileURLWithPath: last.path))
        let reopened = try ShardLog(id: 1, directory: path, policy: .always, segmentBytes: 4096)
        #expect(reopened.endSequence == model.end)
        try model.verify(reopened, thorough: false)
        #expect(try SegmentFiles.size(last.path) == expectedSize, "the torn tail is cut off the file")
        // The cut bytes are kept, not destroyed.
        let kept = try Data(
            contentsOf: URL(fileURLWithPath: path + "/quarantine/\(URL(fileURLWithPath: last.path).lastPathComponent)@\(expectedSize)"))
        #expect(kept == damaged[Int(expectedSize)...], "the torn tail is kept in quarantine/")

        // New appends take the next sequence numbers and read back, now and after another reopen.
        let firstNew = model.end
        try Self.appendRandom(6, to: reopened, model: &model, random: &random, sizes: 150...450, now: &now)
        #expect(try reopened.read(from: firstNew, count: 10, maxBytes: .max) == (firstNew..<model.end).map(model.stored))
        try model.verify(reopened, thorough: false)
        let again = try ShardLog(id: 1, directory: path, policy: .always, segmentBytes: 4096)
        try model.verify(again, thorough: false)
    }

    enum MiddleDamage: String, CaseIterable, Sendable {
        /// The second record's magic overwritten in the first segment.
        case brokenMagic
        /// The first segment cut short in its last record.
        case truncated
        /// Garbage appended to the first segment.
        case trailingGarbage
        /// A middle segment deleted: the next one does not start where the previous ends.
        case missingSegment
    }

    @Test(arguments: MiddleDamage.allCases)
    func damageBeforeTheLastSegmentRefusesToOpen(damage: MiddleDamage) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/2"
        var random = SplitMix64(state: 0x5EED_0004)
        var model = ShardModel()
        var now: Int64 = 9_000
        do {
            let shard = try ShardLog(id: 2, directory: path, policy: Self.fastPolicy, segmentBytes: 4096)
            try Self.appendRandom(40, to: shard, model: &model, random: &random, sizes: 200...500, now: &now)
        }
        let segments = try SegmentFiles.list(path)
        try #require(segments.count >= 3)
        let first = segments[0]
        let named: String
        switch damage {
        case .brokenMagic:
            try SegmentFiles.flipByte(first.path, at: Int64(model.recordLength(0)))
            named = first.path
        case .truncated:
            try SegmentFiles.truncate(first.path, to: try SegmentFiles.size(first.path) - 5)
            named = first.path
        case .trailingGarbage:
            try SegmentFiles.append([UInt8](repeating: 0x55, count: 64), to: first.path)
            named = first.path
        case .missingSegment:
            try FileManager.default.removeItem(atPath: segments[1].path)
            named = segments[2].path
        }
        let error = logStoreError {
            _ = try ShardLog(id: 2, directory: path, policy: Self.fastPolicy, segmentBytes: 4096)
        }
        #expect(error != nil, "opening a shard damaged before its last segment must fail")
        let name = URL(fileURLWithPath: named).lastPathComponent
        #expect(error?.message.contains(name) == true, "the error names \(name): \(String(describing: error))")
    }

    @Test func expiryRemovesWholeOldSegmentsButNeverTheActiveOne() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/0"
        var random = SplitMix64(state: 0x5EED_0005)
        var model = ShardModel()
        let shard = try ShardLog(id: 0, directory: path, policy: Self.fastPolicy, segmentBytes: 4096)
        for index in 0..<70 {
            let bytes = Self.payload(&random, sizes: 250...350)
            let logs = 1 + index % 4
            try shard.append(bytes, logCount: logs, now: Int64(10_000 + index))
            model.append(bytes, logCount: logs, now: Int64(10_000 + index))
        }
        let segments = try SegmentFiles.list(path)
        try #require(segments.count >= 5, "\(segments.map(\.base))")
        func newest(_ segment: Int) -> Int64 { model.groups[Int(segments[segment + 1].base) - 1].receiveTime }

        // Nothing is older than the cutoff, or only part of the first segment is.
        #expect(try shard.expire(receivedBefore: 0) == 0)
        #expect(try shard.expire(receivedBefore: newest(0)) == 0, "the first segment still holds a group at the cutoff")
        #expect(shard.beginSequence == 0)
        #expect(try SegmentFiles.list(path).count == segments.count)

        // The first two segments are wholly older than the cutoff.
        let removed = try shard.expire(receivedBefore: newest(1) + 1)
        #expect(removed == Int(segments[2].base))
        model.begin = segments[2].base
        #expect(shard.beginSequence == segments[2].base)
        #expect(try SegmentFiles.list(path).map(\.base) == segments.dropFirst(2).map(\.base))
        try model.verify(shard, thorough: false)
        for before in [Int64(0), segments[1].base, model.begin - 1] {
            let error = logStoreError { _ = try shard.read(from: before, count: 5, maxBytes: .max) }
            #expect(error?.code == "InvalidCursor", "read at \(before): \(String(describing: error))")
            #expect(error?.status == 400)
        }
        #expect(try shard.read(from: model.end, count: 5, maxBytes: .max).isEmpty)
        #expect(shard.sequence(atOrAfter: 0) == model.begin)
        #expect(shard.logCount(from: 0, to: model.end) == model.logCount(from: model.begin, to: model.end))

        // Even a cutoff after everything keeps the active segment.
        let lastBase = segments[segments.count - 1].base
        #expect(try shard.expire(receivedBefore: Int64.max) == Int(lastBase - model.begin))
        model.begin = lastBase
        #expect(try SegmentFiles.list(path).map(\.base) == [lastBase])
        #expect(shard.endSequence == 70)
        try model.verify(shard, thorough: false)

        // Appends continue; a reopen keeps the new begin.
        try shard.append([9, 9, 9], logCount: 2, now: 20_000)
        model.append([9, 9, 9], logCount: 2, now: 20_000)
        let reopened = try ShardLog(id: 0, directory: path, policy: Self.fastPolicy, segmentBytes: 4096)
        try model.verify(reopened, thorough: false)
    }

    @Test func storageRetentionAppliesEachStoresTTL() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let storage = try LogStorage(directory: directory.path + "/data", policy: Self.fastPolicy, segmentBytes: 4096)
        try storage.createProject("ret-proj", description: "", now: 0)
        try storage.createLogStore(
            project: "ret-proj",
            LogStoreConfig(
                name: "week", ttlDays: 7, shardCount: 1, createTime: 0, autoSplit: false, maxSplitShard: 64,
                appendMeta: false, enableTracking: false))
        let shard = try storage.logStore(project: "ret-proj", "week").shard(0)
        let today: Int64 = 1_700_000_000
        let payload = [UInt8](repeating: 1, count: 1000)
        for day in stride(from: 20, through: 0, by: -1) {
            for _ in 0..<5 { try shard.append(payload, logCount: 1, now: today - Int64(day) * 86_400) }
        }
        // Groups 0..<65 are from days 20...8, older than the 7-day TTL; 65..<105 are younger.
        let cutoff = today - 7 * 86_400
        let firstYoung: Int64 = 65
        #expect(shard.sequence(atOrAfter: cutoff) == firstYoung)
        let removed = try storage.applyRetention(now: today)
        #expect(removed > 0)
        #expect(shard.beginSequence == Int64(removed))
        #expect(shard.beginSequence <= firstYoung, "every group younger than the TTL is kept")
        #expect(shard.sequence(atOrAfter: cutoff) == firstYoung)
        #expect(shard.endSequence == 105)
        let kept = try shard.read(from: shard.beginSequence, count: 1000, maxBytes: .max)
        #expect(kept.count == 105 - Int(shard.beginSequence))
        // The segment holding the first young group also holds older ones: only whole segments go.
        #expect(try SegmentFiles.list(shard.directory).first?.base == shard.beginSequence)
        #expect(try storage.applyRetention(now: today) == 0, "a second pass finds nothing more")
        // A later pass drops more once the young groups age.
        #expect(try storage.applyRetention(now: today + 30 * 86_400) > 0)
        #expect(shard.endSequence == 105)
    }

    // MARK: - LogStorage

    static func storeConfig(_ name: String, shards: Int = 2, ttl: Int = 30) -> LogStoreConfig {
        LogStoreConfig(
            name: name, ttlDays: ttl, shardCount: shards, createTime: 1_700_000_123, autoSplit: true, maxSplitShard: 64,
            appendMeta: false, enableTracking: true)
    }

    @Test func storageReopensWithTheSameProjectsStoresAndData() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let root = directory.path + "/data"
        let wide = Self.storeConfig("store_1", shards: 3, ttl: 7)
        let narrow = Self.storeConfig("abc", shards: 1)
        do {
            let storage = try LogStorage(directory: root, policy: Self.fastPolicy)
            try storage.createProject("proj-1", description: "the first", now: 100)
            try storage.createProject("p00", description: "", now: 101)
            try storage.createLogStore(project: "proj-1", wide)
            try storage.createLogStore(project: "proj-1", narrow)
            try storage.logStore(project: "proj-1", "store_1").shard(2).append([1, 2, 3, 4], logCount: 3, now: 55)
            #expect(try storage.logStoreNames(project: "proj-1") == ["abc", "store_1"])
        }
        let storage = try LogStorage(directory: root, policy: Self.fastPolicy)
        #expect(try storage.project("proj-1") == ProjectConfig(name: "proj-1", description: "the first", createTime: 100))
        #expect(try storage.project("p00") == ProjectConfig(name: "p00", description: "", createTime: 101))
        #expect(try storage.logStoreNames(project: "proj-1") == ["abc", "store_1"])
        #expect(try storage.logStoreNames(project: "p00") == [])
        let store = try storage.logStore(project: "proj-1", "store_1")
        #expect(store.config == wide)
        #expect(store.shards.count == 3)
        #expect(store.keyRanges.map(\.beginHex) == ["00000000000000000000000000000000", "55555555555555555555555555555555", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
        #expect(try storage.logStore(project: "proj-1", "abc").config == narrow)
        let shard = try store.shard(2)
        #expect(shard.endSequence == 1)
        #expect(
            try shard.read(from: 0, count: 5, maxBytes: .max)
                == [StoredGroup(sequence: 0, receiveTime: 55, logCount: 3, payload: [1, 2, 3, 4])])
        #expect(try store.shard(0).endSequence == 0)
        #expect(storage.allStores().count == 2)
    }

    @Test func storageRejectsBadNamesDuplicatesAndUnknownParents() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let root = directory.path + "/data"
        let storage = try LogStorage(directory: root, policy: Self.fastPolicy)
        func code(_ body: () throws -> Void) -> String? { logStoreError(body).map { $0.code ?? "nil code: \($0)" } }

        let badProjects = ["../x", "A", "ab", "-abc", "abc-", "a_b", "a.b", "a/b", "", "Proj", String(repeating: "a", count: 64), "pröj"]
        for name in badProjects {
            #expect(code { try storage.createProject(name, description: "", now: 0) } == "ParameterInvalid", "project \(name)")
        }
        try storage.createProject(String(repeating: "a", count: 63), description: "", now: 0)
        try storage.createProject("p-1", description: "", now: 0)
        let badStores = ["../x", "A", "ab", "_ab", "ab_", "a/b", "a.b", "", "..", "Store", String(repeating: "s", count: 64)]
        for name in badStores {
            #expect(code { try storage.createLogStore(project: "p-1", Self.storeConfig(name)) } == "ParameterInvalid", "store \(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/x"), "nothing escaped the data directory")
        #expect(code { try storage.createLogStore(project: "p-1", Self.storeConfig("zero", shards: 0)) } == "ParameterInvalid")
        #expect(
            code { try storage.createLogStore(project: "p-1", Self.storeConfig("many", shards: LogStorageLimits.maxShards + 1)) }
                == "ParameterInvalid")
        #expect(code { try storage.createLogStore(project: "p-1", Self.storeConfig("nottl", ttl: 0)) } == "ParameterInvalid")

        try storage.createLogStore(project: "p-1", Self.storeConfig("a_b"))
        let duplicate = logStoreError { try storage.createLogStore(project: "p-1", Self.storeConfig("a_b", shards: 5)) }
        #expect(duplicate?.code == "LogStoreAlreadyExist")
        #expect(duplicate?.status == 400)
        #expect(try storage.logStore(project: "p-1", "a_b").shards.count == 2, "the duplicate changed nothing")
        #expect(code { try storage.createProject("p-1", description: "again", now: 5) } == "ProjectAlreadyExist")

        let unknown = logStoreError { try storage.createLogStore(project: "nope", Self.storeConfig("s-1")) }
        #expect(unknown?.code == "ProjectNotExist")
        #expect(unknown?.status == 404)
        #expect(code { _ = try storage.project("nope") } == "ProjectNotExist")
        #expect(code { _ = try storage.logStoreNames(project: "nope") } == "ProjectNotExist")
        #expect(code { _ = try storage.logStore(project: "nope", "a_b") } == "ProjectNotExist")
        let missingStore = logStoreError { _ = try storage.logStore(project: "p-1", "missing") }
        #expect(missingStore?.code == "LogStoreNotExist")
        #expect(missingStore?.status == 404)
        let missingShard = logStoreError { _ = try storage.logStore(project: "p-1", "a_b").shard(9) }
        #expect(missingShard?.code == "ShardNotExist")
        #expect(code { _ = try storage.logStore(project: "p-1", "a_b").shard(-1) } == "ShardNotExist")

        // The refusals left nothing behind for a reopen to find.
        let reopened = try LogStorage(directory: root, policy: Self.fastPolicy)
        #expect(try reopened.logStoreNames(project: "p-1") == ["a_b"])
        #expect(code { _ = try reopened.project("ab") } == "ProjectNotExist")
    }
}
