import Foundation
import SluiceLogProtocol
import Testing

@testable import SluiceLogStore

/// The keep-alive idle timeout and the body deadline, watched act on a server whose deadlines are
/// shortened (the standard ones are 60 s and 120 s).
@Suite struct ServeDeadlineTests {
    static let timing = ServeTiming(
        requestHeadDeadlineMilliseconds: 1_500, keepAliveIdleTimeoutMilliseconds: 400,
        requestBodyDeadlineMilliseconds: 600, refusalDrainMilliseconds: 200)

    static func server(_ directory: TestDirectory) throws -> LogStoreServer {
        let server = try LogStoreServer(
            dataDirectory: directory.path + "/data", host: "127.0.0.1", port: 0, credentials: [:], insecure: true,
            policy: .always, segmentBytes: LogStorage.defaultSegmentBytes, timing: timing)
        server.start()
        try server.storage.createProject("proj1", description: "", now: 0)
        return server
    }

    static let getProject = "GET / HTTP/1.1\r\nHost: proj1.127.0.0.1\r\n\r\n"

    /// Whether the server closed the connection: the end of the stream is waiting.
    static func isClosed(_ socket: LoopbackSocket) -> Bool {
        socket.hasInput() && socket.readResponse() == nil
    }

    @Test func aQuietConnectionIsClosedButTheBytesOfAHeadDoNotKeepItOpen() throws {
        let directory = try TestDirectory("deadlines")
        defer { directory.remove() }
        let server = try Self.server(directory)
        defer { server.stop() }

        let quiet = try LoopbackSocket(from: "127.0.0.2", port: server.port, timeoutSeconds: 5)
        let trickling = try LoopbackSocket(from: "127.0.0.3", port: server.port, timeoutSeconds: 5)
        for socket in [quiet, trickling] {
            #expect(socket.send(Self.getProject))
            #expect(socket.readResponse()?.status == 200)
        }
        // The next head trickles in on one connection, a byte every 100 ms; the other stays quiet.
        let next = Array(Self.getProject.utf8)
        let started = Date()
        var sent = 0
        while Date().timeIntervalSince(started) < 1.0 {
            trickling.send([next[sent]])
            sent += 1
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(Self.isClosed(quiet), "idle for 1 s with a 400 ms keep-alive timeout")
        #expect(!trickling.hasInput(), "a head in progress is not idle")
        while Date().timeIntervalSince(started) < 2.2 {
            trickling.send([next[sent]])
            sent += 1
            Thread.sleep(forTimeInterval: 0.1)
        }
        let cut = trickling.readResponse()
        #expect(cut?.status == 408, "the head deadline, 1.5 s from its first byte, though bytes kept coming")
        #expect(cut?.errorCode == "RequestTimeout")
    }

    @Test func aBodySlowerThanItsDeadlineIsRefused() throws {
        let directory = try TestDirectory("deadlines")
        defer { directory.remove() }
        let server = try Self.server(directory)
        defer { server.stop() }
        let socket = try LoopbackSocket(from: "127.0.0.2", port: server.port, timeoutSeconds: 5)
        #expect(
            socket.send(
                "POST / HTTP/1.1\r\nHost: proj1.127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"))
        let started = Date()
        let response = socket.readResponse()
        #expect(response?.status == 408)
        #expect(response?.errorCode == "RequestTimeout")
        #expect(Date().timeIntervalSince(started) < 4, "answered at the body deadline, not at the socket's timeout")
    }
}
