import Foundation
import SluiceCore
import SluiceLogClient
import Synchronization

/// `sluice logstore serve`: the storage behind the SLS HTTP API, plus a background pass that
/// flushes appends (under the `interval` fsync policy) and applies retention.
public final class LogStoreServer: Sendable {
    /// The storage served.
    public let storage: LogStorage
    private let http: LogStoreHTTPServer
    private let policy: FsyncPolicy
    private let stopping = Mutex(false)

    /// How often retention runs.
    public static let retentionInterval: Duration = .seconds(60)

    /// Opens the data directory and binds `host:port` (port 0 picks a free one).
    /// - Parameter credentials: access key id → secret; requests must be signed by one of them
    ///   unless `insecure` is set.
    public convenience init(
        dataDirectory: String, host: String, port: Int, credentials: [String: String], insecure: Bool,
        policy: FsyncPolicy = .always, segmentBytes: Int = LogStorage.defaultSegmentBytes
    ) throws(LogStoreError) {
        try self.init(
            dataDirectory: dataDirectory, host: host, port: port, credentials: credentials, insecure: insecure,
            policy: policy, segmentBytes: segmentBytes, timing: .standard)
    }

    /// As the public initializer, with the deadlines `timing` instead of `ServeLimits`' (tests).
    init(
        dataDirectory: String, host: String, port: Int, credentials: [String: String], insecure: Bool,
        policy: FsyncPolicy, segmentBytes: Int, timing: ServeTiming
    ) throws(LogStoreError) {
        precondition(insecure || !credentials.isEmpty, "a log store server needs access keys or insecure mode")
        storage = try LogStorage(directory: dataDirectory, policy: policy, segmentBytes: segmentBytes)
        self.policy = policy
        let handler = SLSRequestHandler(
            storage: storage, authenticator: RequestAuthenticator(credentials: credentials, insecure: insecure))
        http = try LogStoreHTTPServer(host: host, port: port, handler: handler, timing: timing)
    }

    /// The bound port.
    public var port: Int { http.port }

    /// Client connections open now.
    public var openConnections: Int { http.openConnections }

    /// Starts serving and the maintenance thread; returns at once.
    public func start() {
        _ = try? storage.applyRetention(now: Int64(Date().timeIntervalSince1970))
        http.start()
        let thread = Thread { [self] in maintain() }
        thread.name = "logstore-maintenance"
        thread.start()
    }

    /// Stops serving and flushes what is not on disk yet.
    public func stop() {
        stopping.withLock { $0 = true }
        http.stop()
        try? storage.flushAll()
    }

    private func maintain() {
        let tick: Duration
        if case let .interval(every) = policy { tick = every } else { tick = .milliseconds(500) }
        var sinceRetention: Duration = .zero
        while !stopping.withLock({ $0 }) {
            Thread.sleep(forTimeInterval: tick.seconds)
            do {
                try storage.flushAll()
                sinceRetention += tick
                if sinceRetention >= Self.retentionInterval {
                    sinceRetention = .zero
                    try storage.applyRetention(now: Int64(Date().timeIntervalSince1970))
                }
            } catch {
                FileHandle.standardError.write(Data("logstore: \(error)\n".utf8))
            }
        }
    }
}
