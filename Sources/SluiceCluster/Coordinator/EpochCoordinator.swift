/// The checkpoint coordinator's side of a streaming query, as a pure state machine: which
/// epoch runs next, over what input, and the order of its writes (design §3).
///
/// The shell feeds it events with the monotonic clock in nanoseconds and carries out the
/// directives it returns, in order. Rules:
///
/// - An epoch goes `offsets/<e>` ─▶ tasks ─▶ driver stage ─▶ sink (rows and marker) ─▶
///   `state/<e>` ─▶ `commits/<e>` ─▶ retain ─▶ progress, and the next epoch's offsets are
///   planned after `e`'s. Each write is asked for only once the one before it was reported
///   done, so whatever survives a crash is a prefix of that order. Without a checkpoint the
///   four writes and retain are left out.
/// - On `started`, before any new epoch: the epochs to recompute run without the sink (their
///   state and commit written), then the lost state and commit of the last committed epoch are
///   written, then the pending epoch runs through the sink, as `EpochResumption` lists them.
/// - A query with nothing committed or pending starts at `recordedStart`, else at the source's
///   initial offset, written to `sources/0` before the first epoch is planned.
/// - Triggers: `once` stops after one new epoch (or none, when nothing is new), as does a
///   bounded source under any trigger; `availableNow` stops when nothing is new;
///   `processingTime` plans every interval, measured from the start of the previous planning,
///   and waits when nothing is new. A recovered epoch does not count as the `once` epoch.
/// - `stopRequested` stops the query before the next planning: an epoch under way (and the
///   recovery) commits first.
public struct EpochCoordinator<Payloads: EpochPayloads> {
    /// How the query runs.
    public struct Configuration: Equatable, Sendable {
        /// When epochs run.
        public var trigger: EpochTrigger
        /// Whether the source is a stream; a bounded one runs one epoch.
        public var sourceIsStreaming: Bool
        /// Whether the query has a checkpoint to write.
        public var checkpointed: Bool
        /// Epochs whose checkpoint files are kept (`minBatchesToRetain`); at least 1.
        public var retainedEpochs: Int

        /// Creates a configuration.
        public init(trigger: EpochTrigger, sourceIsStreaming: Bool, checkpointed: Bool, retainedEpochs: Int = 100) {
            self.trigger = trigger
            self.sourceIsStreaming = sourceIsStreaming
            self.checkpointed = checkpointed
            self.retainedEpochs = max(1, retainedEpochs)
        }
    }

    /// Where the coordinator stands: what it waits for.
    public typealias Phase = EpochPhase

    /// How the query runs.
    public let configuration: Configuration
    /// Where the coordinator stands.
    public internal(set) var phase = Phase.idle
    /// The driver's state after the last finished epoch.
    public internal(set) var state: Payloads.State?
    /// The watermark of `state`, µs.
    public internal(set) var watermarkMicros: Int64?
    /// Where the last finished (or recovered) epoch's input ends: the next is planned after it.
    public internal(set) var lastOffset: Payloads.Offset?
    /// The epoch the next planned offset gets.
    public internal(set) var nextEpoch = 0
    /// Whether a stop was requested.
    public internal(set) var stopRequested = false
    /// Events that came when no directive asked for them, ignored; a shell bug when not 0.
    public internal(set) var unexpectedEvents = 0

    /// Recovery steps still to carry out, in order.
    var recovery: [RecoveryStep] = []
    /// The epoch under way, between its launch (or its offsets) and its commit.
    var current: EpochRun?
    /// When the current trigger interval's planning started.
    var planningStartedNanos: UInt64 = 0
    /// A recorded start, used when recovery leaves no offset.
    var recordedStart: Payloads.Offset?

    /// One step of recovery.
    enum RecoveryStep {
        case replay(EpochInput<Payloads.Offset>)
        case writeState(epoch: Int)
        case writeCommit(EpochInput<Payloads.Offset>)
        case pending(EpochInput<Payloads.Offset>)
        case start
    }

    /// How an epoch came to run.
    enum RunKind: Equatable {
        /// Planned now.
        case new
        /// Committed before; recomputed for its state, without the sink.
        case replay
        /// Its offsets were written before; run again through the sink.
        case pending
    }

    /// The epoch under way.
    struct EpochRun {
        var input: EpochInput<Payloads.Offset>
        var kind: RunKind
        var launchedNanos: UInt64 = 0
        var metrics: Payloads.Metrics?
        var rowCount = 0
        var rowsWritten = 0
    }

