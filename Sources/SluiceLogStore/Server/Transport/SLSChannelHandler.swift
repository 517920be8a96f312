import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SluiceHTTP
import SluiceLogClient

/// Serves the SLS requests of one connection on its event loop: one request at a time (pipelined
/// requests wait their turn), each authenticated from its head before any of its body is read,
/// its body checked against the digest the signed head declared, then answered by
/// `SLSRequestHandler`: on the event loop when the request is the only one in progress there
/// (`LoopLoad`), else on the storage thread pool, so that a disk wait never holds up another
/// connection's request. Enforces the head deadline, the keep-alive idle timeout, the body deadline and
/// the body limit (`ServeLimits`); every refusal, malformed HTTP included, is an SLS JSON error.
final class SLSChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: SLSRequestHandler
    private let threadPool: NIOThreadPool
    private let load: LoopLoad
    private let timing: ServeTiming
    /// Whether this connection's request in progress is counted in `load`.
    private var counted = false

    /// Where the connection is.
    private enum State: Equatable {
        /// Waiting for the first byte of a request; the idle timeout runs.
        case idle
        /// A head is arriving; the head deadline runs.
        case readingHead
        /// A head was accepted; its body is arriving and the body deadline runs.
        case readingBody
        /// The answer is being computed or written.
        case processing
        /// Refused before the request's end: what the client still sends is discarded until the
        /// drain time ends, then the connection closes.
        case draining
        case closed
    }

    /// A request whose head was accepted, while its body arrives.
    private struct Pending {
        var request: SluiceHTTP.HTTPRequest
        var digest: BodyDigest
        var keepAlive: Bool
        var version: NIOHTTP1.HTTPVersion
    }

    private var state = State.idle
    private var pending: Pending?
    private var body: [UInt8] = []
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// Parts that arrived while an answer was in progress (pipelining), replayed after it.
    private var queued: [HTTPServerRequestPart] = []
    /// A `read` held back while an answer is in progress.
    private var readHeld = false
    /// Whether to close once the answer in progress is written.
    private var closeAfterAnswer = false

    init(handler: SLSRequestHandler, threadPool: NIOThreadPool, load: LoopLoad, timing: ServeTiming) {
        self.handler = handler
        self.threadPool = threadPool
        self.load = load
        self.timing = timing
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        arm(timing.keepAliveIdleTimeoutMilliseconds) { handler in handler.closeNow() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        endRequest()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        endRequest()
        state = .closed
        context.fireChannelInactive()
    }

    /// Called by `FirstByteWatcher` when bytes arrive: the first byte of a request starts its
    /// head deadline.
    func bytesArrived() {
        guard state == .idle else { return }
        state = .readingHead
        arm(timing.requestHeadDeadlineMilliseconds) { handler in
            handler.refuse(
                LogStoreError(
                    "the request head did not arrive within \(handler.timing.requestHeadDeadlineMilliseconds) ms",
                    code: "RequestTimeout", status: 408))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = Self.unwrapInboundIn(data)
        if state == .processing {
            queued.append(part)
            return
        }
        receive(part)
    }

    func read(context: ChannelHandlerContext) {
        if state == .processing {
            readHeld = true
            return
        }
        context.read()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let parseError = error as? HTTPParserError else {
            closeNow()
            return
        }
        switch state {
        case .processing:
            closeAfterAnswer = true
        case .draining, .closed:
            closeNow()
        case .idle, .readingHead, .readingBody:
            if parseError == .headerOverflow {
                refuse(
                    LogStoreError(
                        "the request head is larger than \(ServeLimits.maxRequestHeadBytes) bytes or has more than "
                            + "\(ServeLimits.maxRequestHeaderFields) fields",
                        code: "ParameterInvalid", status: 431))
            } else {
                refuse(LogStoreError("malformed HTTP request: \(parseError)", code: "ParameterInvalid", status: 400))
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event as? ChannelEvent == .inputClosed {
            // The client sent all it will: answer what is in progress, then close.
            if state == .processing { closeAfterAnswer = true } else { closeNow() }
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Requests

    private func receive(_ part: HTTPServerRequestPart) {
        switch (part, state) {
        case let (.head(head), .idle), let (.head(head), .readingHead):
            disarm()
            accept(head)
        case let (.body(buffer), .readingBody):
            guard body.count + buffer.readableBytes <= ServeLimits.maxRequestBodyBytes else {
                refuse(Self.tooLarge)
                return
            }
            body.append(contentsOf: buffer.readableBytesView)
        case (.end, .readingBody):
            disarm()
            answer()
        case (.end, .draining):
            closeNow()
        default:
            break  // the rest of a refused request, or parts after close
        }
    }

    /// Takes a request head: refuses it (before any of the body is read) when it is malformed,
    /// unsigned, signed wrongly, lacks its body's digest, or declares a body over the limit.
    private func accept(_ head: HTTPRequestHead) {
        var headers = SluiceHTTP.HTTPHeaders()
        for (name, value) in head.headers { headers.add(name, value) }
        let version = SluiceHTTP.HTTPVersion(major: head.version.major, minor: head.version.minor)
        let request: SluiceHTTP.HTTPRequest
        do {
            request = try SluiceHTTP.HTTPRequest(method: head.method.rawValue, target: head.uri, headers: headers, version: version)
        } catch {
            refuse(LogStoreError("malformed request target \(head.uri): \(error)", code: "ParameterInvalid", status: 400))
            return
        }
        let declaredLength = head.headers.first(name: "content-length").flatMap { Int($0) }
        let chunked = head.headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
        let hasBody = chunked || (declaredLength ?? 0) > 0
        let digest: BodyDigest
        do {
            digest = try handler.authenticator.checkHead(request, hasBody: hasBody, now: Int64(Date().timeIntervalSince1970))
        } catch {
            refuse(error)
            return
        }
        if let declaredLength, declaredLength > ServeLimits.maxRequestBodyBytes {
            refuse(Self.tooLarge)
            return
        }
        pending = Pending(request: request, digest: digest, keepAlive: head.isKeepAlive, version: head.version)
        beginRequest()
        body = []
        if let declaredLength, !chunked { body.reserveCapacity(declaredLength) }
        state = .readingBody
        if hasBody {
            if let context, head.version == .http1_1,
                head.headers.first(name: "expect")?.lowercased() == "100-continue"
            {
                let proceed = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(Self.wrapOutboundOut(.head(proceed)), promise: nil)
            }
            arm(timing.requestBodyDeadlineMilliseconds) { handler in
                handler.refuse(
                    LogStoreError(
                        "the request body did not arrive within \(handler.timing.requestBodyDeadlineMilliseconds) ms",
                        code: "RequestTimeout", status: 408))
            }
        }
    }

    private static var tooLarge: LogStoreError {
        LogStoreError(
            "the request body is larger than \(ServeLimits.maxRequestBodyBytes) bytes", code: "PostBodyTooLarge",
            status: 413)
    }

    /// The request is complete: checks its body and answers it, on this event loop when no other
    /// request is in progress on it, else on the storage thread pool. A write (POST: PutLogs,
    /// creating a project or a store) that waits for `fdatasync` always goes to the pool, so the
    /// reads sharing its loop (a query's cursor and shard calls, PullLogs) need not wait for the disk.
    private func answer() {
        guard let context, var pending else { return }
        self.pending = nil
        pending.request.body = body
        body = []
        state = .processing
        let handler = self.handler
        let request = pending.request
        let digest = pending.digest
        let keepAlive = pending.keepAlive
        let version = pending.version
        @Sendable func respond() -> SluiceHTTP.HTTPResponse {
            do throws(LogStoreError) {
                try handler.authenticator.checkBody(request.body, against: digest)
            } catch {
                return handler.refusal(error)
            }
            return handler.handle(request)
        }
        let finish = { [self] (result: Result<SluiceHTTP.HTTPResponse, any Error>) in
            let response: SluiceHTTP.HTTPResponse
            switch result {
            case let .success(answer): response = answer
            case .failure:
                response = handler.refusal(
                    LogStoreError("the server is stopping", code: "InternalServerError", status: 500))
                closeAfterAnswer = true
            }
            write(
                response, keepAlive: keepAlive && !closeAfterAnswer, version: version,
                isHead: request.method == "HEAD")
        }
        if load.isShared || (request.method == "POST" && handler.storage.syncsEachWrite) {
            threadPool.runIfActive(eventLoop: context.eventLoop, respond).assumeIsolated().whenComplete(finish)
        } else {
            finish(.success(respond()))
        }
    }

    /// Writes an answer; then waits for the next request (replaying any that arrived meanwhile)
    /// or closes.
    private func write(_ response: SluiceHTTP.HTTPResponse, keepAlive: Bool, version: NIOHTTP1.HTTPVersion, isHead: Bool) {
        guard let context, state != .closed else { return }
        endRequest()
        let body = ResponseParts.body(response, allocator: context.channel.allocator)
        let head = ResponseParts.head(response, contentLength: body.count, closing: !keepAlive, version: version)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        if !isHead {
            for piece in body.data where piece.readableBytes > 0 {
                context.write(Self.wrapOutboundOut(.body(piece)), promise: nil)
            }
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { [self] _ in
            body.release()
            if !keepAlive { closeNow() }
        }
        guard keepAlive else { return }
        state = .idle
        arm(timing.keepAliveIdleTimeoutMilliseconds) { handler in handler.closeNow() }
        let replay = queued
        queued = []
        for part in replay {
            if state == .processing { queued.append(part) } else { receive(part) }
        }
        if readHeld, state != .processing {
            readHeld = false
            context.read()
        }
    }

    /// Refuses the request in progress with an SLS JSON error and ends the connection: its output
    /// closes at once, and what the client still sends is read and discarded for the drain time
    /// (or until the request's end), so that it reads the refusal.
    private func refuse(_ error: LogStoreError) {
        guard let context, state != .closed, state != .draining, state != .processing else { return }
        disarm()
        endRequest()
        pending = nil
        body = []
        let response = handler.refusal(error)
        let buffer = context.channel.allocator.buffer(bytes: response.body)
        let head = ResponseParts.head(response, contentLength: buffer.readableBytes, closing: true, version: .http1_1)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        context.close(mode: .output, promise: nil)
        state = .draining
        arm(timing.refusalDrainMilliseconds) { handler in handler.closeNow() }
    }

    private func closeNow() {
        disarm()
        endRequest()
        guard let context, state != .closed else { return }
        state = .closed
        context.close(promise: nil)
    }

    private func beginRequest() {
        guard !counted else { return }
        counted = true
        load.begin()
    }

    private func endRequest() {
        guard counted else { return }
        counted = false
        load.end()
    }

    // MARK: Timer

    /// Replaces the running timer with one that calls `action` after `milliseconds`.
    private func arm(_ milliseconds: Int64, _ action: @escaping (SLSChannelHandler) -> Void) {
        disarm()
        guard let context else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(milliseconds)) { [weak self] in
            guard let self else { return }
            self.timer = nil
            action(self)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}

@available(*, unavailable)
extension SLSChannelHandler: Sendable {}
