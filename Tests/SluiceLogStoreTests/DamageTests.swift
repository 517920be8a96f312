import Foundation
import SluiceHTTP
import SluiceLogClient
import SluiceLogProtocol
import SluiceTestSupport
import Testing

@testable import SluiceLogStore

#if canImport(Glibc)
    import Glibc
#endif

/// A data directory holding `proj1/store1` with one shard of sample groups 0..<count, written
/// directly through the storage, and where each group's record lies.
struct DamagedStoreFixture {
    let directory: TestDirectory
    let segmentBytes: Int
    /// Per group: its segment file, the record's offset in it, and the record's length.
    var records: [(path: String, offset: Int64, length: Int64)] = []

    var dataDirectory: String { directory.path + "/data" }
    var shardDirectory: String { dataDirectory + "/proj1/store1/0" }

    init(groups count: Int, segmentBytes: Int = LogStorage.defaultSegmentBytes) throws {
        directory = try TestDirectory("damage")
        self.segmentBytes = segmentBytes
        let storage = try LogStorage(
            directory: directory.path + "/data", policy: .always, segmentBytes: segmentBytes, scrub: false)
        try storage.createProject("proj1", description: "", now: 0)
        try storage.createLogStore(
            project: "proj1",
            LogStoreConfig(
                name: "store1", ttlDays: 30, shardCount: 1, createTime: 0, autoSplit: false, maxSplitShard: 64,
                appendMeta: false, enableTracking: false))
        let shard = try storage.logStore(project: "proj1", "store1").shard(0)
        // Received now: retention (30 days) keeps them when a server starts on the directory.
        let now = Int64(Date().timeIntervalSince1970)
        for n in 0..<count {
            let group = SampleGroups.group(n)
            try shard.append(LogGroupCodec.encode(group), logCount: group.logs.count, now: now)
        }
        // Where each record lies, from the files' sizes and the groups' encodings.
        let segments = try SegmentFiles.list(directory.path + "/data/proj1/store1/0")
        for n in 0..<count {
            let segment = try #require(segments.last { $0.base <= Int64(n) })
            let length = Int64(RecordHeader.size + LogGroupCodec.encode(SampleGroups.group(n)).count)
            let offset = records.last.map { $0.path == segment.path ? $0.offset + $0.length : 0 } ?? 0
            records.append((segment.path, offset, length))
        }
    }

    /// The sample number of every group pulled from shard 0 through the API, from the begin
    /// cursor to the end (nil for a group with no logs); checks each answer holds one group per
    /// group number it moves the cursor over.
    static func pullAll(_ client: SLSClient, compression: LogCompression) throws -> [Int?] {
        var cursor = try client.cursor(project: "proj1", store: "store1", shard: 0, from: .begin)
        let end = try client.cursor(project: "proj1", store: "store1", shard: 0, from: .end)
        var seen: [Int?] = []
        while cursor < end {
            let pulled = try client.pullLogs(
                project: "proj1", store: "store1", shard: 0, cursor: cursor, count: 7, compression: compression)
            seen += try pulled.groups.map(number)
            #expect(pulled.nextCursor.position == cursor.position + Int64((try pulled.groups).count))
            guard pulled.nextCursor > cursor else { break }
            cursor = pulled.nextCursor
        }
        return seen
    }

    /// The sample number of a pulled group; nil when it has no logs.
    static func number(_ bytes: [UInt8]) throws -> Int? {
        try LogGroupCodec.decode(bytes).logs.first.map { Int($0.contents[0].value)! }
    }

    /// A server without authentication over the data directory.
    func server() throws -> LogStoreServer {
        let server = try LogStoreServer(
            dataDirectory: dataDirectory, host: "127.0.0.1", port: 0, credentials: [:], insecure: true,
            segmentBytes: segmentBytes)
        server.start()
        return server
    }

    static func client(_ server: LogStoreServer) throws -> SLSClient {
        try SLSClient(
            endpoint: "127.0.0.1:\(server.port)", credentials: SLSCredentials(accessKeyId: "id", accessKeySecret: "s"),
            timeout: .seconds(10))
    }

