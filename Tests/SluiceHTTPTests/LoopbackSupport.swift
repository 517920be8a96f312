import Synchronization
import Testing

@testable import SluiceHTTP

/// A started server on 127.0.0.1 and an ephemeral port that echoes each request: the body back,
/// and `X-Method`, `X-Path` and `X-Query` (decoded `name=value` pairs) as headers. `/fixed`
/// answers "abc".
func makeEchoServer(limits: HTTPLimits = HTTPLimits()) throws -> HTTPServer {
    let server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits) { request in
        if request.path == "/fixed" { return HTTPResponse(status: 200, body: Array("abc".utf8)) }
        var headers = HTTPHeaders()
        headers.add("X-Method", request.method)
        headers.add("X-Path", request.path)
        headers.add("X-Query", request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        return HTTPResponse(status: 200, headers: headers, body: request.body)
    }
    server.start()
    return server
}

/// Opens a raw connection to 127.0.0.1:`port`, sends `text`, and returns all the server sends
/// until it closes.
func rawExchange(port: Int, _ text: String) throws -> [UInt8] {
    let socket = try rawConnection(port: port)
    defer { socket.close() }
    try socket.send(Array(text.utf8))
    var received: [UInt8] = []
    while true {
        let chunk = try socket.receive(upTo: 64 * 1024)
        if chunk.isEmpty { return received }
        received += chunk
    }
}

/// Opens a raw connection to 127.0.0.1:`port`, sends `text` and closes at once.
func rawSendAndClose(port: Int, _ text: String) throws {
    let socket = try rawConnection(port: port)
    defer { socket.close() }
    try socket.send(Array(text.utf8))
}

/// A raw connection to 127.0.0.1:`port` with 10-second timeouts.
private func rawConnection(port: Int) throws -> Socket {
    let address = try #require(try SocketAddress.resolve(host: "127.0.0.1", port: port, passive: false).first)
    let socket = try Socket.connect(to: address, timeout: .seconds(10))
    try socket.configureStream(timeout: .seconds(10))
    return socket
}

/// The response in `bytes`, which end where the server closed.
func parseResponse(_ bytes: [UInt8], to method: String = "GET") throws -> HTTPResponse {
    let parsed = try HTTPMessageParser(limits: HTTPLimits()).parseResponse(
        bytes, requestMethod: method, atEndOfStream: true)
    return try #require(parsed).response
}

/// What client threads report: how many requests went well, and what went wrong.
final class ClientOutcomes: Sendable {
    private struct Tally {
        var successes = 0
        var failures: [String] = []
    }

    private let tally = Mutex(Tally())

    /// Records a success (nil) or a failure.
    func record(_ failure: String?) {
        tally.withLock { tally in
            if let failure {
                tally.failures.append(failure)
            } else {
                tally.successes += 1
            }
        }
    }

    var successes: Int { tally.withLock { $0.successes } }
    var failures: [String] { tally.withLock { $0.failures } }
}
