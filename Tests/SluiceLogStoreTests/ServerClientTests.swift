import Foundation
import SluiceHTTP
import SluiceLogClient
import SluiceLogProtocol
import Testing

@testable import SluiceLogStore

struct ServerClientTests {
    static let zeroKey = "00000000000000000000000000000000"
    static let middleKey = "80000000000000000000000000000000"
    static let maxKey = "ffffffffffffffffffffffffffffffff"

    // MARK: - The API through SLSClient

    @Test func projectsStoresShardsPutAndPullRoundTrip() throws {
        let fixture = try ServerFixture()
        defer { fixture.close() }
        let client = try fixture.client()
        let started = Int64(Date().timeIntervalSince1970)

        #expect(try client.projectExists("proj1") == false)
        try client.createProject("proj1", description: "round trip")
        #expect(try client.projectExists("proj1"))
        try client.createLogStore(project: "proj1", store: "store1", shardCount: 2)
        try client.createLogStore(project: "proj1", store: "other_store", shardCount: 1)
        #expect(try client.listLogStores(project: "proj1") == ["other_store", "store1"])

        let shards = try client.listShards(project: "proj1", store: "store1")
        #expect(shards.map(\.id) == [0, 1])
        #expect(shards.map(\.inclusiveBeginKey) == [Self.zeroKey, Self.middleKey])
        #expect(shards.map(\.exclusiveEndKey) == [Self.middleKey, Self.maxKey])
        #expect(shards.allSatisfy { $0.status == "readwrite" })
        try #require(shards.count == 2)

        // Every compression, routed by each shard's begin key and by keys inside the ranges.
        let puts: [(group: Int, key: String, compression: LogCompression, shard: Int)] = [
            (0, shards[0].inclusiveBeginKey, .lz4, 0),
            (1, shards[1].inclusiveBeginKey, .deflate, 1),
            (2, shards[0].inclusiveBeginKey, .none, 0),
            (3, shards[1].inclusiveBeginKey, .none, 1),
            (4, "7fffffffffffffffffffffffffffffff", .lz4, 0),
            (5, Self.maxKey, .deflate, 1),
            (6, "8000000000000000000000000000000A", .lz4, 1),
            (7, "00000000000000000000000000000001", .deflate, 0),
        ]
        var expected: [[LogGroup]] = [[], []]
        for put in puts {
            let group = SampleGroups.group(put.group)
            try client.putLogs(project: "proj1", store: "store1", group: group, hashKey: put.key, compression: put.compression)
            expected[put.shard].append(group)
        }
        let finished = Int64(Date().timeIntervalSince1970)

        for shard in 0..<2 {
            let begin = try client.cursor(project: "proj1", store: "store1", shard: shard, from: .begin)
            let end = try client.cursor(project: "proj1", store: "store1", shard: shard, from: .end)
            #expect(begin == LogCursor(position: 0))
            #expect(end == LogCursor(position: Int64(expected[shard].count)))
            #expect(try client.cursor(project: "proj1", store: "store1", shard: shard, from: .time(0)) == begin)
            #expect(try client.cursor(project: "proj1", store: "store1", shard: shard, from: .time(started - 60)) == begin)
            #expect(try client.cursor(project: "proj1", store: "store1", shard: shard, from: .time(finished + 3600)) == end)

            for compression in LogCompression.allCases {
                let pulled = try client.pullLogs(
                    project: "proj1", store: "store1", shard: shard, cursor: begin, count: 100, compression: compression)
                #expect(pulled.nextCursor == end, "\(compression)")
                #expect((try pulled.groups).count == expected[shard].count, "\(compression)")
                for (index, bytes) in (try pulled.groups).enumerated() where index < expected[shard].count {
                    let decoded = try LogGroupCodec.decode(bytes)
                    let split = try #require(
                        SampleGroups.splitReceiveTime(decoded), "pulled group \(index) has no __receive_time__ tag last")
                    #expect(split.group == expected[shard][index], "shard \(shard) group \(index) via \(compression)")
                    let cursorTime = try client.cursorTime(
                        project: "proj1", store: "store1", shard: shard, cursor: LogCursor(position: Int64(index)))
                    #expect(split.receiveTime == cursorTime)
                    #expect(cursorTime >= started - 1 && cursorTime <= finished + 1)
                }
            }
            // The group at a time cursor: the first one received then.
            let firstTime = try client.cursorTime(project: "proj1", store: "store1", shard: shard, cursor: begin)
            #expect(try client.cursor(project: "proj1", store: "store1", shard: shard, from: .time(firstTime)) == begin)
            let lastTime = try client.cursorTime(
                project: "proj1", store: "store1", shard: shard, cursor: LogCursor(position: end.position - 1))
            #expect(try client.cursorTime(project: "proj1", store: "store1", shard: shard, cursor: end) == lastTime)

            // An end cursor bounds the pull; the next cursor steps one group at a time.
            let one = try client.pullLogs(
                project: "proj1", store: "store1", shard: shard, cursor: begin, count: 100, end: LogCursor(position: 1))
            #expect((try one.groups).count == 1)
            #expect(one.nextCursor == LogCursor(position: 1))
            let bounded = try client.pullLogs(
                project: "proj1", store: "store1", shard: shard, cursor: LogCursor(position: 1), count: 100, end: end)
            #expect((try bounded.groups).count == expected[shard].count - 1)
            #expect(bounded.nextCursor == end)
            let stepped = try client.pullLogs(
                project: "proj1", store: "store1", shard: shard, cursor: LogCursor(position: 1), count: 1)
            #expect((try stepped.groups).count == 1)
            #expect(stepped.nextCursor == LogCursor(position: 2))
            if let bytes = (try stepped.groups).first {
                #expect(SampleGroups.splitReceiveTime(try LogGroupCodec.decode(bytes))?.group == expected[shard][1])
            }
            let same = try client.pullLogs(
                project: "proj1", store: "store1", shard: shard, cursor: begin, count: 100, end: begin)
            #expect((try same.groups).isEmpty)
            #expect(same.nextCursor == begin)
            let atEnd = try client.pullLogs(project: "proj1", store: "store1", shard: shard, cursor: end, count: 100)
            #expect((try atEnd.groups).isEmpty)
            #expect(atEnd.nextCursor == end, "caught up: the next cursor is the request's")
        }