    /// A PullLogs of shard 0 sent by hand (the client retries 5xx answers).
    static func pull(port: Int, cursor: Int64, count: Int = 100, accept: String? = nil) throws -> HTTPResponse {
        try ServerClientTests.send(
            port: port, "GET", "/logstores/store1/shards/0",
            query: [
                (name: "type", value: "log"), (name: "cursor", value: LogCursor(position: cursor).encoded),
                (name: "count", value: String(count)),
            ],
            headers: accept.map { [("Accept-Encoding", $0)] } ?? [])
    }
}

struct DamageTests {
    enum Spot: String, CaseIterable, Sendable {
        /// A byte in the middle of the payload.
        case payload
        /// The first byte of the record's magic.
        case magic
        /// The first byte of the record's checksum field.
        case checksum
    }

    @Test(arguments: Spot.allCases)
    func aFlippedByteInTheActiveSegmentRefusesToStartAndRepairKeepsEveryOtherGroup(spot: Spot) throws {
        let fixture = try DamagedStoreFixture(groups: 20)
        defer { fixture.directory.remove() }
        let victim = 10
        let record = fixture.records[victim]
        let flipAt: Int64
        switch spot {
        case .payload: flipAt = record.offset + Int64(RecordHeader.size) + (record.length - Int64(RecordHeader.size)) / 2
        case .magic: flipAt = record.offset
        case .checksum: flipAt = record.offset + 28
        }
        try SegmentFiles.flipByte(record.path, at: flipAt)
        let damaged = try Data(contentsOf: URL(fileURLWithPath: record.path))
        let name = URL(fileURLWithPath: record.path).lastPathComponent

        // The server refuses to start, names the file and offset and the repair, and changes nothing.
        let serve = try SluiceExecutable.run(
            ["logstore", "serve", "--data-dir", fixture.dataDirectory, "--listen", "127.0.0.1:0", "--insecure-no-auth"],
            timeoutSeconds: 20)
        #expect(serve.status != 0, "\(serve.stdout) \(serve.stderr)")
        #expect(serve.stderr.contains(name), "\(serve.stderr)")
        #expect(serve.stderr.contains("offset \(record.offset)"), "\(serve.stderr)")
        #expect(serve.stderr.contains("sluice logstore repair --data-dir \(fixture.dataDirectory)"), "\(serve.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: record.path)) == damaged, "nothing acknowledged is deleted")
        #expect(logStoreError { _ = try LogStorage(directory: fixture.dataDirectory, scrub: false) }?.code == "StorageDamaged")

        // Repair reports exactly what was lost and keeps the bad bytes.
        let repair = try SluiceExecutable.run(["logstore", "repair", "--data-dir", fixture.dataDirectory])
        #expect(repair.status == 0, "\(repair.stdout) \(repair.stderr)")
        #expect(
            repair.stdout.contains("\(name) offset \(record.offset), \(record.length) bytes, groups 10...10 (1 lost"),
            "\(repair.stdout)")
        #expect(repair.stdout.contains("1 groups lost, \(record.length) bytes quarantined"), "\(repair.stdout)")
        let quarantined = try Data(
            contentsOf: URL(fileURLWithPath: fixture.shardDirectory + "/quarantine/\(name)@\(record.offset)"))
        #expect(quarantined == damaged[Int(record.offset)..<Int(record.offset + record.length)])
        let again = try SluiceExecutable.run(["logstore", "repair", "--data-dir", fixture.dataDirectory])
        #expect(again.stdout.contains("nothing damaged"), "\(again.stdout)")

