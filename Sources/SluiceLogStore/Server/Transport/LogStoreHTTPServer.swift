import NIOCore
import NIOHTTP1
import NIOPosix
import SluiceHTTP
import SluiceLogClient

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP side of `sluice logstore serve`: SwiftNIO event loops (one thread per core) hold the
/// connections, however many; a storage call runs on its connection's loop when that loop has no
/// other request in progress, else on a thread pool (`LoopLoad`). Each client address may
/// hold `ServeLimits.maxConnectionsPerAddress` connections; the others are refused with an SLS
/// JSON error. Requests are served by `SLSChannelHandler`.
final class LogStoreHTTPServer: Sendable {
    /// The bound port.
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let threadPool: NIOThreadPool
    private let channel: any Channel
    private let limiter: ConnectionLimiter

    /// Binds `host:port` (0 picks a free port); connections are accepted only from `start()` on.
    init(host: String, port: Int, handler: SLSRequestHandler, timing: ServeTiming = .standard) throws(LogStoreError) {
        guard (0...65535).contains(port) else { throw LogStoreError("cannot listen on \(host):\(port): invalid port") }
        Self.raiseOpenFileLimit()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let threadPool = NIOThreadPool(numberOfThreads: ServeLimits.storageThreads)
        threadPool.start()
        let limiter = ConnectionLimiter(maxPerAddress: ServeLimits.maxConnectionsPerAddress)
        let loads = LoopLoad.perLoop(of: group)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(
                        channel, handler: handler, threadPool: threadPool, limiter: limiter,
                        load: loads[ObjectIdentifier(channel.eventLoop)] ?? LoopLoad(), timing: timing)
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.bind(host: host == "localhost" ? "127.0.0.1" : host, port: port).wait()
        } catch {
            try? threadPool.syncShutdownGracefully()
            try? group.syncShutdownGracefully()
            throw LogStoreError("cannot listen on \(host):\(port): \(error)")
        }
        self.port = channel.localAddress?.port ?? port
        self.group = group
        self.threadPool = threadPool
        self.channel = channel
        self.limiter = limiter
    }

    /// Starts accepting connections.
    func start() {
        channel.setOption(.autoRead, value: true).whenSuccess { [channel] in channel.read() }
    }

    /// Stops: closes the listening socket and every connection, waits for the storage calls in
    /// progress. Do not call it from an event loop.
    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
        try? threadPool.syncShutdownGracefully()
    }

    /// Connections open now.
    var openConnections: Int { limiter.openConnections }

    /// The pipeline of a new connection: counted against its address, or refused.
    private static func configure(
        _ channel: any Channel, handler: SLSRequestHandler, threadPool: NIOThreadPool, limiter: ConnectionLimiter,
        load: LoopLoad, timing: ServeTiming
    ) throws {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let operations = channel.pipeline.syncOperations
        guard limiter.admit(address) else {
            let refusal = handler.refusal(
                LogStoreError(
                    "\(address) already holds \(limiter.maxPerAddress) connections, the most one client address may hold",
                    code: "ExceedQuota", status: 429))
            try operations.addHandler(HTTPResponseEncoder())
            try operations.addHandler(RefusingHandler(refusal: refusal, drainMilliseconds: timing.refusalDrainMilliseconds))
            return
        }
        channel.closeFuture.whenComplete { _ in limiter.release(address) }
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderListSize = ServeLimits.maxRequestHeadBytes
        limits.maxHeaderFieldSize = ServeLimits.maxRequestHeadBytes
        limits.maxHeaderFieldCount = ServeLimits.maxRequestHeaderFields
        let served = SLSChannelHandler(handler: handler, threadPool: threadPool, load: load, timing: timing)
        try operations.addHandler(FirstByteWatcher(observer: served))
        try operations.addHandler(
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
        try operations.addHandler(HTTPResponseEncoder())
        try operations.addHandler(served)
    }

    /// Raises this process's soft limit on open files to its hard limit: each connection holds a
    /// descriptor.
    /// - Returns: The soft limit then (0 when it cannot be read).
    @discardableResult
    static func raiseOpenFileLimit() -> UInt64 {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(resource, &limit)
        }
        return UInt64(limit.rlim_cur)
    }
}