        // A load-balanced put lands in exactly one shard.
        let balanced = SampleGroups.group(42)
        try client.putLogs(project: "proj1", store: "store1", group: balanced)
        var found = 0
        for shard in 0..<2 {
            let groups = try ShardReader.readAll(client, project: "proj1", store: "store1", shard: shard)
            #expect(groups.count == expected[shard].count || groups.count == expected[shard].count + 1)
            found += groups.filter { SampleGroups.splitReceiveTime($0.group)?.group == balanced }.count
        }
        #expect(found == 1)

        // The data outlives the server.
        fixture.stopServer()
        let restarted = try LogStoreServer(
            dataDirectory: fixture.dataDirectory, host: "127.0.0.1", port: 0,
            credentials: ServerFixture.credentials, insecure: false)
        restarted.start()
        defer { restarted.stop() }
        let again = try SLSClient(
            endpoint: "http://127.0.0.1:\(restarted.port)",
            credentials: SLSCredentials(accessKeyId: "id", accessKeySecret: "secret"))
        #expect(try again.listLogStores(project: "proj1") == ["other_store", "store1"])
        let reread = try ShardReader.readAll(again, project: "proj1", store: "store1", shard: 1, compression: .deflate)
        let rereadGroups = reread.compactMap { SampleGroups.splitReceiveTime($0.group)?.group }
        #expect(rereadGroups.count >= expected[1].count)
        #expect(Array(rereadGroups.prefix(expected[1].count)) == expected[1])
    }

    @Test func refusalsCarryTheirSLSErrorCodes() throws {
        let fixture = try ServerFixture(credentials: ["id": "secret", "other": "other-secret"])
        defer { fixture.close() }
        let client = try fixture.client()
        try client.createProject("errs")
        try client.createLogStore(project: "errs", store: "store1", shardCount: 2)
        try client.putLogs(project: "errs", store: "store1", group: SampleGroups.group(1), hashKey: Self.zeroKey)

        let wrongSecret = try fixture.client(secret: "not-the-secret")
        let badSignature = logStoreError { _ = try wrongSecret.listLogStores(project: "errs") }
        #expect(badSignature?.code == "SignatureNotMatch", "\(String(describing: badSignature))")
        #expect(badSignature?.status == 401)
        let badPut = logStoreError { try wrongSecret.putLogs(project: "errs", store: "store1", group: SampleGroups.group(2)) }
        #expect(badPut?.code == "SignatureNotMatch")
        let crossed = try fixture.client(id: "other", secret: "secret")
        #expect(logStoreError { _ = try crossed.listShards(project: "errs", store: "store1") }?.code == "SignatureNotMatch")
        let otherKey = try fixture.client(id: "other", secret: "other-secret")
        #expect(try otherKey.listLogStores(project: "errs") == ["store1"], "every configured key signs")

        let stranger = try fixture.client(id: "nobody", secret: "secret")
        let unknownKey = logStoreError { _ = try stranger.listLogStores(project: "errs") }
        #expect(unknownKey?.code == "Unauthorized", "\(String(describing: unknownKey))")
        #expect(unknownKey?.status == 401)

        let noProject = logStoreError { _ = try client.listLogStores(project: "no-such-project") }
        #expect(noProject?.code == "ProjectNotExist", "\(String(describing: noProject))")
        #expect(noProject?.status == 404)
        #expect(try client.projectExists("no-such-project") == false)
        let noProjectPut = logStoreError {
            try client.putLogs(project: "no-such-project", store: "store1", group: SampleGroups.group(3))
        }
        #expect(noProjectPut?.code == "ProjectNotExist")

        let noStore = logStoreError { _ = try client.listShards(project: "errs", store: "no_store") }
        #expect(noStore?.code == "LogStoreNotExist", "\(String(describing: noStore))")
        #expect(noStore?.status == 404)
        #expect(logStoreError { _ = try client.cursor(project: "errs", store: "no_store", shard: 0, from: .begin) }?.code == "LogStoreNotExist")
        #expect(logStoreError { try client.putLogs(project: "errs", store: "no_store", group: SampleGroups.group(3)) }?.code == "LogStoreNotExist")

        let noShard = logStoreError { _ = try client.cursor(project: "errs", store: "store1", shard: 9, from: .begin) }
        #expect(noShard?.code == "ShardNotExist", "\(String(describing: noShard))")
        #expect(noShard?.status == 400)
        let noShardPull = logStoreError {
            _ = try client.pullLogs(project: "errs", store: "store1", shard: 9, cursor: LogCursor(position: 0), count: 10)
        }
        #expect(noShardPull?.code == "ShardNotExist")
        let noShardTime = logStoreError {
            _ = try client.cursorTime(project: "errs", store: "store1", shard: 9, cursor: LogCursor(position: 0))
        }
        #expect(noShardTime?.code == "ShardNotExist")

        // Shard 0 holds one group: position 1 is its end, 2 is beyond it.
        let beyond = logStoreError {
            _ = try client.pullLogs(project: "errs", store: "store1", shard: 0, cursor: LogCursor(position: 2), count: 10)
        }
        #expect(beyond?.code == "InvalidCursor", "\(String(describing: beyond))")
        #expect(beyond?.status == 400)
        let beyondEmpty = logStoreError {
            _ = try client.pullLogs(project: "errs", store: "store1", shard: 1, cursor: LogCursor(position: 1), count: 10)
        }
        #expect(beyondEmpty?.code == "InvalidCursor")
        let beyondTime = logStoreError {
            _ = try client.cursorTime(project: "errs", store: "store1", shard: 0, cursor: LogCursor(position: 7))
        }
        #expect(beyondTime?.code == "InvalidCursor")

        let duplicateStore = logStoreError { try client.createLogStore(project: "errs", store: "store1", shardCount: 2) }
        #expect(duplicateStore?.code == "LogStoreAlreadyExist")
        #expect(duplicateStore?.status == 400)
        #expect(logStoreError { try client.createProject("errs") }?.code == "ProjectAlreadyExist")
        #expect(logStoreError { try client.createLogStore(project: "errs", store: "X", shardCount: 2) }?.code == "ParameterInvalid")

        // Still serving, and nothing above changed the data.
        let pulled = try client.pullLogs(project: "errs", store: "store1", shard: 0, cursor: LogCursor(position: 0), count: 10)
        #expect((try pulled.groups).count == 1)
        #expect(try client.cursor(project: "errs", store: "store1", shard: 1, from: .end) == LogCursor(position: 0))
    }

    /// GetHistograms counts the logs every shard received from `from` to before `to`, the same
    /// groups GetCursor by time bounds: what the loghub source plans rate-limited epochs with.
    @Test func histogramsCountTheLogsReceivedInASpan() throws {
        let fixture = try ServerFixture()
        defer { fixture.close() }
        let client = try fixture.client()
        try client.createProject("hist")
        try client.createLogStore(project: "hist", store: "span", shardCount: 2)
        let store = try fixture.server.storage.logStore(project: "hist", "span")
        let now = Int64(Date().timeIntervalSince1970)
        // (shard, receive time, logs)
        let groups: [(Int, Int64, Int)] = [(0, now - 100, 3), (1, now - 100, 5), (0, now - 50, 7), (1, now - 10, 11), (1, now - 10, 2)]
        for (shard, time, logs) in groups {
            let group = LogGroup(logs: (0..<logs).map { LogRecord(time: UInt32($0), contents: []) })
            try store.shard(shard).append(LogGroupCodec.encode(group), logCount: logs, now: time)
        }
        func count(_ from: Int64, _ to: Int64) throws -> Int {
            try client.histogramCount(project: "hist", store: "span", from: from, to: to)
        }
        func groupsBetween(_ from: Int64, _ to: Int64) throws -> Int64 {
            try (0..<2).reduce(0) { total, shard in
                total + (try client.cursor(project: "hist", store: "span", shard: shard, from: .time(to)).position)
                    - (try client.cursor(project: "hist", store: "span", shard: shard, from: .time(from)).position)
            }
        }
        #expect(try count(now - 100, now - 99) == 8)
        #expect(try groupsBetween(now - 100, now - 99) == 2)
        #expect(try count(now - 100, now) == 28)
        #expect(try groupsBetween(now - 100, now) == 5)
        #expect(try count(now - 99, now - 10) == 7)
        #expect(try count(now - 10, now - 9) == 13)
        #expect(try groupsBetween(now - 10, now - 9) == 2)
        #expect(try count(now - 9, now + 100) == 0)
        #expect(try count(0, now - 100) == 0)
        // The time of a group's cursor is the start of a span that holds it.
        let third = try client.cursorTime(project: "hist", store: "span", shard: 0, cursor: LogCursor(position: 1))
        #expect(third == now - 50)
        #expect(try count(third, third + 1) == 7)
    }

    // MARK: - Hand-built requests

    /// A server without authentication holding project `proj1` with store `s1` (2 shards).
    static func insecureFixture() throws -> ServerFixture {
        let fixture = try ServerFixture(credentials: [:], insecure: true)
        do {
            try fixture.server.storage.createProject("proj1", description: "", now: 0)
            try fixture.server.storage.createLogStore(
                project: "proj1",
                LogStoreConfig(
                    name: "store1", ttlDays: 30, shardCount: 2, createTime: 0, autoSplit: false, maxSplitShard: 64,
                    appendMeta: false, enableTracking: false))
        } catch {
            fixture.close()
            throw error
        }
        return fixture
    }

    /// Sends one unsigned request with `HTTPConnection` on a fresh connection.
    static func send(
        port: Int, _ method: String, _ path: String, query: [(name: String, value: String)] = [],
        headers: [(String, String)] = [], body: [UInt8] = [], host: String = "proj1.127.0.0.1"
    ) throws -> HTTPResponse {
        let connection = HTTPConnection(host: "127.0.0.1", port: port, timeout: .seconds(10))
        var httpHeaders = HTTPHeaders()
        httpHeaders.add("Host", host)
        for (name, value) in headers { httpHeaders.add(name, value) }
        return try connection.send(HTTPRequest(method: method, path: path, query: query, headers: httpHeaders, body: body))
    }

    static func errorCode(_ response: HTTPResponse) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["errorCode"] as? String
    }

    static func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// The server answers a plain ListLogStores after whatever came before.
    static func expectStillServing(port: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let response = try send(port: port, "GET", "/logstores")
        #expect(response.status == 200, "\(text(response))", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(object?["logstores"] as? [String] == ["store1"], sourceLocation: sourceLocation)
    }

    /// A PutLogs to shard 0 of `s1`.
    static func putLogs(port: Int, headers: [(String, String)], body: [UInt8]) throws -> HTTPResponse {
        try send(
            port: port, "POST", "/logstores/store1/shards/route", query: [(name: "key", value: zeroKey)], headers: headers,
            body: body)
    }

    @Test func malformedPutLogsAreRefusedWithSLSErrorsAndTheServerKeepsServing() throws {
        let fixture = try Self.insecureFixture()
        defer { fixture.close() }
        let port = fixture.port
        let raw = LogGroupCodec.encode(SampleGroups.group(7))
        let lz4 = LogCompression.lz4.compress(raw)
        let protobuf = ("Content-Type", "application/x-protobuf")

        // A well-formed unsigned request first: the insecure server accepts it.
        let good = try Self.putLogs(
            port: port, headers: [protobuf, ("x-log-bodyrawsize", String(raw.count)), ("x-log-compresstype", "lz4")],
            body: lz4)
        #expect(good.status == 200, "\(Self.text(good))")
        #expect(good.headers["x-log-requestid"] != nil)
        try Self.expectStillServing(port: port)

        struct Case {
            var name: String
            var headers: [(String, String)]
            var body: [UInt8]
            var status: Int
            var codes: Set<String>
        }
        let cases = [
            Case(
                name: "corrupt lz4", headers: [protobuf, ("x-log-bodyrawsize", "64"), ("x-log-compresstype", "lz4")],
                body: [0xF0, 0x00, 0x00, 0x01, 0x02], status: 400, codes: ["PostBodyUncompressError"]),
            Case(
                name: "lz4 with a wrong raw size",
                headers: [protobuf, ("x-log-bodyrawsize", String(raw.count + 10)), ("x-log-compresstype", "lz4")],
                body: lz4, status: 400, codes: ["PostBodyUncompressError", "InvalidBodyRawSize"]),
            Case(
                name: "lz4 with a short raw size",
                headers: [protobuf, ("x-log-bodyrawsize", String(raw.count - 10)), ("x-log-compresstype", "lz4")],
                body: lz4, status: 400, codes: ["PostBodyUncompressError", "InvalidBodyRawSize"]),
            Case(
                name: "uncompressed with a wrong raw size", headers: [protobuf, ("x-log-bodyrawsize", String(raw.count + 1))],
                body: raw, status: 400, codes: ["InvalidBodyRawSize", "PostBodyUncompressError"]),
            Case(
                name: "deflate with a wrong raw size",
                headers: [protobuf, ("x-log-bodyrawsize", String(raw.count * 2)), ("x-log-compresstype", "deflate")],
                body: LogCompression.deflate.compress(raw), status: 400,
                codes: ["PostBodyUncompressError", "InvalidBodyRawSize"]),
            Case(
                name: "a raw size that is no number",
                headers: [protobuf, ("x-log-bodyrawsize", "lots"), ("x-log-compresstype", "lz4")], body: lz4, status: 400,
                codes: ["InvalidBodyRawSize"]),
            Case(
                name: "zstd", headers: [protobuf, ("x-log-bodyrawsize", String(raw.count)), ("x-log-compresstype", "zstd")],
                body: lz4, status: 400, codes: ["InvalidCompressType"]),
            Case(
                name: "not a LogGroup", headers: [protobuf, ("x-log-bodyrawsize", "3")], body: [0x0A, 0x10, 0x01],
                status: 400, codes: ["PostBodyInvalid"]),
            Case(
                name: "lz4 of something that is not a LogGroup",
                headers: [protobuf, ("x-log-bodyrawsize", "3"), ("x-log-compresstype", "lz4")],
                body: LogCompression.lz4.compress([0x0A, 0x10, 0x01]), status: 400, codes: ["PostBodyInvalid"]),
            Case(
                name: "JSON content type",
                headers: [("Content-Type", "application/json"), ("x-log-bodyrawsize", String(raw.count))], body: raw,
                status: 415, codes: ["InvalidContentType"]),
        ]
        for item in cases {
            let response = try Self.putLogs(port: port, headers: item.headers, body: item.body)
            #expect(response.status == item.status, "\(item.name): \(response.status) \(Self.text(response))")
            let code = Self.errorCode(response)
            #expect(code.map { item.codes.contains($0) } == true, "\(item.name): errorCode \(String(describing: code))")
            #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true, "\(item.name)")
            try Self.expectStillServing(port: port)
        }

        // None of the refused bodies was stored: shard 0 holds the one good group.
        let shard = try fixture.server.storage.logStore(project: "proj1", "store1").shard(0)
        #expect(shard.endSequence == 1)
        #expect(try shard.read(from: 0, count: 10, maxBytes: .max).map { Array($0.payload) } == [raw])
    }

    @Test func rawRequestsReadCursorsAndPullLogsWithSLSHeaders() throws {
        let fixture = try Self.insecureFixture()
        defer { fixture.close() }
        let port = fixture.port
        let raw = LogGroupCodec.encode(SampleGroups.group(3))
        let put = try Self.putLogs(
            port: port, headers: [("Content-Type", "application/x-protobuf"), ("x-log-bodyrawsize", String(raw.count))],
            body: raw)
        #expect(put.status == 200, "\(Self.text(put))")

        let cursor = try Self.send(
            port: port, "GET", "/logstores/store1/shards/0", query: [(name: "type", value: "cursor"), (name: "from", value: "begin")])
        #expect(cursor.status == 200)
        #expect(Self.text(cursor).contains("\"cursor\""))
        #expect(Self.text(cursor).contains("MA=="))

        let pull = try Self.send(
            port: port, "GET", "/logstores/store1/shards/0",
            query: [(name: "type", value: "log"), (name: "cursor", value: "MA=="), (name: "count", value: "10")],
            headers: [("Accept", "application/x-protobuf"), ("Accept-Encoding", "lz4")])
        #expect(pull.status == 200, "\(Self.text(pull))")
        #expect(pull.headers["x-log-cursor"] == "MQ==")
        #expect(pull.headers["x-log-count"] == "1")
        #expect(pull.headers["x-log-compresstype"] == "lz4")
        let rawSize = try #require(pull.headers["x-log-bodyrawsize"].flatMap { Int($0) })
        let list = try LogCompression.lz4.decompress(pull.body, rawSize: rawSize)
        let groups = try LogGroupCodec.decodeList(list)
        #expect(groups.count == 1)
        #expect(groups.first.flatMap(SampleGroups.splitReceiveTime)?.group == SampleGroups.group(3))

        let plain = try Self.send(
            port: port, "GET", "/logstores/store1/shards/0",
            query: [(name: "type", value: "log"), (name: "cursor", value: "MA=="), (name: "count", value: "10")],
            headers: [("Accept", "application/x-protobuf"), ("Accept-Encoding", "")])
        #expect(plain.status == 200)
        #expect(plain.headers["x-log-compresstype"] == nil, "an uncompressed answer names no compression")
        #expect(plain.headers["x-log-bodyrawsize"] == String(plain.body.count))
        #expect(try LogGroupCodec.decodeList(plain.body).count == 1)

        // Bad parameters.
        let badCursor = try Self.send(
            port: port, "GET", "/logstores/store1/shards/0",
            query: [(name: "type", value: "log"), (name: "cursor", value: "not-a-cursor"), (name: "count", value: "10")])
        #expect(badCursor.status == 400)
        #expect(Self.errorCode(badCursor) == "InvalidCursor")
        let badFrom = try Self.send(
            port: port, "GET", "/logstores/store1/shards/0", query: [(name: "type", value: "cursor"), (name: "from", value: "soon")])
        #expect(badFrom.status == 400)
        #expect(Self.errorCode(badFrom) == "ParameterInvalid")
        let badCount = try Self.send(
            port: port, "GET", "/logstores/store1/shards/0",
            query: [(name: "type", value: "log"), (name: "cursor", value: "MA=="), (name: "count", value: "0")])
        #expect(badCount.status == 400)
        #expect(Self.errorCode(badCount) == "ParameterInvalid")
        let noProject = try Self.send(port: port, "GET", "/logstores", host: "127.0.0.1")
        #expect(noProject.status == 404)
        #expect(Self.errorCode(noProject) == "ProjectNotExist")
        let unknownProject = try Self.send(port: port, "GET", "/logstores", host: "nope-nope.127.0.0.1:\(port)")
        #expect(Self.errorCode(unknownProject) == "ProjectNotExist")
        let withPort = try Self.send(port: port, "GET", "/logstores", host: "proj1.127.0.0.1:\(port)")
        #expect(withPort.status == 200, "the port in Host is ignored")
        try Self.expectStillServing(port: port)
    }

    @Test func anAbsoluteFormRequestTargetIsServed() throws {
        let fixture = try Self.insecureFixture()
        defer { fixture.close() }
        let port = fixture.port
        let absolute = try RawHTTP.exchange(
            port: port,
            "GET http://proj1.127.0.0.1:\(port)/logstores HTTP/1.1\r\nHost: proj1.127.0.0.1:\(port)\r\n"
                + "Connection: close\r\n\r\n")
        #expect(absolute.status == 200, "\(absolute.head)\n\(String(decoding: absolute.body, as: UTF8.self))")
        let object = try JSONSerialization.jsonObject(with: Data(absolute.body)) as? [String: Any]
        #expect(object?["logstores"] as? [String] == ["store1"])

        // With a query, as a proxied SDK sends GetCursor.
        let cursor = try RawHTTP.exchange(
            port: port,
            "GET http://proj1.127.0.0.1:\(port)/logstores/store1/shards/1?type=cursor&from=end HTTP/1.1\r\n"
                + "Host: proj1.127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(cursor.status == 200, "\(cursor.head)")
        #expect(String(decoding: cursor.body, as: UTF8.self).contains("MA=="))

        // Origin form over the same raw path, and an error answer's JSON.
        let origin = try RawHTTP.exchange(
            port: port, "GET /logstores/nostore/shards HTTP/1.1\r\nHost: proj1.127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(origin.status == 404)
        #expect(origin.errorCode == "LogStoreNotExist")
        try Self.expectStillServing(port: port)
    }

    // MARK: - The generator

    @Test func theGeneratorWritesEveryRecordRoundRobin() throws {
        let fixture = try ServerFixture()
        defer { fixture.close() }
        let client = try fixture.client()
        try client.createProject("gen-proj")
        try client.createLogStore(project: "gen-proj", store: "gen", shardCount: 2)
        let rows = (0..<7).map { LabeledRow(label: String($0 % 2), features: "\($0):\($0).5 9:1") }
        let start: Int64 = 1_700_000_000
        let plan = GeneratorPlan(rows: rows, records: 250, batch: 20, startTime: start, eventRate: 7)
        let generator = LogGenerator(client: client, project: "gen-proj", store: "gen", plan: plan, spread: .roundRobin)
        var reports = 0
        let written = try generator.run(rate: nil) { _ in reports += 1 }
        #expect(written == 250)
        #expect(reports >= 1)

        var total = 0
        for shard in 0..<2 {
            let groups = try ShardReader.readAll(client, project: "gen-proj", store: "gen", shard: shard)
            // Group n went to shard n mod 2, in order.
            let numbers = Array(stride(from: shard, to: plan.groupCount, by: 2))
            #expect(groups.count == numbers.count)
            for (number, pulled) in zip(numbers, groups) {
                let group = try #require(SampleGroups.splitReceiveTime(pulled.group)?.group)
                #expect(group.tags == [LogTag(key: "__generator__", value: "sluice")])
                for (offset, log) in group.logs.enumerated() {
                    let index = number * plan.batch + offset
                    #expect(Int64(log.time) == plan.time(ofRecord: index, now: 0))
                    #expect(Int64(log.time) == start + Int64(index / 7))
                    let row = rows[index % rows.count]
                    #expect(log.contents == [LogContent(key: "label", value: row.label), LogContent(key: "features", value: row.features)])
                }
                total += group.logs.count
            }
        }
        #expect(total == 250)
    }
}
