import Foundation
import SluiceCrypto
import SluiceLogClient
import SluiceLogProtocol
import Synchronization
import Testing

@testable import SluiceLogStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sluice logstore serve` under clients that idle, trickle, upload unsigned bodies or speak
/// malformed HTTP: a real server process, real sockets. Client sockets that misbehave are bound
/// to 127.0.0.2 and above, so the per-address connection limit applies to them and not to the
/// signed client on 127.0.0.1.
@Suite(.serialized) struct ServeLimitsTests {
    /// A server process with key `id:secret`, project `proj1` and store `store1` (one shard).
    static func startServer(_ directory: TestDirectory) throws -> ServeProcess {
        let server = try ServeProcess(dataDirectory: directory.path + "/data", logPath: directory.path + "/serve.log")
        do {
            let client = try SLSClient(endpoint: server.endpoint, credentials: ProcessTests.credentials, timeout: .seconds(10))
            try client.createProject("proj1")
            try client.createLogStore(project: "proj1", store: "store1", shardCount: 1)
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// The head of a v1-signed PutLogs to `proj1/store1` declaring `contentLength` body bytes, with the
    /// body's Content-MD5 when given.
    static func signedPutHead(contentLength: Int, contentMD5: String?) -> String {
        let now = Int64(Date().timeIntervalSince1970)
        var headers: [(String, String)] = [
            ("Date", HTTPDate.format(epochSeconds: now)), ("x-log-apiversion", "0.6.0"),
            ("x-log-signaturemethod", "hmac-sha1"), ("x-log-bodyrawsize", String(contentLength)),
            ("Content-Type", "application/x-protobuf"),
        ]
        if let contentMD5 { headers.append(("Content-MD5", contentMD5)) }
        let text = SignatureV1.stringToSign(method: "POST", resource: "/logstores/store1/shards/lb", query: [], headers: headers)
        let signature = Digest.hmacSHA1Base64(key: "secret", message: text)
        headers.append(("Authorization", SignatureV1.authorization(accessKeyId: "id", signature: signature)))
        headers.append(("Content-Length", String(contentLength)))
        return "POST /logstores/store1/shards/lb HTTP/1.1\r\nHost: proj1.127.0.0.1\r\n"
            + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
    }

    static func errorCode(_ response: RawHTTP.Response?) -> String? { response?.errorCode }

    @Test func idleAndTricklingSocketsDoNotLockOutASignedClient() throws {
        let fileLimit = LoopbackSocket.raiseOpenFileLimit()
        #expect(fileLimit >= 2_000, "the test holds about 1,300 sockets")
        let directory = try TestDirectory("serve-limits")
        defer { directory.remove() }
        let server = try Self.startServer(directory)
        defer { server.stop() }

        // 1,000 idle connections from 127.0.0.2-9 (125 each, under the per-address limit).
        var idle: [LoopbackSocket] = []
        for index in 0..<1000 {
            idle.append(try LoopbackSocket(from: "127.0.0.\(2 + index / 125)", port: server.port))
        }
        // 256 connections from 127.0.0.10-11 trickling a request head, one byte each every 250 ms.
        let head = Array(Self.signedPutHead(contentLength: 100, contentMD5: "00").utf8)
        var tricklers: [LoopbackSocket] = []
        for index in 0..<256 {
            tricklers.append(try LoopbackSocket(from: "127.0.0.\(10 + index / 128)", port: server.port))
        }
        let trickleStart = Date()
        let stopTrickling = Atomic(false)
        let trickle = Thread { [tricklers] in
            var sent = 0
            while !stopTrickling.load(ordering: .relaxed), sent < head.count - 1 {
                for socket in tricklers { socket.send([head[sent]]) }
                sent += 1
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        trickle.start()
        defer { stopTrickling.store(true, ordering: .relaxed) }
        Thread.sleep(forTimeInterval: 1)

        // A signed client on 127.0.0.1 is answered, each call well within 5 s.
        let client = try SLSClient(endpoint: server.endpoint, credentials: ProcessTests.credentials, timeout: .seconds(5))
        let group = SampleGroups.group(1)
        for _ in 0..<3 {
            let started = Date()
            try client.putLogs(project: "proj1", store: "store1", group: group)
            let begin = try client.cursor(project: "proj1", store: "store1", shard: 0, from: .begin)
            let pulled = try client.pullLogs(project: "proj1", store: "store1", shard: 0, cursor: begin, count: 10)
            #expect(!(try pulled.groups).isEmpty)
            #expect(Date().timeIntervalSince(started) < 5, "answered within 5 s")
        }
        #expect(idle.filter { $0.hasInput() }.isEmpty, "the 1,000 idle connections are all held open")

        // 127.0.0.2 holds 125: of four more, three fit and one is refused with SLS JSON (which one
        // depends on the event loop each lands on).
        var extra: [LoopbackSocket] = []
        for _ in 0..<4 { extra.append(try LoopbackSocket(from: "127.0.0.2", port: server.port, timeoutSeconds: 5)) }
        let waitUntil = Date().addingTimeInterval(5)
        while extra.allSatisfy({ !$0.hasInput() }), Date() < waitUntil { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.2)
        let refused = extra.filter { $0.hasInput() }
        #expect(refused.count == 1, "\(refused.count) of 4 connections beyond 125 from one address were refused")
        if let refusal = refused.first?.readResponse() {
            #expect(refusal.status == 429)
            #expect(refusal.errorCode == "ExceedQuota")
            #expect(LoopbackSocket.field("x-log-requestid", in: refusal.head) != nil)
        }

        // The head deadline (10 s from the first byte) ends every trickling head, though bytes
        // kept arriving.
        let deadline = Double(ServeLimits.requestHeadDeadlineMilliseconds) / 1000
        let wait = deadline + 2 - Date().timeIntervalSince(trickleStart)
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        stopTrickling.store(true, ordering: .relaxed)
        let answered = tricklers.filter { $0.hasInput() }
        #expect(answered.count == tricklers.count, "\(answered.count) of 256 trickling heads were cut at the deadline")
        if let first = answered.first {
            let response = first.readResponse()
            #expect(response?.status == 408)
            #expect(response?.errorCode == "RequestTimeout")
        }
        withExtendedLifetime(idle) {}
    }

    /// VmRSS or VmHWM of a process, in kB.
    static func memoryKiB(_ pid: Int32, _ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) ?? 0
        }
        return 0
    }

    @Test func unsignedUploadsLeaveTheServersMemoryBounded() throws {
        let directory = try TestDirectory("serve-memory")
        defer { directory.remove() }
        let server = try Self.startServer(directory)
        defer { server.stop() }
        let pid = server.process.processIdentifier
        let before = Self.memoryKiB(pid, "VmRSS")
        #expect(before > 0)

        // 12 uploads of 64 MiB at once: 6 unsigned, 6 signed but without Content-MD5.
        let size = 64 << 20
        let unsigned = "POST /logstores/store1/shards/lb HTTP/1.1\r\nHost: proj1.127.0.0.1\r\n"
            + "Content-Type: application/x-protobuf\r\nContent-Length: \(size)\r\n\r\n"
        let noDigest = Self.signedPutHead(contentLength: size, contentMD5: nil)
        let codes = Mutex<[String?]>([])
        let port = server.port
        let group = DispatchGroup()
        for index in 0..<12 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let socket = try? LoopbackSocket(from: "127.0.0.\(2 + index)", port: port) else {
                    codes.withLock { $0.append("no connection") }
                    return
                }
                _ = socket.send(index < 6 ? unsigned : noDigest)
                // The body follows at once, as the SDKs send it, until the server answers.
                let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
                for _ in 0..<(size >> 20) where !socket.hasInput() {
                    guard socket.send(chunk) else { break }
                }
                let response = socket.readResponse()
                codes.withLock { $0.append(response?.errorCode) }
            }.start()
        }
        group.wait()
        let peak = Self.memoryKiB(pid, "VmHWM")
        #expect(peak - before < 100 * 1024, "RSS went from \(before) kB to a peak of \(peak) kB")
        let answered = codes.withLock { $0 }
        #expect(answered.count == 12)
        #expect(answered.allSatisfy { $0 == "MissAccessKeyId" || $0 == "MissingContentMD5" }, "\(answered)")
        #expect(answered.filter { $0 == "MissingContentMD5" }.count == 6, "\(answered)")
    }

    @Test func aBodyWithoutItsSignedDigestIsRefusedBeforeItIsRead() throws {
        let directory = try TestDirectory("serve-digest")
        defer { directory.remove() }
        let server = try Self.startServer(directory)
        defer { server.stop() }

        // Only heads are sent: each is answered without the server waiting for the body.
        func answer(_ head: String) throws -> RawHTTP.Response? {
            let socket = try LoopbackSocket(from: "127.0.0.2", port: server.port, timeoutSeconds: 5)
            #expect(socket.send(head))
            return socket.readResponse()
        }
        let v1 = try answer(Self.signedPutHead(contentLength: 1000, contentMD5: nil))
        #expect(v1?.status == 400)
        #expect(v1?.errorCode == "MissingContentMD5")

        let date = HTTPDate.formatCompact(epochSeconds: Int64(Date().timeIntervalSince1970))
        let scope = "\(date.prefix(8))/cn-hangzhou/sls/aliyun_v4_request"
        let v4 = try answer(
            "POST /logstores/store1/shards/lb HTTP/1.1\r\nHost: proj1.127.0.0.1\r\nx-log-date: \(date)\r\n"
                + "Content-Type: application/x-protobuf\r\nContent-Length: 1000\r\n"
                + "Authorization: SLS4-HMAC-SHA256 Credential=id/\(scope),Signature=00\r\n\r\n")
        #expect(v4?.status == 400)
        #expect(v4?.errorCode == "MissingContentSHA256")

        let unsigned = try answer(
            "POST /logstores/store1/shards/lb HTTP/1.1\r\nHost: proj1.127.0.0.1\r\nContent-Length: 1000\r\n\r\n")
        #expect(unsigned?.status == 400)
        #expect(unsigned?.errorCode == "MissAccessKeyId")

        let tooLarge = try answer(Self.signedPutHead(contentLength: 11 << 20, contentMD5: String(repeating: "0", count: 32)))
        #expect(tooLarge?.status == 413)
        #expect(tooLarge?.errorCode == "PostBodyTooLarge")

        // A complete, signed request with its digest still goes through.
        let body = LogGroupCodec.encode(SampleGroups.group(2))
        let socket = try LoopbackSocket(from: "127.0.0.2", port: server.port, timeoutSeconds: 5)
        #expect(socket.send(Self.signedPutHead(contentLength: body.count, contentMD5: Digest.md5Hex(body))))
        #expect(socket.send(body))
        #expect(socket.readResponse()?.status == 200)
    }

    @Test func malformedHTTPIsAnsweredWithSLSJSON() throws {
        let directory = try TestDirectory("serve-malformed")
        defer { directory.remove() }
        let server = try Self.startServer(directory)
        defer { server.stop() }
        let cases = [
            ("not HTTP", "GARBAGE\r\n\r\n", 400),
            ("a header line without a colon", "GET / HTTP/1.1\r\nHost: proj1.127.0.0.1\r\nno colon here\r\n\r\n", 400),
            ("a bad Content-Length", "POST / HTTP/1.1\r\nHost: proj1\r\nContent-Length: lots\r\n\r\n", 400),
            ("a head over the limit", "GET / HTTP/1.1\r\nHost: proj1\r\nX-Big: \(String(repeating: "a", count: 70_000))\r\n\r\n", 431),
        ]
        for (name, request, status) in cases {
            let response = try RawHTTP.exchange(port: server.port, request, timeoutSeconds: 5)
            #expect(response.status == status, "\(name): \(response.head)")
            #expect(response.errorCode != nil, "\(name): \(String(decoding: response.body, as: UTF8.self))")
            #expect(LoopbackSocket.field("content-type", in: response.head) == "application/json", "\(name)")
            #expect(LoopbackSocket.field("x-log-requestid", in: response.head) != nil, "\(name)")
        }
    }
}
