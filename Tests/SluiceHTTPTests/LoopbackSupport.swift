import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@testable import SluiceHTTP

/// The peer of the client tests: a SwiftNIO HTTP/1.1 server on 127.0.0.1 and an ephemeral port
/// that echoes each request: the body back, and `X-Method`, `X-Path` and `X-Query` (decoded
/// `name=value` pairs) as headers. `/fixed` answers "abc". Keeps connections alive unless the
/// request says `Connection: close`; with `idleTimeout`, closes a connection idle that long.
final class EchoServer: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let counts: Counts

    final class Counts: Sendable {
        let accepted = Atomic(0)
        let open = Atomic(0)
    }

    init(idleTimeout: TimeAmount? = nil) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counts = Counts()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                counts.accepted.add(1, ordering: .relaxed)
                counts.open.add(1, ordering: .relaxed)
                channel.closeFuture.whenComplete { _ in counts.open.subtract(1, ordering: .relaxed) }
                return channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let idleTimeout {
                        try operations.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    }
                    try operations.configureHTTPServerPipeline()
                    try operations.addHandler(EchoHandler())
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        port = channel.localAddress?.port ?? 0
        self.group = group
        self.counts = counts
    }

    /// Connections accepted so far.
    var acceptedConnections: Int { counts.accepted.load(ordering: .relaxed) }

    /// Connections open now.
    var openConnections: Int { counts.open.load(ordering: .relaxed) }

    /// Closes the listening socket and every connection.
    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Answers each request as `EchoServer` says.
private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case let .head(head):
            self.head = head
            body = []
        case let .body(buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            answer(context: context, head: head)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    private func answer(context: ChannelHandlerContext, head: HTTPRequestHead) {
        var headers = NIOHTTP1.HTTPHeaders()
        let answer: [UInt8]
        let target = try? RequestTarget(parsing: head.uri)
        if target?.path == "/fixed" {
            answer = Array("abc".utf8)
        } else {
            headers.add(name: "X-Method", value: head.method.rawValue)
            headers.add(name: "X-Path", value: target?.path ?? "")
            headers.add(name: "X-Query", value: (target?.query ?? []).map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
            answer = body
        }
        headers.add(name: "Content-Length", value: String(answer.count))
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer)))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: written)
        if !keepAlive {
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
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
