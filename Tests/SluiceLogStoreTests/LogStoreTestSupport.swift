import Foundation
import SluiceLogClient
import SluiceLogProtocol
import Testing

@testable import SluiceLogStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh directory under the system's temporary directory. Remove it with `remove()` in a
/// `defer` (not in a deinit: ARC may release an object right after its last use).
struct TestDirectory {
    let path: String

    init(_ label: String = "logstore") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The `LogStoreError` a call throws, nil when it succeeds; any other error becomes a
/// `LogStoreError` whose message says so (and whose code is nil).
func logStoreError(_ body: () throws -> Void) -> LogStoreError? {
    do {
        try body()
        return nil
    } catch let error as LogStoreError {
        return error
    } catch {
        return LogStoreError("unexpected error type \(type(of: error)): \(error)")
    }
}

/// Sample log groups with every field the codec carries.
enum SampleGroups {
    /// Group `n`: two or three logs, a topic, a source and two tags, all naming `n`.
    static func group(_ n: Int) -> LogGroup {
        var logs = [
            LogRecord(
                time: UInt32(1_700_000_000 + n),
                contents: [LogContent(key: "n", value: "\(n)"), LogContent(key: "msg", value: "héllo \(n) ✓")]),
            LogRecord(
                time: UInt32(1_700_000_100 + n),
                contents: [LogContent(key: "n", value: "\(n)"), LogContent(key: "empty", value: "")],
                timeNanos: n.isMultiple(of: 2) ? UInt32(123_456 + n) : nil),
        ]
        if n.isMultiple(of: 3) {
            logs.append(LogRecord(time: UInt32(1_700_000_200 + n), contents: []))
        }
        return LogGroup(
            logs: logs, topic: "topic-\(n)", source: "10.0.0.\(n % 250)",
            tags: [LogTag(key: "host", value: "h\(n)"), LogTag(key: "__pack_id__", value: "PACK-\(n)")])
    }

    /// `group` with the `__receive_time__` tag the server appends to every pulled group removed,
    /// and that tag's value; nil when the tag is not the group's last.
    static func splitReceiveTime(_ group: LogGroup) -> (group: LogGroup, receiveTime: Int64)? {
        guard let last = group.tags.last, last.key == "__receive_time__", let time = Int64(last.value) else { return nil }
        var stripped = group
        stripped.tags.removeLast()
        return (stripped, time)
    }
}

/// A log store server on a free loopback port over a fresh data directory. Used by one test
/// (one thread) at a time.
final class ServerFixture {
    static let credentials = ["id": "secret"]

    let directory: TestDirectory
    let server: LogStoreServer
    private var stopped = false

    init(credentials: [String: String] = ServerFixture.credentials, insecure: Bool = false) throws {
        let directory = try TestDirectory("server")
        do {
            server = try LogStoreServer(
                dataDirectory: directory.path + "/data", host: "127.0.0.1", port: 0, credentials: credentials,
                insecure: insecure)
        } catch {
            directory.remove()
            throw error
        }
        self.directory = directory
        server.start()
    }

    var port: Int { server.port }

    var dataDirectory: String { directory.path + "/data" }

    /// A client of the server signing with `id`/`secret`.
    func client(id: String = "id", secret: String = "secret") throws -> SLSClient {
        try SLSClient(
            endpoint: "127.0.0.1:\(server.port)", credentials: SLSCredentials(accessKeyId: id, accessKeySecret: secret),
            timeout: .seconds(10))
    }

    /// Stops the server (once).
    func stopServer() {
        guard !stopped else { return }
        stopped = true
        server.stop()
    }

    /// Stops the server and removes the data.
    func close() {
        stopServer()
        directory.remove()
    }
}

/// Reading a whole shard through the API.
enum ShardReader {
    /// Every group of `shard` from its begin cursor, decoded, with the cursor each was read at.
    static func readAll(
        _ client: SLSClient, project: String, store: String, shard: Int, compression: LogCompression = .lz4
    ) throws -> [(cursor: LogCursor, group: LogGroup)] {
        var cursor = try client.cursor(project: project, store: store, shard: shard, from: .begin)
        let end = try client.cursor(project: project, store: store, shard: shard, from: .end)
        var result: [(cursor: LogCursor, group: LogGroup)] = []
        while cursor < end {
            let pulled = try client.pullLogs(
                project: project, store: store, shard: shard, cursor: cursor, count: 1000, compression: compression)
            guard !(try pulled.groups).isEmpty else { break }
            for (offset, bytes) in (try pulled.groups).enumerated() {
                let group = try LogGroupCodec.decode(bytes)
                result.append((LogCursor(position: cursor.position + Int64(offset)), group))
            }
            cursor = pulled.nextCursor
        }
        return result
    }
}

/// A hand-written HTTP/1.1 exchange over a plain socket, for request forms `HTTPConnection`
/// does not produce (an absolute-form request target).
enum RawHTTP {
    struct Response {
        var status: Int
        var head: String
        var body: [UInt8]

        /// The `errorCode` of a JSON error body.
        var errorCode: String? {
            (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["errorCode"] as? String
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `request` (the full request text) to 127.0.0.1:`port` and reads one response.
    static func exchange(port: Int, _ request: String, timeoutSeconds: Int = 10) throws -> Response {
        #if canImport(Glibc)
            let streamType = Int32(SOCK_STREAM.rawValue)
        #else
            let streamType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
        #if os(Linux)
            let sendFlags = Int32(MSG_NOSIGNAL)
        #else
            let sendFlags: Int32 = 0
        #endif
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes.withUnsafeBytes { source in
                send(descriptor, source.baseAddress! + sent, bytes.count - sent, sendFlags)
            }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += wrote
        }
        var received: [UInt8] = []
        var headEnd: Int?
        var contentLength: Int?
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let headEnd, let contentLength, received.count >= headEnd + contentLength { break }
            let got = chunk.withUnsafeMutableBytes { target in recv(descriptor, target.baseAddress!, target.count, 0) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                if got < 0 { throw Failure(description: "recv: errno \(errno)") }
                break
            }
            received.append(contentsOf: chunk[0..<got])
            if headEnd == nil, let end = firstHeadEnd(received) {
                headEnd = end
                let head = String(decoding: received[0..<end], as: UTF8.self)
                contentLength = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first
            }
        }
        guard let headEnd else {
            throw Failure(description: "no complete response head in \(String(decoding: received, as: UTF8.self))")
        }
        let head = String(decoding: received[0..<headEnd], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let statusParts = statusLine.split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line \(statusLine)")
        }
        var body = Array(received[headEnd...])
        if let contentLength, body.count > contentLength { body = Array(body.prefix(contentLength)) }
        return Response(status: status, head: head, body: body)
    }

    /// The offset just past the `\r\n\r\n` ending the response head.
    private static func firstHeadEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}