        // Every other group is served, in order, by both read paths; cursors stay where they were.
        let server = try fixture.server()
        defer { server.stop() }
        let client = try DamagedStoreFixture.client(server)
        let expected = (0..<20).map { $0 == victim ? nil : $0 }
        #expect(try DamagedStoreFixture.pullAll(client, compression: .none) == expected)
        #expect(try DamagedStoreFixture.pullAll(client, compression: .lz4) == expected)
        #expect(try client.cursor(project: "proj1", store: "store1", shard: 0, from: .end).position == 20)
        // The lost group's place answers an empty group, carrying its receive time.
        for compression in [LogCompression.none, .lz4] {
            let atTombstone = try client.pullLogs(
                project: "proj1", store: "store1", shard: 0, cursor: LogCursor(position: 10), count: 1,
                compression: compression)
            #expect(atTombstone.nextCursor.position == 11)
            let lost = try atTombstone.groups.map { try LogGroupCodec.decode($0) }
            #expect(lost.count == 1 && lost.first?.logs.isEmpty == true)
            #expect(lost.first.flatMap(SampleGroups.splitReceiveTime) != nil, "\(lost)")
            let past = try client.pullLogs(
                project: "proj1", store: "store1", shard: 0, cursor: LogCursor(position: 9), count: 3,
                compression: compression)
            #expect(try past.groups.map(DamagedStoreFixture.number) == [9, nil, 11])
            #expect(past.nextCursor.position == 12)
        }
        // New groups follow at the next sequence numbers.
        try client.putLogs(project: "proj1", store: "store1", group: SampleGroups.group(20), hashKey: ServerClientTests.zeroKey)
        #expect(try DamagedStoreFixture.pullAll(client, compression: .lz4) == expected + [20])
    }

    @Test func aFlippedByteInAClosedSegmentIsNeverServedAndRepairTakesItOut() throws {
        let fixture = try DamagedStoreFixture(groups: 100, segmentBytes: 4096)
        defer { fixture.directory.remove() }
        let victim = 3
        let record = fixture.records[victim]
        let segments = try SegmentFiles.list(fixture.shardDirectory)
        try #require(segments.count >= 3 && segments[0].path == record.path, "the victim is in a closed segment")
        try SegmentFiles.flipByte(record.path, at: record.offset + Int64(RecordHeader.size) + 5)

        do {
            let server = try fixture.server()
            defer { server.stop() }
            let port = server.port
            // The copying read path checks every record it reads: it refuses the read, or (when the
            // scrub that runs at start got there first) stops before the bad group.
            let copied = try DamagedStoreFixture.pull(port: port, cursor: 0, accept: "lz4")
            let refusedOrStopped =
                (copied.status == 500 && ServerClientTests.errorCode(copied) == ShardLog.damagedCode)
                || (copied.status == 200 && copied.headers["x-log-count"] == String(victim))
            #expect(refusedOrStopped, "\(copied.status) \(ServerClientTests.text(copied))")
            // The scrub (run at start, and here once more to be sure it has) marks it for sendfile reads too.
            _ = try server.storage.scrub()
            let cursor = LogCursor(position: Int64(victim)).encoded
            for accept in [nil, "lz4", "deflate"] {
                let refused = try DamagedStoreFixture.pull(port: port, cursor: Int64(victim), accept: accept)
                let text = ServerClientTests.text(refused)
                #expect(refused.status == 500, "\(text)")
                #expect(ServerClientTests.errorCode(refused) == ShardLog.damagedCode, "\(text)")
                #expect(text.contains("shard 0") && text.contains(cursor), "\(text)")
                // A read from before it stops before it.
                let before = try DamagedStoreFixture.pull(port: port, cursor: 0, accept: accept)
                #expect(before.status == 200, "\(ServerClientTests.text(before))")
                #expect(before.headers["x-log-count"] == String(victim))
                #expect(before.headers["x-log-cursor"] == cursor)
            }
            let after = try DamagedStoreFixture.pull(port: port, cursor: Int64(victim + 1))
            #expect(after.status == 200 && after.headers["x-log-count"] == String(100 - victim - 1))
        }

        // Across a restart too, before any scrub: the mark is kept beside the shard.
        do {
            let storage = try LogStorage(directory: fixture.dataDirectory, segmentBytes: 4096, scrub: false)
            let shard = try storage.logStore(project: "proj1", "store1").shard(0)
            func frame(_ length: Int, _ time: Int64) -> (prefix: [UInt8], suffix: [UInt8]) { ([], []) }
            let refused = logStoreError { _ = try shard.readRegions(from: Int64(victim), count: 10, maxBytes: .max, frame: frame) }
            #expect(refused?.code == ShardLog.damagedCode)
        }

        let repair = try SluiceExecutable.run(["logstore", "repair", "--data-dir", fixture.dataDirectory])
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(repair.stdout.contains("offset \(record.offset), \(record.length) bytes, groups 3...3"), "\(repair.stdout)")
        #expect(!FileManager.default.fileExists(atPath: fixture.shardDirectory + "/damaged"), "repair clears the list")
        let server = try fixture.server()
        defer { server.stop() }
        #expect(try server.storage.scrub().isEmpty)
        let client = try DamagedStoreFixture.client(server)
        #expect(try DamagedStoreFixture.pullAll(client, compression: .none) == (0..<100).map { $0 == victim ? nil : $0 })
    }

    @Test func theCopyingReadPathRefusesABadRecordAndNeverServesItAgain() throws {
        let fixture = try DamagedStoreFixture(groups: 30, segmentBytes: 4096)
        defer { fixture.directory.remove() }
        let record = fixture.records[5]
        try SegmentFiles.flipByte(record.path, at: record.offset + record.length - 1)
        let shard = try ShardLog(id: 0, directory: fixture.shardDirectory, policy: .always, segmentBytes: 4096)
        func frame(_ length: Int, _ time: Int64) -> (prefix: [UInt8], suffix: [UInt8]) { ([], []) }
        let error = logStoreError { _ = try shard.readFramed(from: 2, count: 10, maxBytes: .max, frame: frame) }
        #expect(error?.code == ShardLog.damagedCode && error?.status == 500)
        #expect(error?.message.contains("shard 0") == true)
        #expect(error?.message.contains(LogCursor(position: 5).encoded) == true, "\(String(describing: error))")
        // Now the sendfile path, which reads no bytes, stops before it too.
        let (regions, next) = try shard.readRegions(from: 2, count: 10, maxBytes: .max, frame: frame)
        #expect(regions.count == 3 && next == 5)
        #expect(logStoreError { _ = try shard.read(from: 5, count: 1, maxBytes: .max) }?.code == ShardLog.damagedCode)
        #expect(try shard.scrub().isEmpty, "already known")
    }

    @Test func emptyLogGroupsAreRefusedWithPostBodyInvalid() throws {
        let fixture = try ServerClientTests.insecureFixture()
        defer { fixture.close() }
        let protobuf = ("Content-Type", "application/x-protobuf")
        let topicOnly = LogGroupCodec.encode(LogGroup(logs: [], topic: "just-a-topic", source: "10.0.0.1"))
        let real = LogGroupCodec.encode(SampleGroups.group(4))
        let cases: [(String, [(String, String)], [UInt8])] = [
            ("an empty body", [protobuf], []),
            ("an empty body with a raw size of 0", [protobuf, ("x-log-bodyrawsize", "0")], []),
            ("a group with a topic and no logs", [protobuf, ("x-log-bodyrawsize", String(topicOnly.count))], topicOnly),
            (
                "lz4 of a group with a topic and no logs",
                [protobuf, ("x-log-bodyrawsize", String(topicOnly.count)), ("x-log-compresstype", "lz4")],
                LogCompression.lz4.compress(topicOnly)
            ),
            (
                "lz4 of real logs with a raw size of 0",
                [protobuf, ("x-log-bodyrawsize", "0"), ("x-log-compresstype", "lz4")], LogCompression.lz4.compress(real)
            ),
            (
                "lz4 of nothing with a raw size of 0",
                [protobuf, ("x-log-bodyrawsize", "0"), ("x-log-compresstype", "lz4")], LogCompression.lz4.compress([])
            ),
        ]
        for (name, headers, body) in cases {
            let response = try ServerClientTests.putLogs(port: fixture.port, headers: headers, body: body)
            #expect(response.status == 400, "\(name): \(response.status) \(ServerClientTests.text(response))")
            #expect(ServerClientTests.errorCode(response) == "PostBodyInvalid", "\(name): \(ServerClientTests.text(response))")
        }
        let store = try fixture.server.storage.logStore(project: "proj1", "store1")
        #expect(store.shards.map(\.endSequence) == [0, 0], "nothing was stored")
    }

    @Test func theDataDirectoryIsItsOwnersOnly() throws {
        let fixture = try DamagedStoreFixture(groups: 3)
        defer { fixture.directory.remove() }
        func mode(_ path: String) throws -> Int {
            var info = stat()
            guard stat(path, &info) == 0 else { throw RawHTTP.Failure(description: "cannot stat \(path)") }
            return Int(info.st_mode) & 0o777
        }
        let data = fixture.dataDirectory
        for directory in [data, data + "/proj1", data + "/proj1/store1", fixture.shardDirectory] {
            #expect(try mode(directory) == 0o700, "\(directory)")
        }
        let segment = try #require(try SegmentFiles.list(fixture.shardDirectory).first).path
        for file in [data + "/proj1/project.json", data + "/proj1/store1/logstore.json", segment] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        // A torn tail kept in quarantine is its owner's only too.
        try SegmentFiles.append([0xEE, 0xEE, 0xEE], to: segment)
        _ = try LogStorage(directory: data, scrub: false)
        let quarantine = fixture.shardDirectory + "/quarantine"
        #expect(try mode(quarantine) == 0o700)
        let kept = try FileManager.default.contentsOfDirectory(atPath: quarantine)
        #expect(kept.count == 1)
        for name in kept { #expect(try mode(quarantine + "/" + name) == 0o600) }
    }
}

