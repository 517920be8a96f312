import Foundation
import SluiceLogClient
import SluiceLogProtocol
import SluiceLogStore
import Testing

/// `sluice generate --flip-labels`: the labels written to a real log store, read back.
@Suite struct GenerateFlipCLITests {
    typealias Engine = LoghubEngineTests

    /// Every label in the store, over both shards.
    static func labels(_ store: Engine.Store) throws -> [String] {
        let client = try SLSClient(endpoint: store.endpoint, credentials: Engine.credentials)
        var labels: [String] = []
        for shard in 0..<2 {
            var cursor = try client.cursor(project: Engine.project, store: Engine.store, shard: shard, from: .begin)
            let end = try client.cursor(project: Engine.project, store: Engine.store, shard: shard, from: .end)
            while cursor != end {
                let pulled = try client.pullLogs(project: Engine.project, store: Engine.store, shard: shard, cursor: cursor, count: 100)
                for group in try pulled.groups {
                    labels += try LogGroupCodec.decode(group).logs.compactMap { $0.contents.first { $0.key == "label" }?.value }
                }
                cursor = pulled.nextCursor
            }
        }
        return labels
    }

    func generate(_ store: Engine.Store, _ options: [String]) throws -> SluiceBinary.Result {
        let input = store.root.appendingPathComponent("ones.libsvm")
        try (0..<50).map { "1 1:\($0)" }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        return try SluiceBinary.run(
            [
                "generate", "--endpoint", store.endpoint, "--project", Engine.project, "--store", Engine.store,
                "--access-key-id", Engine.credentials.accessKeyId, "--access-key-secret", Engine.credentials.accessKeySecret,
                "--input", input.path, "--records", "4000", "--batch", "100",
            ] + options)
    }

    @Test func aSeededFractionOfTheLabelsIsFlipped() throws {
        let store = try Engine.Store(records: 0)
        defer { store.server.stop() }
        let result = try generate(store, ["--flip-labels", "0.25", "--seed", "9"])
        #expect(result.status == 0, "\(result.stderr)")
        let labels = try Self.labels(store)
        #expect(labels.count == 4000)
        let flipped = labels.filter { $0 == "0" }.count
        #expect((850...1150).contains(flipped), "\(flipped) of 4000 flipped at 0.25")
        #expect(Set(labels) == ["0", "1"])
    }

    @Test func driftAndSeedNeedAFractionAndTheFractionIsAtMostOne() throws {
        let store = try Engine.Store(records: 0)
        defer { store.server.stop() }
        let drift = try generate(store, ["--drift"])
        #expect(drift.status != 0 && drift.stderr.contains("--drift and --seed go with --flip-labels"), "\(drift.stderr)")
        let over = try generate(store, ["--flip-labels", "1.5"])
        #expect(over.status != 0 && over.stderr.contains("--flip-labels takes a fraction from 0 to 1"), "\(over.stderr)")
        #expect(try Self.labels(store).isEmpty)
    }
}
