/// Where a query starts: the outcome of checking its checkpoint against the sink's markers
/// (`CheckpointRecovery`'s plan, with the files it names read), or a fresh start.
///
/// The coordinator carries it out in this order: recompute `replay` without the sink, write
/// the empty state and the missing commit of `committed`, run `pending` through the sink, then
/// start where `committed`, `pending` or `recordedStart` ends.
public struct EpochResumption<Payloads: EpochPayloads> {
    /// The state to start from: the newest trusted state file's, or the empty state.
    public var state: Payloads.State
    /// The watermark of `state`, µs.
    public var watermarkMicros: Int64?
    /// Committed epochs whose state is recomputed, in order, without writing to the sink.
    public var replay: [EpochInput<Payloads.Offset>] = []
    /// The last committed epoch's input; nil when none.
    public var committed: EpochInput<Payloads.Offset>?
    /// Whether `state/<committed>` is written again (a stateless query's lost file).
    public var writesState = false
    /// Whether `commits/<committed>` is written again (lost; not one of `replay`, which write theirs).
    public var writesCommit = false
    /// An epoch whose offsets were written but that is not known to be committed: run again
    /// through the sink, whose marker skips it if it did commit.
    public var pending: EpochInput<Payloads.Offset>?
    /// The first epoch to plan after the above.
    public var nextEpoch = 0
    /// Where the source starts, as a checkpoint recorded it (`sources/0`); nil when not recorded.
    public var recordedStart: Payloads.Offset?

    /// A fresh start from `state` at epoch 0.
    public init(state: Payloads.State, watermarkMicros: Int64? = nil) {
        self.state = state
        self.watermarkMicros = watermarkMicros
    }
}
