import SluiceCluster
import SluiceCore
import SluiceExec
import Testing

@testable import SluiceConnectors
@testable import SluiceRuntime

/// A split that is a shard range, as a loghub split is, without a log store behind it.
private struct RangeSplit: SourceSplit {
    let range: ShardRange
    var shardRange: ShardRange? { range }

    func read(metrics: inout TaskMetrics) throws -> RecordBatch {
        RecordBatch(columns: [], rowCount: 0)
    }
}

@Suite struct ClusterTaskRunnerTests {
    @Test func taskIReadsSplitIsRangeAsItIs() throws {
        let ranges = [
            ShardRange(shard: 0, start: 0, end: 0),
            ShardRange(shard: 7, start: 3, end: .max),
            ShardRange(shard: Int(Int32.max), start: .max, end: .max),
        ]
        let tasks = try ClusterTaskRunner.tasks(ranges.map(RangeSplit.init), watermarkMicros: 42)
        #expect(tasks == ranges.enumerated().map { TaskSpec(task: Int32($0), range: $1, watermarkMicros: 42) })
    }

    @Test func refusesAShardIdTheProtocolCannotCarry() {
        let split = RangeSplit(range: ShardRange(shard: Int(Int32.max) + 1, start: 0, end: 1))
        #expect(throws: RuntimeError("shard 2147483648 cannot run on the cluster: the protocol carries shard ids -2147483648 to 2147483647")) {
            try ClusterTaskRunner.tasks([split], watermarkMicros: nil)
        }
    }

    @Test func refusesASplitThatIsNotAShardRange() {
        #expect(throws: RuntimeError("executors read log-store shard ranges; this source cannot run on the cluster")) {
            try ClusterTaskRunner.tasks([OneRowSplit()], watermarkMicros: nil)
        }
    }
}