    /// Creates a coordinator waiting for `started`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Handles one event.
    ///
    /// - Parameters:
    ///   - event: What happened.
    ///   - nowNanos: The monotonic clock in nanoseconds.
    /// - Returns: What to do, in order.
    public mutating func handle(_ event: EpochEvent<Payloads>, nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        if case .stopRequested = event {
            stopRequested = true
            return []
        }
        switch (phase, event) {
        case (.idle, .started(let resumption)):
            return start(resumption, nowNanos: nowNanos)
        case (.resolvingStart, .startResolved(let offset)):
            guard let offset else { return nextTrigger(nowNanos: nowNanos) }
            lastOffset = offset
            guard configuration.checkpointed else { return nextTrigger(nowNanos: nowNanos) }
            phase = .writingStart
            return [.writeStart(offset)]
        case (.writingStart, .startWritten):
            return nextTrigger(nowNanos: nowNanos)
        case (.planning, .offsetPlanned(let offset)):
            let input = EpochInput(epoch: nextEpoch, offset: offset, watermarkMicros: watermarkMicros)
            guard configuration.checkpointed else { return launch(input, kind: .new, nowNanos: nowNanos) }
            current = EpochRun(input: input, kind: .new)
            phase = .writingOffsets(epoch: input.epoch)
            return [.writeOffsets(input)]
        case (.planning, .nothingNew):
            guard case .processingTime = configuration.trigger else { return stop() }
            return afterInterval(nowNanos: nowNanos)
        case (.writingOffsets, .offsetsWritten):
            guard let run = current else { return unexpected() }
            return launch(run.input, kind: .new, nowNanos: nowNanos)
        case (.runningTasks(let epoch), .tasksFinished):
            guard let state else { return unexpected() }
            phase = .runningDriverStage(epoch: epoch)
            return [.runDriverStage(epoch: epoch, state: state)]
        case (.runningDriverStage(let epoch), .driverStageDone(let output)):
            return driverStageDone(epoch: epoch, output, nowNanos: nowNanos)
        case (.committingSink, .sinkCommitted):
            if var run = current {
                run.rowsWritten = run.rowCount
                current = run
            }
            return afterSink(nowNanos: nowNanos)
        case (.committingSink, .sinkSkipped):
            return afterSink(nowNanos: nowNanos)
        case (.writingState(let epoch), .stateWritten):
            guard let run = current else { return continueRecovery(nowNanos: nowNanos) }
            phase = .writingCommit(epoch: epoch)
            return [.writeCommit(run.input)]
        case (.writingCommit, .commitWritten):
            guard current != nil else { return continueRecovery(nowNanos: nowNanos) }
            return finishEpoch(nowNanos: nowNanos)
        case (.waiting, .tick):
            return nextTrigger(nowNanos: nowNanos)
        default:
            return unexpected()
        }
    }

    /// Counts an event no directive asked for.
    private mutating func unexpected() -> [EpochDirective<Payloads>] {
        guard phase != .stopped else { return [] }
        unexpectedEvents += 1
        return []
    }

    /// Launches the tasks of `input`'s epoch.
    mutating func launch(
        _ input: EpochInput<Payloads.Offset>, kind: RunKind, nowNanos: UInt64
    ) -> [EpochDirective<Payloads>] {
        current = EpochRun(input: input, kind: kind, launchedNanos: nowNanos)
        phase = .runningTasks(epoch: input.epoch)
        return [.launchTasks(TaskLaunch(
            epoch: input.epoch, offset: input.offset, watermarkMicros: watermarkMicros, rerun: kind != .new))]
    }

    /// Takes the driver stage's state; the rows go to the sink unless the epoch is recomputed.
    private mutating func driverStageDone(
        epoch: Int, _ output: DriverStageOutput<Payloads>, nowNanos: UInt64
    ) -> [EpochDirective<Payloads>] {
        guard var run = current else { return unexpected() }
        state = output.state
        watermarkMicros = output.watermarkMicros
        run.metrics = output.metrics
        run.rowCount = output.rowCount
        current = run
        guard run.kind != .replay else { return afterSink(nowNanos: nowNanos) }
        phase = .committingSink(epoch: epoch)
        return [.commitSink(epoch: epoch)]
    }

    /// After the sink: the state, then the commit (with a checkpoint).
    private mutating func afterSink(nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        guard let run = current, let state else { return unexpected() }
        guard configuration.checkpointed else { return finishEpoch(nowNanos: nowNanos) }
        phase = .writingState(epoch: run.input.epoch)
        return [.writeState(epoch: run.input.epoch, state: state)]
    }

    /// The epoch committed: retain, report, and go on as its kind and the trigger say.
    private mutating func finishEpoch(nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        guard let run = current, let metrics = run.metrics else { return unexpected() }
        current = nil
        let epoch = run.input.epoch
        lastOffset = run.input.offset
        nextEpoch = max(nextEpoch, epoch + 1)
        var directives: [EpochDirective<Payloads>] = []
        if configuration.checkpointed {
            directives.append(.retain(epochs: configuration.retainedEpochs, through: epoch))
        }
        directives.append(.reportProgress(EpochReport(
            epoch: epoch, metrics: metrics, rowsWritten: run.rowsWritten, watermarkMicros: watermarkMicros,
            elapsedNanos: nowNanos >= run.launchedNanos ? nowNanos - run.launchedNanos : 0)))
        guard run.kind == .new else { return directives + continueRecovery(nowNanos: nowNanos) }
        if configuration.trigger == .once || !configuration.sourceIsStreaming { return directives + stop() }
        return directives + afterInterval(nowNanos: nowNanos)
    }

    /// Plans again at once, or waits for the end of the processing-time interval.
    private mutating func afterInterval(nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        guard case .processingTime(let intervalMillis) = configuration.trigger else { return nextTrigger(nowNanos: nowNanos) }
        let deadline = planningStartedNanos + UInt64(max(0, intervalMillis)) * 1_000_000
        guard deadline > nowNanos else { return nextTrigger(nowNanos: nowNanos) }
        phase = .waiting
        return [.waitUntil(nanos: deadline)]
    }

    /// The top of the trigger loop: stop if asked, else plan the next epoch.
    mutating func nextTrigger(nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        guard !stopRequested else { return stop() }
        planningStartedNanos = nowNanos
        phase = .planning
        return [.planNextOffset(after: lastOffset)]
    }

    /// Ends the query.
    mutating func stop() -> [EpochDirective<Payloads>] {
        phase = .stopped
        current = nil
        return [.stop]
    }
}
