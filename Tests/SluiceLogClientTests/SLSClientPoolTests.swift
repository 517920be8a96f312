import SluiceLogClient
import Testing

@Suite struct SLSClientPoolTests {
    let credentials = SLSCredentials(accessKeyId: "id", accessKeySecret: "secret")

    @Test func consecutiveCallersShareOneClient() throws {
        let pool = SLSClientPool()
        let first = try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { ObjectIdentifier($0) }
        let second = try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { ObjectIdentifier($0) }
        #expect(first == second)
        #expect(pool.idleCount(endpoint: "127.0.0.1:1", credentials: credentials) == 1)
    }

    @Test func aCallerInsideAnotherGetsItsOwnClient() throws {
        let pool = SLSClientPool()
        let (outer, inner) = try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { outer in
            (ObjectIdentifier(outer), try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { ObjectIdentifier($0) })
        }
        #expect(outer != inner)
        #expect(pool.idleCount(endpoint: "127.0.0.1:1", credentials: credentials) == 2)
    }

    @Test func endpointsAndKeysDoNotShareClients() throws {
        let pool = SLSClientPool()
        let other = SLSCredentials(accessKeyId: "id", accessKeySecret: "other")
        let a = try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { ObjectIdentifier($0) }
        let b = try pool.withClient(endpoint: "127.0.0.1:2", credentials: credentials) { ObjectIdentifier($0) }
        let c = try pool.withClient(endpoint: "127.0.0.1:1", credentials: other) { ObjectIdentifier($0) }
        #expect(Set([a, b, c]).count == 3)
        #expect(pool.idleCount(endpoint: "127.0.0.1:1", credentials: other) == 1)
    }

    @Test func aClientWhoseCallerFailedIsDropped() throws {
        struct Failure: Error {}
        let pool = SLSClientPool()
        #expect(throws: Failure.self) {
            try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { _ in throw Failure() }
        }
        #expect(pool.idleCount(endpoint: "127.0.0.1:1", credentials: credentials) == 0)
    }

    @Test func idleClientsAreBounded() throws {
        let pool = SLSClientPool()
        let limit = SLSClientPool.idleClientsPerEndpointMax
        func nest(_ depth: Int) throws {
            try pool.withClient(endpoint: "127.0.0.1:1", credentials: credentials) { _ in
                if depth > 1 { try nest(depth - 1) }
            }
        }
        try nest(limit + 3)
        #expect(pool.idleCount(endpoint: "127.0.0.1:1", credentials: credentials) == limit)
    }

    @Test func aBadEndpointThrowsWithoutCallingTheBody() {
        let pool = SLSClientPool()
        var called = false
        #expect(throws: LogStoreError.self) {
            try pool.withClient(endpoint: "https://127.0.0.1:1", credentials: credentials) { _ in called = true }
        }
        #expect(!called)
    }
}
