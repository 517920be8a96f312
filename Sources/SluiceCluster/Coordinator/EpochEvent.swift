/// What happened, as the query's shell reports it to `EpochCoordinator`. Each event but
/// `stopRequested` answers the one directive that asked for it.
public enum EpochEvent<Payloads: EpochPayloads> {
    /// The query starts (checkpoint checked and mended, if any). The first event.
    case started(EpochResumption<Payloads>)
    /// The source's initial offset (answers `resolveStart`); nil for a source that starts at its beginning.
    case startResolved(Payloads.Offset?)
    /// `sources/0` was written.
    case startWritten
    /// The source has new input up to the offset (answers `planNextOffset`).
    case offsetPlanned(Payloads.Offset)
    /// The source has nothing new (answers `planNextOffset`).
    case nothingNew
    /// `offsets/<epoch>` was written.
    case offsetsWritten
    /// Every task of the epoch finished (answers `launchTasks`); the shell keeps their results.
    case tasksFinished
    /// The driver stage ran (answers `runDriverStage`); the shell keeps its rows.
    case driverStageDone(DriverStageOutput<Payloads>)
    /// The sink committed the epoch's rows and marker.
    case sinkCommitted
    /// The sink had committed the epoch already (its marker exists) and wrote nothing.
    case sinkSkipped
    /// `state/<epoch>` was written.
    case stateWritten
    /// `commits/<epoch>` was written.
    case commitWritten
    /// Stop after the epoch under way commits. May come at any time.
    case stopRequested
    /// The time asked for by `waitUntil` has come.
    case tick
}

/// What the shell must do, as `EpochCoordinator` decides it; in order. `retain` and
/// `reportProgress` need no answer; every other directive but `stop` is answered by one event,
/// and a list holds at most one of them, last.
public enum EpochDirective<Payloads: EpochPayloads> {
    /// Ask the source where a new query starts; answer `startResolved`.
    case resolveStart
    /// Write `sources/0`; answer `startWritten`.
    case writeStart(Payloads.Offset)
    /// Ask the source for the next offset after `after` (nil: from its beginning); answer
    /// `offsetPlanned` or `nothingNew`.
    case planNextOffset(after: Payloads.Offset?)
    /// Write `offsets/<epoch>`; answer `offsetsWritten`.
    case writeOffsets(EpochInput<Payloads.Offset>)
    /// Run the epoch's tasks; answer `tasksFinished`.
    case launchTasks(TaskLaunch<Payloads.Offset>)
    /// Merge the epoch's task results (kept by the shell) into `state` and compute the rows;
    /// answer `driverStageDone`.
    case runDriverStage(epoch: Int, state: Payloads.State)
    /// Commit the epoch's rows (kept by the shell) with its marker; answer `sinkCommitted` or
    /// `sinkSkipped`.
    case commitSink(epoch: Int)
    /// Write `state/<epoch>`; answer `stateWritten`.
    case writeState(epoch: Int, state: Payloads.State)
    /// Write `commits/<epoch>`, which repeats the epoch's input; answer `commitWritten`.
    case writeCommit(EpochInput<Payloads.Offset>)
    /// Remove checkpoint files of epochs older than the `epochs` latest through `through`.
    case retain(epochs: Int, through: Int)
    /// Report an epoch's progress.
    case reportProgress(EpochReport<Payloads.Metrics>)
    /// Wait until the monotonic clock reads `nanos`; answer `tick`.
    case waitUntil(nanos: UInt64)
    /// The query is done: its trigger says stop, the source has nothing new, or a stop was requested.
    case stop
}
