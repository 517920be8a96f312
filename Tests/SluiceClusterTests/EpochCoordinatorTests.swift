import SluiceCluster
import SluiceTestSupport
import Testing

/// The coordinator's rules, one at a time: the order of an epoch's writes, triggers, stopping,
/// recovery's order, events that no directive asked for.
@Suite struct EpochCoordinatorTests {
    typealias Coordinator = EpochCoordinator<SimPayloads>

    /// Eight records from record 0, five an epoch.
    static func world() -> EpochWorld {
        EpochWorld(source: MemorySource(records: simulatedRecords(8), maxRecordsPerEpoch: 5))
    }

    @Test func anEpochWritesOffsetsThenSinkThenStateThenCommit() throws {
        var query = SimulatedQuery(world: Self.world(), trigger: .availableNow, retainedEpochs: 3)
        try query.run()
        #expect(query.directives == [
            "resolve start", "write start 0..<0", "plan after 0..<0",
            "write offsets 0 0..<5", "launch 0", "driver stage 0", "sink 0", "write state 0", "write commit 0",
            "retain 3 through 0", "progress 0 rows 4", "plan after 0..<5",
            "write offsets 1 5..<8", "launch 1", "driver stage 1", "sink 1", "write state 1", "write commit 1",
            "retain 3 through 1", "progress 1 rows 3", "plan after 5..<8", "stop",
        ])
        #expect(query.reports.map(\.metrics.inputRows) == [5, 3])
        // Record 6 is at 0, behind the watermark of 20 after epoch 0.
        #expect(query.reports.map(\.metrics.lateRows) == [0, 1])
        #expect(query.reports[1].watermarkMicros == 50)
        #expect(query.coordinator.nextEpoch == 2 && query.coordinator.lastOffset == 5..<8)
    }

    @Test func withoutACheckpointNothingIsWritten() throws {
        var query = SimulatedQuery(world: Self.world(), trigger: .availableNow, checkpointed: false)
        try query.run()
        #expect(query.directives == [
            "resolve start", "plan after 0..<0", "launch 0", "driver stage 0", "sink 0", "progress 0 rows 4",
            "plan after 0..<5", "launch 1", "driver stage 1", "sink 1", "progress 1 rows 3", "plan after 5..<8", "stop",
        ])
        #expect(query.world.checkpoint.files.isEmpty)
    }

    @Test func onceRunsOneEpochOrNone() throws {
        var query = SimulatedQuery(world: Self.world(), trigger: .once)
        try query.run()
        #expect(query.directives.suffix(2) == ["progress 0 rows 4", "stop"])
        #expect(query.world.source.plannings == 1)
        var again = SimulatedQuery(world: query.world, trigger: .once)
        try again.run()
        #expect(again.directives == ["plan after 0..<5", "write offsets 1 5..<8"] + again.directives.dropFirst(2))
        #expect(again.directives.suffix(2) == ["progress 1 rows 3", "stop"])
        var idle = SimulatedQuery(world: again.world, trigger: .once)
        try idle.run()
        #expect(idle.directives == ["plan after 5..<8", "stop"])
    }

    @Test func aRecordedStartIsUsedAndNotResolvedAgain() throws {
        var world = EpochWorld(source: MemorySource(records: [], startIndex: 4))
        var first = SimulatedQuery(world: world, trigger: .availableNow)
        try first.run()
        #expect(first.directives == ["resolve start", "write start 4..<4", "plan after 4..<4", "stop"])
        world = first.world
        world.source.startIndex = 9  // a source that would start elsewhere now ("latest")
        world.source.append(simulatedRecords(6))
        var second = SimulatedQuery(world: world, trigger: .availableNow)
        try second.run()
        #expect(second.directives.first == "plan after 4..<4")
        #expect(second.world.sink.rowsByEpoch(queryID: SimulatedQuery.queryID)[0]?.first == "input 4..<6: 2 read, 0 late")
    }

    @Test func processingTimeWaitsForTheNextIntervalFromThePlanningsStart() {
        var coordinator = Coordinator(configuration: .init(
            trigger: .processingTime(intervalMillis: 100), sourceIsStreaming: true, checkpointed: false))
        var start = EpochResumption<SimPayloads>(state: SimState())
        start.recordedStart = 0..<0
        let ms: UInt64 = 1_000_000
        #expect(describe(coordinator.handle(.started(start), nowNanos: 1_000 * ms)) == ["plan after 0..<0"])
        #expect(describe(coordinator.handle(.offsetPlanned(0..<2), nowNanos: 1_010 * ms)) == ["launch 0"])
        _ = coordinator.handle(.tasksFinished, nowNanos: 1_020 * ms)
        _ = coordinator.handle(.driverStageDone(output()), nowNanos: 1_030 * ms)
        #expect(describe(coordinator.handle(.sinkCommitted, nowNanos: 1_040 * ms)) == [
            "progress 0 rows 1", "wait until 1100 ms",
        ])
        #expect(coordinator.phase == .waiting)
        #expect(describe(coordinator.handle(.tick, nowNanos: 1_100 * ms)) == ["plan after 0..<2"])
        // Nothing new: wait for the next interval, then plan again.
        #expect(describe(coordinator.handle(.nothingNew, nowNanos: 1_105 * ms)) == ["wait until 1200 ms"])
        #expect(describe(coordinator.handle(.tick, nowNanos: 1_200 * ms)) == ["plan after 0..<2"])
        // An epoch longer than the interval: the next planning starts at once.
        _ = coordinator.handle(.offsetPlanned(2..<4), nowNanos: 1_200 * ms)
        _ = coordinator.handle(.tasksFinished, nowNanos: 1_250 * ms)
        _ = coordinator.handle(.driverStageDone(output()), nowNanos: 1_290 * ms)
        #expect(describe(coordinator.handle(.sinkCommitted, nowNanos: 1_350 * ms)) == [
            "progress 1 rows 1", "plan after 2..<4",
        ])
        #expect(coordinator.handle(.tick, nowNanos: 1_360 * ms).isEmpty)
        #expect(coordinator.unexpectedEvents == 1 && coordinator.phase == .planning)
    }

    @Test func aBoundedSourceRunsOneEpochWhateverTheTrigger() {
        var coordinator = Coordinator(configuration: .init(
            trigger: .processingTime(intervalMillis: 100), sourceIsStreaming: false, checkpointed: false))
        _ = coordinator.handle(.started(EpochResumption(state: SimState())), nowNanos: 0)
        #expect(describe(coordinator.handle(.startResolved(nil), nowNanos: 0)) == ["plan after nil"])
        _ = coordinator.handle(.offsetPlanned(0..<3), nowNanos: 0)
        _ = coordinator.handle(.tasksFinished, nowNanos: 0)
        _ = coordinator.handle(.driverStageDone(output()), nowNanos: 0)
        #expect(describe(coordinator.handle(.sinkCommitted, nowNanos: 0)) == ["progress 0 rows 1", "stop"])
        #expect(coordinator.phase == .stopped)
        #expect(coordinator.handle(.tick, nowNanos: 0).isEmpty && coordinator.unexpectedEvents == 0)
    }

    @Test func aStopRequestedDuringAnEpochLetsItCommitFirst() {
        var coordinator = Coordinator(configuration: .init(
            trigger: .availableNow, sourceIsStreaming: true, checkpointed: true))
        var start = EpochResumption<SimPayloads>(state: SimState())
        start.recordedStart = 0..<0
        _ = coordinator.handle(.started(start), nowNanos: 0)
        _ = coordinator.handle(.offsetPlanned(0..<3), nowNanos: 0)
        _ = coordinator.handle(.offsetsWritten, nowNanos: 0)
        #expect(coordinator.handle(.stopRequested, nowNanos: 0).isEmpty)
        #expect(describe(coordinator.handle(.tasksFinished, nowNanos: 0)) == ["driver stage 0"])
        _ = coordinator.handle(.driverStageDone(output()), nowNanos: 0)
        #expect(describe(coordinator.handle(.sinkCommitted, nowNanos: 0)) == ["write state 0"])
        #expect(describe(coordinator.handle(.stateWritten, nowNanos: 0)) == ["write commit 0"])
        #expect(describe(coordinator.handle(.commitWritten, nowNanos: 0)) == [
            "retain 100 through 0", "progress 0 rows 1", "stop",
        ])
    }

    @Test func recoveryRecomputesThenMendsThenRunsThePendingEpochThenTheTrigger() {
        var coordinator = Coordinator(configuration: .init(trigger: .once, sourceIsStreaming: true, checkpointed: true))
        var start = EpochResumption<SimPayloads>(state: SimState(), watermarkMicros: 7)
        start.replay = [input(1, 3..<6)]
        start.committed = input(1, 3..<6)
        start.writesState = true
        start.writesCommit = true
        start.pending = input(2, 6..<9)
        start.nextEpoch = 3
        var directives = describe(coordinator.handle(.started(start), nowNanos: 0))
        let answers: [EpochEvent<SimPayloads>] = [
            .tasksFinished, .driverStageDone(output()), .stateWritten, .commitWritten,
            .stateWritten, .commitWritten,
            .tasksFinished, .driverStageDone(output()), .sinkSkipped, .stateWritten, .commitWritten,
            .offsetPlanned(9..<10), .offsetsWritten, .tasksFinished, .driverStageDone(output()), .sinkCommitted,
            .stateWritten, .commitWritten,
        ]
        for answer in answers { directives += describe(coordinator.handle(answer, nowNanos: 0)) }
        #expect(directives == [
            "launch 1 again", "driver stage 1", "write state 1", "write commit 1", "retain 100 through 1", "progress 1 rows 0",
            "write state 1", "write commit 1",
            "launch 2 again", "driver stage 2", "sink 2", "write state 2", "write commit 2", "retain 100 through 2",
            "progress 2 rows 0",
            "plan after 6..<9", "write offsets 3 9..<10", "launch 3", "driver stage 3", "sink 3", "write state 3",
            "write commit 3", "retain 100 through 3", "progress 3 rows 1", "stop",
        ])
        #expect(coordinator.unexpectedEvents == 0)
    }

    @Test func theFirstRecomputedEpochGetsTheRecoveredWatermark() {
        var coordinator = Coordinator(configuration: .init(trigger: .once, sourceIsStreaming: true, checkpointed: true))
        var start = EpochResumption<SimPayloads>(state: SimState(watermarkMicros: 70), watermarkMicros: 70)
        start.pending = EpochInput(epoch: 4, offset: 3..<6, watermarkMicros: 70)
        let directives = coordinator.handle(.started(start), nowNanos: 0)
        guard case .launchTasks(let launch) = directives.first else {
            Issue.record("\(describe(directives))")
            return
        }
        #expect(launch == TaskLaunch(epoch: 4, offset: 3..<6, watermarkMicros: 70, rerun: true))
    }

    @Test func eventsNoDirectiveAskedForAreCountedAndChangeNothing() {
        var coordinator = Coordinator(configuration: .init(trigger: .once, sourceIsStreaming: true, checkpointed: true))
        #expect(coordinator.handle(.commitWritten, nowNanos: 0).isEmpty)
        #expect(coordinator.phase == .idle)
        _ = coordinator.handle(.started(EpochResumption(state: SimState())), nowNanos: 0)
        #expect(coordinator.phase == .resolvingStart)
        #expect(coordinator.handle(.sinkCommitted, nowNanos: 0).isEmpty)
        #expect(coordinator.handle(.offsetPlanned(0..<1), nowNanos: 0).isEmpty)
        #expect(coordinator.unexpectedEvents == 3 && coordinator.phase == .resolvingStart)
        #expect(describe(coordinator.handle(.startResolved(0..<0), nowNanos: 0)) == ["write start 0..<0"])
    }

    @Test func theTableOfTransitionsNamesEveryPhaseAndNothingLeavesStopped() {
        #expect(Set(EpochPhase.transitions.keys) == Set(EpochPhase.Kind.allCases))
        #expect(EpochPhase.transitions[.stopped] == [])
        #expect(EpochPhase.transitions.values.allSatisfy { !$0.contains(.idle) })
        #expect(EpochPhase.writingState(epoch: 4).kind == .writingState)
    }

    func input(_ epoch: Int, _ range: Range<Int>) -> EpochInput<Range<Int>> {
        EpochInput(epoch: epoch, offset: range, watermarkMicros: 7)
    }

    func output() -> DriverStageOutput<SimPayloads> {
        DriverStageOutput(rowCount: 1, metrics: SimMetrics(), state: SimState(), watermarkMicros: 7)
    }

    func describe(_ directives: [EpochDirective<SimPayloads>]) -> [String] {
        directives.map(SimulatedQuery.describe)
    }
}
