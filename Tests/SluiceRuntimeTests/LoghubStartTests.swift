import Foundation
import SluiceLogStore
import Testing

/// A loghub query starting at `latest` keeps that start in its checkpoint (`sources/0`) even when
/// its first run reads nothing, so that a rerun reads the logs written in between.
@Suite(.serialized) struct LoghubStartTests {
    typealias Store = LoghubEngineTests.Store

    /// The reference query with `startingoffsets='latest'`, into `result` of `database`.
    static func latestScript(_ store: Store, database: URL) -> String {
        store.script(database: database).replacingOccurrences(of: "startingoffsets='earliest'", with: "startingoffsets='latest'")
    }

    @Test func aFirstRunThatReadsNothingRecordsItsStartAndTheRerunReadsWhatWasWrittenSince() throws {
        // 500 logs before the query: latest skips them.
        var store = try Store(records: 500)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = Self.latestScript(store, database: database)

        let first = try store.run(script, name: "q")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("the query starts at latest and skips the 5 log groups"), "\(first.stderr)")
        #expect(!first.stderr.contains("rows in"), "the first run has nothing to read: \(first.stderr)")
        let ranges = try Self.recordedStart(store)
        #expect(ranges.count == 2 && ranges.allSatisfy { $0.start == $0.end }, "\(ranges)")
        #expect(ranges.map(\.end).reduce(0, +) == 5, "each shard's end, after the 5 groups written: \(ranges)")

        // 1,000 logs between the runs, then a rerun with the same checkpoint reads exactly them.
        try store.generate(records: 1_000, offsetSeconds: 100)
        let second = try store.run(script, name: "q")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("1000 rows in"), "\(second.stderr)")
        #expect(!second.stderr.contains("skips"), "a recorded start is not latest again: \(second.stderr)")
        store.written.removeFirst(500)
        let expected = try store.expectedAccuracies()
        let actual = try LoghubEngineTests.finalAccuracies(database)
        #expect(Set(actual.keys) == Set(expected.keys), "\(actual.keys.sorted()) vs \(expected.keys.sorted())")
        for (key, value) in expected {
            #expect(abs((actual[key] ?? -1) - value) < 1e-12, "\(key): \(actual[key] ?? -1) vs \(value)")
        }

        // A third run has nothing new.
        let third = try store.run(script, name: "q")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(!third.stderr.contains("rows in"), "\(third.stderr)")
    }

    @Test func aStartRecordedWithoutTheCheckpointsMetadataIsDroppedAndTheQueryStartsAtLatest() throws {
        var store = try Store(records: 0)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = Self.latestScript(store, database: database)
        #expect(try store.run(script, name: "q").status == 0)
        #expect(try Self.recordedStart(store).map(\.end) == [0, 0])
        try store.generate(records: 300)
        // Without metadata the start belongs to no known query: the checkpoint starts anew.
        try FileManager.default.removeItem(at: store.root.appendingPathComponent("checkpoint/metadata"))
        let fresh = try store.run(script, name: "q")
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(!fresh.stderr.contains("rows in"), "\(fresh.stderr)")
        #expect(fresh.stderr.contains("skips the 3 log groups"), "\(fresh.stderr)")
        #expect(try Self.recordedStart(store).map(\.end).reduce(0, +) == 3)
    }

    /// The shard ranges in the checkpoint's `sources/0`, by shard; none when it is missing.
    static func recordedStart(_ store: Store) throws -> [(shard: Int, start: Int, end: Int)] {
        guard let data = FileManager.default.contents(atPath: store.root.appendingPathComponent("checkpoint/sources/0").path)
        else { return [] }
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let shards = object?["shards"] as? [[String: Any]] ?? []
        return shards.compactMap { range in
            guard let shard = range["shard"] as? Int, let start = range["start"] as? Int, let end = range["end"] as? Int else {
                return nil
            }
            return (shard, start, end)
        }.sorted { $0.shard < $1.shard }
    }
}
