import Foundation
import Testing

@testable import SluiceCluster

@Suite struct ShardRangeTests {
    @Test func emptyWhenTheEndIsNotPastTheStart() {
        #expect(ShardRange(shard: 0, start: 5, end: 5).isEmpty)
        #expect(ShardRange(shard: 0, start: 6, end: 5).isEmpty)
        #expect(!ShardRange(shard: 0, start: 5, end: 6).isEmpty)
        #expect(ShardRange(shard: 0, start: .max, end: .max).isEmpty)
        #expect(!ShardRange(shard: 0, start: 0, end: .max).isEmpty)
    }

    @Test func wireShardIdsAreTheI32Field() {
        #expect(ShardRange.wireShardIds.lowerBound == -2_147_483_648)
        #expect(ShardRange.wireShardIds.upperBound == 2_147_483_647)
        #expect(!ShardRange.wireShardIds.contains(2_147_483_648))
    }

    /// Checkpoints written before the type moved keep reading: the JSON keys are unchanged.
    @Test func checkpointJSONKeepsItsKeys() throws {
        let range = ShardRange(shard: 3, start: 10, end: Int64.max)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(range), as: UTF8.self)
        #expect(json == #"{"end":9223372036854775807,"shard":3,"start":10}"#)
        let read = try JSONDecoder().decode(ShardRange.self, from: Data(#"{"shard":3,"start":10,"end":9223372036854775807}"#.utf8))
        #expect(read == range)
    }

    @Test func launchTaskRoundTripsEdgeRanges() throws {
        let ranges = [
            ShardRange(shard: 0, start: 0, end: 0),
            ShardRange(shard: 0, start: 0, end: .max),
            ShardRange(shard: 0, start: .max, end: .max),
            ShardRange(shard: Int(Int32.max), start: .max - 1, end: .max),
            ShardRange(shard: Int(Int32.min), start: .min, end: .min),
        ]
        for range in ranges {
            for watermark in [nil, Int64.max] as [Int64?] {
                let message = ClusterMessage.launchTask(
                    LaunchTask(
                        key: TaskKey(queryId: "q", epoch: 1, task: 0, attempt: 0), range: range,
                        watermarkMicros: watermark))
                let decoded = try MessageCodec.decode(MessageCodec.encode(message))
                #expect(decoded == message, "\(range)")
                guard case .launchTask(let launch) = decoded else {
                    Issue.record("decoded \(decoded)")
                    continue
                }
                #expect(launch.range == range)
            }
        }
    }

    /// The frame is the one `i32` shard, `i64` startCursor, `i64` endCursor had before the range
    /// became a type (the encoding version is 3 since a `TaskResult`'s partial is a frame of its own).
    @Test func launchTaskFrameKeepsItsLayout() {
        let launch = LaunchTask(
            key: TaskKey(queryId: "q", epoch: 1, task: 2, attempt: 0), range: ShardRange(shard: 5, start: 7, end: 0x0102))
        #expect(
            MessageCodec.encode(.launchTask(launch)) == [
                0x53, 0x4C, 0x43, 3, 6,
                1, 0x71, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,
                5, 0, 0, 0,
                7, 0, 0, 0, 0, 0, 0, 0,
                2, 1, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0,
            ])
    }
}
