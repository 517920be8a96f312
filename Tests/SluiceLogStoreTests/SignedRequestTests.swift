import Foundation
import SluiceHTTP
import SluiceLogProtocol
import Testing

@testable import SluiceLogClient
@testable import SluiceLogStore

/// Requests signed by hand: the server checks the date, the signature and the size as SLS does.
@Suite struct SignedRequestTests {
    static let credentials = SLSCredentials(accessKeyId: "id", accessKeySecret: "secret")

    /// A server with key `id:secret`, project `proj1` and store `store1`.
    func fixture() throws -> ServerFixture {
        let fixture = try ServerFixture(credentials: ["id": "secret"], insecure: false)
        try fixture.server.storage.createProject("proj1", description: "", now: 0)
        try fixture.server.storage.createLogStore(
            project: "proj1",
            LogStoreConfig(
                name: "store1", ttlDays: 30, shardCount: 1, createTime: 0, autoSplit: false, maxSplitShard: 64,
                appendMeta: false, enableTracking: false))
        return fixture
    }

    func send(_ request: HTTPRequest, port: Int) throws -> (status: Int, code: String?) {
        let response = try HTTPConnection(host: "127.0.0.1", port: port).send(request)
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return (response.status, object?["errorCode"] as? String)
    }

    func listShards(now: Int64) -> HTTPRequest {
        SLSRequestSigner.sign(
            method: "GET", host: "proj1.127.0.0.1", path: "/logstores/store1/shards", query: [], body: [],
            contentType: nil, rawSize: 0, compression: .none, accept: nil, credentials: Self.credentials, now: now)
    }

    @Test func theRequestDateMustBeWithinFifteenMinutesOfTheServerClock() throws {
        let fixture = try fixture()
        defer { fixture.close() }
        let now = Int64(Date().timeIntervalSince1970)
        #expect(try send(listShards(now: now), port: fixture.port).status == 200)
        #expect(try send(listShards(now: now - 14 * 60), port: fixture.port).status == 200)
        let stale = try send(listShards(now: now - 16 * 60), port: fixture.port)
        #expect(stale.status == 400)
        #expect(stale.code == "RequestTimeExpired")
        let future = try send(listShards(now: now + 16 * 60), port: fixture.port)
        #expect(future.code == "RequestTimeExpired")
    }

    @Test func unsignedTamperedAndUndatedRequestsAreRefused() throws {
        let fixture = try fixture()
        defer { fixture.close() }
        var unsigned = listShards(now: Int64(Date().timeIntervalSince1970))
        unsigned.headers.remove("Authorization")
        #expect(try send(unsigned, port: fixture.port) == (400, "MissAccessKeyId"))

        let signed = listShards(now: Int64(Date().timeIntervalSince1970))
        let tampered = HTTPRequest(method: "GET", path: "/logstores/store1", headers: signed.headers)
        #expect(try send(tampered, port: fixture.port) == (401, "SignatureNotMatch"))

        var undated = listShards(now: Int64(Date().timeIntervalSince1970))
        undated.headers.remove("Date")
        #expect(try send(undated, port: fixture.port) == (400, "MissingDate"))

        var badDate = listShards(now: Int64(Date().timeIntervalSince1970))
        badDate.headers.set("Date", "yesterday")
        #expect(try send(badDate, port: fixture.port) == (400, "InvalidDateFormat"))
    }

    @Test func aBodyWhoseMD5DiffersFromContentMD5IsRefused() throws {
        let fixture = try fixture()
        defer { fixture.close() }
        let raw = LogGroupCodec.encode(SampleGroups.group(3))
        var request = SLSRequestSigner.sign(
            method: "POST", host: "proj1.127.0.0.1", path: "/logstores/store1/shards/lb", query: [], body: raw,
            contentType: "application/x-protobuf", rawSize: raw.count, compression: .none, accept: nil,
            credentials: Self.credentials, now: Int64(Date().timeIntervalSince1970))
        #expect(try send(request, port: fixture.port).status == 200)
        request.body[request.body.count - 1] ^= 1
        #expect(try send(request, port: fixture.port) == (400, "InvalidContentMD5"))
    }

    @Test func oversizedPutLogsAreRefusedAndNothingIsStored() throws {
        let fixture = try fixture()
        defer { fixture.close() }
        let client = try fixture.client()
        let big = String(repeating: "x", count: 1 << 20)
        let group = LogGroup(logs: (0..<11).map { _ in LogRecord(time: 1, contents: [LogContent(key: "k", value: big)]) })
        let tooBig = logStoreError { try client.putLogs(project: "proj1", store: "store1", group: group) }
        #expect(tooBig?.code == "PostBodyTooLarge")
        #expect(tooBig?.status == 413)
        let many = LogGroup(logs: (0..<40_961).map { _ in LogRecord(time: 1, contents: []) })
        #expect(logStoreError { try client.putLogs(project: "proj1", store: "store1", group: many) }?.code == "PostBodyTooLarge")
        let end = try client.cursor(project: "proj1", store: "store1", shard: 0, from: .end)
        #expect(end.position == 0, "nothing was stored")
    }
}
