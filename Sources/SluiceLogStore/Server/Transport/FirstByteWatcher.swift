import NIOCore

/// Sits before the HTTP decoder and tells `SLSChannelHandler` when bytes arrive, so that the
/// head deadline starts at a request's first byte (the decoder says nothing before a head is
/// complete). Passes the bytes on unchanged.
final class FirstByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private weak var observer: SLSChannelHandler?

    init(observer: SLSChannelHandler) {
        self.observer = observer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        observer?.bytesArrived()
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension FirstByteWatcher: Sendable {}
