import Foundation
import SluiceLogClient
import SluiceLogProtocol
import SluiceLogStore

/// `sluice-bench logstore [records]`: PutLogs then PullLogs throughput of a log store server on
/// loopback (in this process, reached over TCP), lz4 both ways, fsync always (or `interval`, 200 ms), 2 shards, one
/// writer and one reader thread per shard, 512 records per group (the generator's default).
enum LogStoreBench {
    static let recordsPerGroup = 512
    static let credentials = SLSCredentials(accessKeyId: "bench", accessKeySecret: "bench-secret")

    static func run(records: Int, lines: [String], policy: FsyncPolicy) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, keys) = try startStore(directory: directory.path, policy: policy)
        defer { server.stop() }
        let endpoint = "127.0.0.1:\(server.port)"
        let rows = LabeledRow.parse(lines.joined(separator: "\n"))
        let plan = GeneratorPlan(
            rows: rows, records: records, batch: recordsPerGroup, startTime: 1_554_260_000, eventRate: 1_000)
        let groups = (0..<plan.groupCount).map { LogGroupCodec.encode(plan.group($0, now: 0)) }
        let rawBytes = groups.reduce(0) { $0 + $1.count }
        let compressedBytes = groups.reduce(0) { $0 + LogCompression.lz4.compress($1).count }

        let putSeconds = try timed(threads: keys.count) { shard in
            let client = try SLSClient(endpoint: endpoint, credentials: credentials)
            for index in stride(from: shard, to: groups.count, by: keys.count) {
                try client.putLogs(project: "bench", store: "samples", groupBytes: groups[index], hashKey: keys[shard])
            }
        }
        report("PutLogs", records: records, raw: rawBytes, compressed: compressedBytes, seconds: putSeconds)

        let pulled = Counter()
        let pullSeconds = try timed(threads: keys.count) { shard in
            let client = try SLSClient(endpoint: endpoint, credentials: credentials)
            var cursor = try client.cursor(project: "bench", store: "samples", shard: shard, from: .begin)
            let end = try client.cursor(project: "bench", store: "samples", shard: shard, from: .end)
            while cursor < end {
                let result = try client.pullLogs(
                    project: "bench", store: "samples", shard: shard, cursor: cursor, count: 100, end: end)
                for group in try result.groups { pulled.add(try group.withUnsafeBytes { try LogGroupCodec.logCount($0) }) }
                cursor = result.nextCursor
            }
        }
        guard pulled.value == records else { throw LogStoreError("pulled \(pulled.value) of \(records) records") }
        report("PullLogs", records: records, raw: rawBytes, compressed: compressedBytes, seconds: pullSeconds)
    }

    /// A log store server on a free loopback port with the store `bench/samples` of 2 shards;
    /// returns it and the begin key of each shard.
    static func startStore(directory: String, policy: FsyncPolicy = .always) throws -> (LogStoreServer, [String]) {
        let server = try LogStoreServer(
            dataDirectory: directory, host: "127.0.0.1", port: 0,
            credentials: [credentials.accessKeyId: credentials.accessKeySecret], insecure: false, policy: policy)
        server.start()
        let setup = try SLSClient(endpoint: "127.0.0.1:\(server.port)", credentials: credentials)
        try setup.createProject("bench")
        try setup.createLogStore(project: "bench", store: "samples", shardCount: 2)
        return (server, try setup.listShards(project: "bench", store: "samples").map(\.inclusiveBeginKey))
    }

    static func report(_ name: String, records: Int, raw: Int, compressed: Int, seconds: Double) {
        print(String(
            format: "%@: %d records in %.3f s = %.0f records/s, %.1f MB/s raw (%.1f MB/s lz4 on the wire)", name, records,
            seconds, Double(records) / seconds, Double(raw) / seconds / 1e6, Double(compressed) / seconds / 1e6))
    }

    /// Runs `body(i)` on `threads` threads at once; returns the wall time.
    static func timed(threads: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws -> Double {
        let failures = Counter()
        let group = DispatchGroup()
        let started = Date()
        for index in 0..<threads {
            group.enter()
            Thread {
                do { try body(index) } catch {
                    FileHandle.standardError.write(Data("thread \(index): \(error)\n".utf8))
                    failures.add(1)
                }
                group.leave()
            }.start()
        }
        group.wait()
        guard failures.value == 0 else { throw LogStoreError("\(failures.value) threads failed") }
        return Date().timeIntervalSince(started)
    }
}

/// A counter shared by threads.
final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    func add(_ amount: Int) {
        lock.lock()
        count += amount
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
