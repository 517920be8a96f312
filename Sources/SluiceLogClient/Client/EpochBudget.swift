/// How many log groups of each shard hold a share of a log budget, estimated without reading
/// them: from how many logs (GetHistograms) and how many groups (the shards' cursors by time) the
/// store received in the span of receive times of the unread groups. Pure arithmetic.
///
/// The estimate is exact when every group in the span holds the same number of logs (a producer
/// writing fixed batches); otherwise a shard's share is met on average, off by as much as its
/// groups differ from the span's average.
public struct EpochBudget: Sendable, Equatable {
    /// Log groups each shard may read: the fewest whose average count of logs reaches the shard's
    /// share, at least one; `Int64.max` when the span holds groups but no logs (empty groups).
    public let groupsPerShard: Int64

    /// The budget of `logs` logs spread over `shards` shards (each gets `ceil(logs / shards)`),
    /// with `logsInSpan` logs in `groupsInSpan` groups received in the span.
    public init(logs: Int, shards: Int, logsInSpan: Int, groupsInSpan: Int64) {
        let logs = max(logs, 1)
        let shards = max(shards, 1)
        let share = logs / shards + (logs % shards == 0 ? 0 : 1)
        guard logsInSpan > 0, groupsInSpan > 0 else {
            groupsPerShard = groupsInSpan > 0 ? Int64.max : 1
            return
        }
        // ceil(share / (logsInSpan / groupsInSpan)), in integers where they fit.
        let (product, overflow) = Int64(share).multipliedReportingOverflow(by: groupsInSpan)
        let groups =
            overflow
            ? Int64((Double(share) * Double(groupsInSpan) / Double(logsInSpan)).rounded(.up).clamped(to: 1...9e18))
            : (product + Int64(logsInSpan) - 1) / Int64(logsInSpan)
        groupsPerShard = max(1, groups)
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
