/// What a checkpoint directory and its sink hold at start, read but not yet trusted: the input
/// of `CheckpointRecovery.plan`.
public struct CheckpointInventory: Equatable, Sendable {
    /// Epochs whose `offsets/<epoch>` could be read.
    public var offsets: Set<Int> = []
    /// Epochs whose `offsets/<epoch>` exists but cannot be read, with the reason.
    public var damagedOffsets: [Int: String] = [:]
    /// Epochs with a `commits/<epoch>`.
    public var commits: Set<Int> = []
    /// Commits that record their epoch's offsets, so a lost `offsets/<epoch>` can be written again.
    public var commitsWithOffsets: Set<Int> = []
    /// Epochs whose `state/<epoch>` was checked and holds that epoch's state.
    public var validStates: Set<Int> = []
    /// Epochs whose `state/<epoch>` exists but cannot be trusted, with the reason.
    public var damagedStates: [Int: String] = [:]
    /// The largest epoch the sink's marker table holds for the checkpoint's query id; nil when none.
    public var sinkCommitted: Int?
    /// Whether the sink keeps markers (a database sink does; the console does not).
    public var sinkKeepsMarkers = false
    /// Whether the query's state is empty after every epoch (no aggregation, no watermark).
    public var stateless = false

    /// An empty inventory: a new checkpoint.
    public init() {}

    /// Whether epoch `epoch`'s offsets can be had: from its offsets file or from its commit.
    func hasOffsets(_ epoch: Int) -> Bool {
        offsets.contains(epoch) || commitsWithOffsets.contains(epoch)
    }
}

/// How a query resumes from its checkpoint, and what is mended on the way.
public struct RecoveryPlan: Equatable, Sendable {
    /// The last epoch whose rows the sink has (or, without markers, that the checkpoint records
    /// as done); nil when none.
    public var committed: Int?
    /// The epoch of the state file to start from; nil for the empty state.
    public var stateEpoch: Int?
    /// Committed epochs whose state is recomputed from their offsets, in order, without writing
    /// to the sink: the same ranges give the same state.
    public var replay: [Int] = []
    /// An epoch whose offsets were written but that is not known to be committed: run again,
    /// through the sink, whose marker skips it if it did commit.
    public var pending: Int?
    /// Epochs whose `offsets/<epoch>` is written again from their commit.
    public var offsetsFromCommits: [Int] = []
    /// The committed epoch whose `commits/<epoch>` is missing and is written again.
    public var missingCommit: Int?
    /// Whether an empty `state/<committed>` is written (a stateless query whose file is gone).
    public var writesEmptyState = false
    /// Offsets files of epochs that never committed and cannot be read: removed, the epoch planned anew.
    public var droppedOffsets: [Int] = []
    /// What was found wrong and how it is mended, a line each, for the log.
    public var repairs: [String] = []

    /// A plan that starts a new checkpoint at epoch 0.
    public init() {}

    /// The first epoch after recovery, pending included.
    public var nextEpoch: Int { (pending ?? committed ?? -1) + 1 }
}
