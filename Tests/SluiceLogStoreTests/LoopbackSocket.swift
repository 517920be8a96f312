import Foundation

@testable import SluiceLogStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A client TCP socket to a server on 127.0.0.1, bound first to a chosen loopback source address
/// (Linux routes all of 127/8 to loopback), so that a test can play many client addresses.
final class LoopbackSocket: Sendable {
    let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects from `source` (an address in 127/8) to 127.0.0.1:`port`.
    init(from source: String, port: Int, timeoutSeconds: Int = 10) throws {
        #if canImport(Glibc)
            let streamType = Int32(SOCK_STREAM.rawValue)
        #else
            let streamType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_port = 0
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw Failure(description: "bind to \(source): errno \(errno)")
        }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &remote) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure(description: "connect from \(source) to port \(port): errno \(errno)")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends all of `bytes`; false when the peer closed or reset the connection first.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes.withUnsafeBytes { socketSend(descriptor, $0.baseAddress! + sent, bytes.count - sent, flags) }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { return false }
            sent += wrote
        }
        return true
    }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Whether bytes (or the end of the stream) are waiting to be read, without reading them.
    func hasInput() -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    /// Reads one response: its head, then `Content-Length` bytes of body (or to the end of the
    /// stream). Nil when the connection ends or times out before a complete head.
    func readResponse() -> RawHTTP.Response? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headEnd: Int?
        var contentLength = Int.max
        while headEnd.map({ received.count < $0 + contentLength }) ?? true {
            let got = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            received.append(contentsOf: chunk[0..<got])
            if headEnd == nil, let end = Self.headEnd(received) {
                headEnd = end
                let head = String(decoding: received[0..<end], as: UTF8.self)
                contentLength = Self.field("content-length", in: head).flatMap { Int($0) } ?? Int.max
            }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: received[0..<headEnd], as: UTF8.self)
        let statusParts = (head.split(separator: "\r\n").first ?? "").split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        return RawHTTP.Response(status: status, head: head, body: Array(received[headEnd...].prefix(contentLength)))
    }

    /// The value of the first field `name` (any case) in a response head.
    static func field(_ name: String, in head: String) -> String? {
        head.split(separator: "\r\n").dropFirst().compactMap { line -> String? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == name else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }.first
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// Raises this process's soft limit on open files to its hard limit (a test holding
    /// thousands of sockets needs more than the usual 1,024), as the server does, and returns it.
    @discardableResult
    static func raiseOpenFileLimit() -> UInt64 { LogStoreHTTPServer.raiseOpenFileLimit() }
}

/// `send(2)`, under a name the socket's own `send` does not shadow.
private func socketSend(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(descriptor, bytes, count, flags)
}