extension DamageTests {
    /// Each damage that refuses to open a shard before its last segment is taken out by repair:
    /// the shard opens, every other group reads back as written, each lost group is an empty
    /// tombstone at its own number, and receive times still never decrease.
    @Test(arguments: ShardLogTests.MiddleDamage.allCases)
    func repairTakesOutDamageBeforeTheLastSegment(damage: ShardLogTests.MiddleDamage) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/2"
        var random = SplitMix64(state: 0x5EED_0009)
        var model = ShardModel()
        var now: Int64 = 9_000
        do {
            let shard = try ShardLog(id: 2, directory: path, policy: ShardLogTests.fastPolicy, segmentBytes: 4096)
            try ShardLogTests.appendRandom(40, to: shard, model: &model, random: &random, sizes: 200...500, now: &now)
        }
        let segments = try SegmentFiles.list(path)
        try #require(segments.count >= 3)
        let first = segments[0]
        let lost: Range<Int64>
        switch damage {
        case .brokenMagic:
            try SegmentFiles.flipByte(first.path, at: Int64(model.recordLength(0)))
            lost = 1..<2
        case .truncated:
            try SegmentFiles.truncate(first.path, to: try SegmentFiles.size(first.path) - 5)
            lost = (segments[1].base - 1)..<segments[1].base
        case .trailingGarbage:
            try SegmentFiles.append([UInt8](repeating: 0x55, count: 64), to: first.path)
            lost = 0..<0
        case .missingSegment:
            try FileManager.default.removeItem(atPath: segments[1].path)
            lost = segments[1].base..<segments[2].base
        }
        #expect(logStoreError { _ = try ShardLog(id: 2, directory: path, policy: .always, segmentBytes: 4096) } != nil)

        var report = RepairReport()
        try LogStoreRepair.repairShard(path, into: &report)
        #expect(report.losses.count == 1, "\(report.losses)")
        #expect(report.losses.first.map { Array($0.sequences) } == Array(lost), "\(report.losses)")
        #expect(report.losses.first?.segment == first.path)

        let shard = try ShardLog(id: 2, directory: path, policy: .always, segmentBytes: 4096)
        #expect(shard.endSequence == model.end)
        let all = try shard.read(from: 0, count: Int(model.end), maxBytes: .max)
        #expect(all.map(\.sequence) == Array(0..<model.end))
        for group in all {
            if lost.contains(group.sequence) {
                #expect(group.payload.isEmpty && group.logCount == 0, "group \(group.sequence) is a tombstone")
            } else {
                #expect(group == model.stored(group.sequence), "group \(group.sequence)")
            }
        }
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.receiveTime <= $1.receiveTime })
        #expect(try shard.scrub().isEmpty)
        var again = RepairReport()
        try LogStoreRepair.repairShard(path, into: &again)
        #expect(again.losses.isEmpty)
    }
}
