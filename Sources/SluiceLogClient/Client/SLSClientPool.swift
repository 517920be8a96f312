import Foundation

/// Idle `SLSClient`s kept between uses, so that tasks reading the same log store one after
/// another reuse one keep-alive connection instead of opening one each. A client is lent to one
/// caller at a time (`SLSClient` is not thread-safe); concurrent callers get distinct clients.
public final class SLSClientPool: @unchecked Sendable {
    /// Idle clients kept per endpoint and key pair; more are closed when given back.
    public static let idleClientsPerEndpointMax = 8

    /// The process-wide pool.
    public static let shared = SLSClientPool()

    private struct Key: Hashable {
        let endpoint: String
        let accessKeyId: String
        let accessKeySecret: String
    }

    private var idle: [Key: [SLSClient]] = [:]
    private let lock = NSLock()

    /// Creates an empty pool.
    public init() {}

    /// Runs `body` with an idle client of `endpoint` signing with `credentials` (a new one when
    /// none is idle), and keeps the client for the next caller when `body` returns. A client
    /// whose `body` threw is dropped, with its connection.
    /// - Throws: `LogStoreError` when `endpoint` does not parse, or what `body` throws.
    public func withClient<T>(
        endpoint: String, credentials: SLSCredentials, _ body: (SLSClient) throws -> T
    ) throws -> T {
        let key = Key(endpoint: endpoint, accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret)
        let client = try take(key) ?? SLSClient(endpoint: endpoint, credentials: credentials)
        let result = try body(client)
        giveBack(client, key)
        return result
    }

    /// Idle clients of `endpoint` with `credentials` (for tests and diagnostics).
    public func idleCount(endpoint: String, credentials: SLSCredentials) -> Int {
        let key = Key(endpoint: endpoint, accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret)
        lock.lock()
        defer { lock.unlock() }
        return idle[key]?.count ?? 0
    }

    private func take(_ key: Key) -> SLSClient? {
        lock.lock()
        defer { lock.unlock() }
        return idle[key]?.popLast()
    }

    private func giveBack(_ client: SLSClient, _ key: Key) {
        lock.lock()
        defer { lock.unlock() }
        guard (idle[key]?.count ?? 0) < Self.idleClientsPerEndpointMax else { return }
        idle[key, default: []].append(client)
    }
}
