extension LoghubSource {
    /// Every split is one shard's cursor range, which an executor pulls itself.
    var readsShardRanges: Bool { true }
}
