import Foundation
import Testing

@testable import SluiceZMQ

#if canImport(Glibc)
    import Glibc
#endif

/// A PLAIN server socket whose ZAP handler runs in a `ZMQLoop`, with real peers over TCP.
@Suite(.serialized) struct ZAPTests {
    /// A loop owning the ZAP handler (password "right", domain "test") and a PLAIN ROUTER bound
    /// to loopback, recording what the ROUTER receives and every decision of the handler.
    final class Server: Sendable {
        let loop: ZMQLoop
        let endpoint: String
        let received = Recorder<[[UInt8]]>()
        let decisions = Recorder<ZAPHandler.Decision>()

        init(context: ZMQContext, maxMessageBytes: Int? = nil, handshake: Duration = .seconds(30)) throws {
            let handler = ZAPHandler(plainPassword: bytes("right"), domain: "test")
            let bound = Recorder<String>()
            let received = self.received
            let decisions = self.decisions
            loop = try ZMQLoop(
                context: context,
                setup: { context in
                    let zap = try ZAPHandler.makeSocket(context: context)
                    let router = try ZMQSocket(
                        context: context, kind: .router,
                        options: [
                            .linger(.zero), .plainServer(true), .zapDomain("test"), .maxMessageSize(maxMessageBytes),
                            .handshakeInterval(handshake),
                        ])
                    try router.bind("tcp://127.0.0.1:*")
                    bound.append(try router.lastEndpoint)
                    return ["router": router, "zap": zap]
                },
                onMessage: { message, sockets in
                    if message.socket == "zap" {
                        let decision = handler.answer(message.frames)
                        decisions.append(decision)
                        if let reply = decision.reply { sockets.send(to: "zap", reply) }
                    } else {
                        received.append(message.frames)
                        sockets.send(to: "router", [message.frames[0], bytes("ack")])
                    }
                })
            endpoint = bound.values[0]
        }
    }

    /// A DEALER on the calling thread with `options`, monitored for handshake events on
    /// `inproc://<name>`, connected to `endpoint`; returns it and the monitor's PAIR.
    func dealer(_ context: ZMQContext, name: String, options: [ZMQSocket.Option], endpoint: String) throws
        -> (ZMQSocket, ZMQSocket)
    {
        let dealer = try ZMQSocket(
            context: context, kind: .dealer, options: [.linger(.zero), .receiveTimeout(.seconds(5))] + options)
        try dealer.monitor("inproc://\(name)", events: [.handshakeSucceeded, .handshakeFailedAuth, .handshakeFailedProtocol])
        let monitor = try ZMQSocket(context: context, kind: .pair, options: [.linger(.zero), .receiveTimeout(.seconds(5))])
        try monitor.connect("inproc://\(name)")
        try dealer.connect(endpoint)
        return (dealer, monitor)
    }

    @Test func onlyPeersWithThePasswordGetFramesThrough() throws {
        let serverContext = try ZMQContext(blocky: false)
        let server = try Server(context: serverContext)
        defer { server.loop.stop() }
        let context = try ZMQContext(blocky: false)

        let (right, rightMonitor) = try dealer(
            context, name: "right", options: [.plainUsername(bytes("e1")), .plainPassword(bytes("right"))],
            endpoint: server.endpoint)
        let (wrong, wrongMonitor) = try dealer(
            context, name: "wrong", options: [.plainUsername(bytes("e2")), .plainPassword(bytes("wrong"))],
            endpoint: server.endpoint)
        let (none, noneMonitor) = try dealer(context, name: "none", options: [], endpoint: server.endpoint)
        defer { for socket in [right, rightMonitor, wrong, wrongMonitor, none, noneMonitor] { socket.close() } }

        let succeeded = ZMQMonitorEvent(frames: try rightMonitor.receive())
        #expect(succeeded?.kind == .handshakeSucceeded)
        let refused = ZMQMonitorEvent(frames: try wrongMonitor.receive())
        #expect(refused?.kind == .handshakeFailedAuth)
        #expect(refused?.value == 400)
        // A peer without credentials speaks the NULL mechanism: the handshake fails before ZAP.
        let mismatched = ZMQMonitorEvent(frames: try noneMonitor.receive())
        #expect(mismatched?.kind == .handshakeFailedProtocol)

        // Without a completed connection a DEALER may refuse to queue (EAGAIN): either way nothing goes.
        try? wrong.send([bytes("from wrong")], dontWait: true)
        try? none.send([bytes("from none")], dontWait: true)
        try right.send([bytes("from right")])
        #expect(try right.receive() == [bytes("ack")])
        // What the refused peers queued never arrives, and they get no answer.
        Thread.sleep(forTimeInterval: 0.3)
        #expect(server.received.values.map { $0[1] } == [bytes("from right")])
        #expect(server.received.values.first?[0].isEmpty == false)
        #expect(throws: ZMQError.self) { try wrong.receive(dontWait: true) }

        let decisions = server.decisions.values
        #expect(decisions.count >= 2)
        #expect(decisions.contains { $0.accepted && $0.request?.credentials.first == bytes("e1") })
        #expect(decisions.contains { !$0.accepted && $0.request?.credentials.first == bytes("e2") })
        #expect(decisions.allSatisfy { $0.request?.mechanism == "PLAIN" && $0.request?.address == "127.0.0.1" })
    }

