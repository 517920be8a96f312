import NIOCore
import NIOHTTP1
import SluiceHTTP

/// The whole pipeline of a connection refused on arrival (its address is at its connection
/// limit): writes the refusal, an SLS JSON error, closes its output, reads and discards what the
/// client sends for a moment (so that it reads the refusal rather than a reset), then closes.
/// Goes after an `HTTPResponseEncoder`.
final class RefusingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = HTTPServerResponsePart

    private let refusal: SluiceHTTP.HTTPResponse
    private let drainMilliseconds: Int64
    private var drainTimer: Scheduled<Void>?

    init(refusal: SluiceHTTP.HTTPResponse, drainMilliseconds: Int64) {
        self.refusal = refusal
        self.drainMilliseconds = drainMilliseconds
    }

    func channelActive(context: ChannelHandlerContext) {
        let body = context.channel.allocator.buffer(bytes: refusal.body)
        let head = ResponseParts.head(refusal, contentLength: body.readableBytes, closing: true, version: .http1_1)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
        context.close(mode: .output, promise: nil)
        drainTimer = context.eventLoop.assumeIsolated().scheduleTask(
            in: .milliseconds(drainMilliseconds)
        ) {
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func channelInactive(context: ChannelHandlerContext) {
        drainTimer?.cancel()
        drainTimer = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event as? ChannelEvent == .inputClosed { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension RefusingHandler: Sendable {}
