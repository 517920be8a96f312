import SluiceLogClient
import Testing

@Suite struct EpochBudgetTests {
    @Test func equalGroupsGiveTheExactNumberOfGroups() {
        // 1000 logs over 2 shards of 100-log groups: 500 logs, 5 groups, each shard.
        #expect(EpochBudget(logs: 1000, shards: 2, logsInSpan: 3000, groupsInSpan: 30).groupsPerShard == 5)
        // A share that ends inside a group takes that group too (the boundary at or past it).
        #expect(EpochBudget(logs: 1001, shards: 2, logsInSpan: 3000, groupsInSpan: 30).groupsPerShard == 6)
        #expect(EpochBudget(logs: 450, shards: 1, logsInSpan: 512 * 7, groupsInSpan: 7).groupsPerShard == 1)
        #expect(EpochBudget(logs: 1025, shards: 1, logsInSpan: 512 * 7, groupsInSpan: 7).groupsPerShard == 3)
    }

    @Test func unequalGroupsUseTheirAverage() {
        // 10 groups of 10 logs and 10 of 30: 20 on average, so 100 logs are 5 groups.
        #expect(EpochBudget(logs: 100, shards: 1, logsInSpan: 400, groupsInSpan: 20).groupsPerShard == 5)
        // The share rounds up across shards: ceil(7 / 3) = 3 logs, one 2-log group and a half.
        #expect(EpochBudget(logs: 7, shards: 3, logsInSpan: 20, groupsInSpan: 10).groupsPerShard == 2)
    }

    @Test func everyShardReadsAtLeastOneGroup() {
        #expect(EpochBudget(logs: 1, shards: 4, logsInSpan: 1_000_000, groupsInSpan: 10).groupsPerShard == 1)
        #expect(EpochBudget(logs: 0, shards: 0, logsInSpan: 10, groupsInSpan: 1).groupsPerShard == 1)
    }

    @Test func emptyGroupsAreNoLimitAndNoGroupsAreOne() {
        // Groups without logs (tombstones) cost nothing: read them all.
        #expect(EpochBudget(logs: 10, shards: 1, logsInSpan: 0, groupsInSpan: 5).groupsPerShard == Int64.max)
        // Nothing known of the span: one group at a time.
        #expect(EpochBudget(logs: 10, shards: 1, logsInSpan: 7, groupsInSpan: 0).groupsPerShard == 1)
    }

    @Test func hugeBudgetsDoNotOverflow() {
        let budget = EpochBudget(logs: Int.max, shards: 3, logsInSpan: 3, groupsInSpan: Int64.max / 2)
        #expect(budget.groupsPerShard > 1_000_000_000)
    }
}