    @Test func answersAreZAPRepliesAndOtherDomainsAreRefused() {
        let handler = ZAPHandler(plainPassword: bytes("pw"), domain: "d")
        let request: (String, String) -> [[UInt8]] = { domain, password in
            [bytes("peer"), [], bytes("1.0"), bytes("7"), bytes(domain), bytes("10.0.0.1"), [], bytes("PLAIN"), bytes("u"), bytes(password)]
        }
        let ok = handler.answer(request("d", "pw"))
        #expect(ok.accepted)
        #expect(ok.reply == [bytes("peer"), [], bytes("1.0"), bytes("7"), bytes("200"), bytes("OK"), bytes("u"), []])
        #expect(!handler.answer(request("other", "pw")).accepted)
        let bad = handler.answer(request("d", "pw2"))
        #expect(!bad.accepted)
        #expect(bad.reply?[4] == bytes("400"))
        #expect(handler.answer([bytes("peer"), [], bytes("2.0")]).reply == nil)
    }

    /// Writes all of `bytes` to `descriptor`; false once the peer has closed the connection.
    func write(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Resident memory of this process, in bytes.
    func residentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// A TCP connection to `endpoint`'s port on loopback that has sent a ZMTP 3.0 greeting for PLAIN.
    func greeted(_ endpoint: String) throws -> Int32 {
        let port = UInt16(endpoint.split(separator: ":").last.flatMap { Int($0) } ?? 0)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var greeting: [UInt8] = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, 0]
        greeting += bytes("PLAIN") + [UInt8](repeating: 0, count: 15) + [0] + [UInt8](repeating: 0, count: 31)
        #expect(greeting.count == 64)
        #expect(write(descriptor, greeting))
        return descriptor
    }

    @Test func aPeerThatStallsItsHandshakeIsDisconnected() throws {
        let context = try ZMQContext(blocky: false)
        let server = try Server(context: context, handshake: .milliseconds(300))
        defer { server.loop.stop() }
        let descriptor = try greeted(server.endpoint)
        defer { close(descriptor) }
        // Read the server's greeting, then nothing more comes: the connection is closed.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        var read = 0
        var last = 1
        while last > 0 {
            last = recv(descriptor, &buffer, buffer.count, 0)
            if last > 0 { read += last }
        }
        #expect(read >= 64, "the server's greeting")
        #expect(last == 0, "closed by the server (not timed out: errno \(errno))")
    }

    @Test func aHandshakeCommandOverTheLimitIsRefusedBeforeItIsRead() throws {
        let limit = 1 << 20
        let context = try ZMQContext(blocky: false)
        let server = try Server(context: context, maxMessageBytes: limit)
        defer { server.loop.stop() }
        // A ZMTP 3.0 greeting for PLAIN, then a HELLO command that claims 64 MiB.
        let descriptor = try greeted(server.endpoint)
        defer { close(descriptor) }
        let claimed = 64 << 20
        let before = residentBytes()
        var header: [UInt8] = [0x06]
        for shift in stride(from: 56, through: 0, by: -8) { header.append(UInt8(truncatingIfNeeded: claimed >> shift)) }
        var sent = 0
        if write(descriptor, header) {
            let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
            while sent < claimed, write(descriptor, chunk) { sent += chunk.count }
        }
        // The server closes the connection at the header: most of the claimed bytes never go.
        #expect(sent < claimed, "the server read \(sent) bytes of a HELLO larger than its limit")
        #expect(residentBytes() - before < 32 << 20)
        #expect(server.decisions.count == 0, "no ZAP request for a handshake that never completed")
        #expect(server.received.count == 0)
    }
}
