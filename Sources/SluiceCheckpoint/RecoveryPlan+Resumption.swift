import SluiceCluster

extension RecoveryPlan {
    /// The coordinator's start from this plan, once the shell has read the files it names: the
    /// epochs to recompute, the committed epoch (with its lost state or commit to write again),
    /// the pending epoch, the next epoch, and the recorded start when no epoch was planned.
    /// - Parameters:
    ///   - state: the state of `state/<stateEpoch>`, or the empty state when `stateEpoch` is nil.
    ///   - watermarkMicros: the watermark `state` holds, µs.
    ///   - input: the offsets of an epoch, from its offsets file or its commit (mended already).
    ///   - recordedStart: the source's recorded start (`sources/0`), read only when no epoch was
    ///     committed or pending.
    /// - Throws: what `input` or `recordedStart` throws, as when an epoch's offsets are missing.
    public func resumption<Payloads: EpochPayloads>(
        state: Payloads.State, watermarkMicros: Int64?,
        input: (Int) throws -> EpochInput<Payloads.Offset>,
        recordedStart: () throws -> Payloads.Offset?
    ) rethrows -> EpochResumption<Payloads> {
        var start = EpochResumption<Payloads>(state: state, watermarkMicros: watermarkMicros)
        start.replay = try replay.map(input)
        if let committed {
            start.committed = try input(committed)
            start.writesState = writesEmptyState
            // A replayed epoch writes its own commit.
            start.writesCommit = missingCommit.map { !replay.contains($0) } ?? false
        }
        start.pending = try pending.map(input)
        start.nextEpoch = nextEpoch
        if committed == nil, pending == nil {
            start.recordedStart = try recordedStart()
        }
        return start
    }
}
