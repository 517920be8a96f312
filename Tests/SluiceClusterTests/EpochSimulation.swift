import Foundation
import SluiceCheckpoint
import SluiceCluster
import SluiceTestSupport
import Testing

/// What the simulated query's epochs carry through the coordinator: record ranges, counts and
/// sums per key. The tasks' partials and the rows (as text) stay in the shell.
enum SimPayloads: EpochPayloads {
    typealias Offset = Range<Int>
    typealias State = SimState
    typealias Metrics = SimMetrics
}

/// The driver's state: per key (event time mod 3) a count and a sum, and the watermark.
struct SimState: Codable, Equatable {
    var counts: [Int: Int] = [:]
    var sums: [Int: Int64] = [:]
    var watermarkMicros: Int64?
}

/// One task's result: the records of its piece at or after the watermark.
struct SimPartial {
    var range: Range<Int>
    var kept: [Int64]
    var late: Int
}

/// Counters of an epoch's tasks.
struct SimMetrics: Equatable {
    var inputRows = 0
    var lateRows = 0
}

/// `offsets/<e>` and `commits/<e>`, as JSON.
struct SimOffsetFile: Codable, Equatable {
    var epoch: Int
    var from: Int
    var to: Int
    var watermarkMicros: Int64?

    init(_ input: EpochInput<Range<Int>>) {
        epoch = input.epoch
        from = input.offset.lowerBound
        to = input.offset.upperBound
        watermarkMicros = input.watermarkMicros
    }

    var input: EpochInput<Range<Int>> { EpochInput(epoch: epoch, offset: from..<to, watermarkMicros: watermarkMicros) }
}

struct SimCommitFile: Codable {
    var epoch: Int
    var offsets: SimOffsetFile
}

struct SimStateFile: Codable {
    var epoch: Int
    var state: SimState
}

/// What survives a crash: the source, the sink and the checkpoint.
struct EpochWorld {
    var source: MemorySource
    var sink = MemorySink()
    var checkpoint = MemoryCheckpoint()
}

/// The process died at a crash point.
struct SimulatedCrash: Error {}

/// A query's shell over `EpochWorld`: it carries out the coordinator's directives against the
/// in-memory source, sink and checkpoint and can die before or after any of them.
struct SimulatedQuery {
    static let queryID = "query-1"
    /// Events behind the watermark by more than this are late, µs.
    static let watermarkDelayMicros: Int64 = 20

    var world: EpochWorld
    var coordinator: EpochCoordinator<SimPayloads>
    let checkpointed: Bool
    var nowNanos: UInt64 = 1_000_000
    /// The crash point to die at (counted from 0 over this run), nil for none.
    var crashAt: Int?
    /// Crash points passed in this run: before and after every directive.
    var points = 0
    var reports: [EpochReport<SimMetrics>] = []
    var directives: [String] = []
    var resumption: EpochResumption<SimPayloads>?
    /// The tasks' results of the epoch under way, kept by the shell until its driver stage.
    var partials: (epoch: Int, results: [SimPartial])?
    /// The driver stage's rows of the epoch under way, kept by the shell until the sink.
    var rows: (epoch: Int, texts: [String])?
    /// Every change of phase seen, as kinds.
    var transitions: Set<[EpochPhase.Kind]> = []

    init(world: EpochWorld, trigger: EpochTrigger, checkpointed: Bool = true, retainedEpochs: Int = 100) {
        self.world = world
        self.checkpointed = checkpointed
        coordinator = EpochCoordinator(configuration: .init(
            trigger: trigger, sourceIsStreaming: true, checkpointed: checkpointed, retainedEpochs: retainedEpochs))
    }

    /// Recovers from the world's checkpoint and sink, then runs until the coordinator stops.
    /// - Throws: `SimulatedCrash` at `crashAt`; a recovery error when the checkpoint is refused.
    mutating func run() throws {
        let start = checkpointed ? try Self.recover(&world) : EpochResumption(state: SimState())
        resumption = start
        try feed(.started(start))
    }

    /// Feeds `first` and every answer until `stop`.
    mutating func feed(_ first: EpochEvent<SimPayloads>) throws {
        var event: EpochEvent<SimPayloads>? = first
        while let next = event {
            event = nil
            let before = coordinator.phase.kind
            let answered = coordinator.handle(next, nowNanos: nowNanos)
            if coordinator.phase.kind != before || coordinator.phase == .planning {
                transitions.insert([before, coordinator.phase.kind])
                #expect(
                    EpochPhase.transitions[before]?.contains(coordinator.phase.kind) == true,
                    "\(before) to \(coordinator.phase.kind) is not in the table of transitions")
            }
            for directive in answered {
                try crashPoint()
                directives.append(Self.describe(directive))
                if case .stop = directive { return }
                if let answer = execute(directive) { event = answer }
                try crashPoint()
            }
            nowNanos += 1_000_000
        }
        Issue.record("the coordinator stopped answering in phase \(coordinator.phase)")
    }

    mutating func crashPoint() throws {
        defer { points += 1 }
        if points == crashAt { throw SimulatedCrash() }
    }

    /// Carries out one directive against the world.
    mutating func execute(_ directive: EpochDirective<SimPayloads>) -> EpochEvent<SimPayloads>? {
        switch directive {
        case .resolveStart:
            return .startResolved(world.source.initialOffset())
        case .writeStart(let offset):
            world.checkpoint.write(Self.encode(SimOffsetFile(EpochInput(epoch: 0, offset: offset, watermarkMicros: nil))), to: "sources/0")
            return .startWritten
        case .planNextOffset(let previous):
            return world.source.nextOffset(after: previous).map { .offsetPlanned($0) } ?? .nothingNew
        case .writeOffsets(let input):
            world.checkpoint.write(Self.encode(SimOffsetFile(input)), to: "offsets/\(input.epoch)")
            return .offsetsWritten
        case .launchTasks(let launch):
            guard let pieces = world.source.read(launch.offset, parts: 3) else {
                Issue.record("epoch \(launch.epoch) reads \(launch.offset), which the source no longer holds")
                return nil
            }
            partials = (launch.epoch, pieces.map { piece in
                let kept = piece.filter { $0 >= (launch.watermarkMicros ?? .min) }
                return SimPartial(range: piece.startIndex..<piece.endIndex, kept: kept, late: piece.count - kept.count)
            })
            return .tasksFinished
        case .runDriverStage(let epoch, let state):
            guard let kept = partials, kept.epoch == epoch else {
                Issue.record("driver stage \(epoch) asked for; the shell holds the results of \(partials.map { "\($0.epoch)" } ?? "none")")
                return nil
            }
            partials = nil
            let (output, texts) = Self.driverStage(kept.results, state: state)
            rows = (epoch, texts)
            return .driverStageDone(output)
        case .commitSink(let epoch):
            guard let kept = rows, kept.epoch == epoch else {
                Issue.record("sink \(epoch) asked for; the shell holds the rows of \(rows.map { "\($0.epoch)" } ?? "none")")
                return nil
            }
            rows = nil
            return world.sink.commit(queryID: Self.queryID, epoch: epoch, rows: kept.texts) ? .sinkCommitted : .sinkSkipped
        case .writeState(let epoch, let state):
            world.checkpoint.write(Self.encode(SimStateFile(epoch: epoch, state: state)), to: "state/\(epoch)")
            return .stateWritten
        case .writeCommit(let input):
            world.checkpoint.write(
                Self.encode(SimCommitFile(epoch: input.epoch, offsets: SimOffsetFile(input))), to: "commits/\(input.epoch)")
            return .commitWritten
        case .retain(let count, let epoch):
            world.checkpoint.retain(epochs: count, through: epoch)
            return nil
        case .reportProgress(let report):
            reports.append(report)
            return nil
        case .waitUntil(let deadline):
            nowNanos = max(nowNanos, deadline)
            return .tick
        case .stop:
            return nil
        }
    }

    /// Merges the partials into the state; one row names the input, one per changed key.
    /// - Returns: what the coordinator is told, and the rows the shell keeps for the sink.
    static func driverStage(_ partials: [SimPartial], state: SimState) -> (DriverStageOutput<SimPayloads>, [String]) {
        var state = state
        var metrics = SimMetrics()
        var changed: Set<Int> = []
        var maxTime: Int64?
        for partial in partials {
            metrics.inputRows += partial.range.count
            metrics.lateRows += partial.late
            for time in partial.kept {
                let key = Int(time % 3)
                state.counts[key, default: 0] += 1
                state.sums[key, default: 0] += time
                changed.insert(key)
                maxTime = max(maxTime ?? time, time)
            }
        }
        if let maxTime { state.watermarkMicros = max(state.watermarkMicros ?? .min, maxTime - watermarkDelayMicros) }
        let from = partials.first?.range.lowerBound ?? 0
        let to = partials.last?.range.upperBound ?? 0
        let rows = ["input \(from)..<\(to): \(metrics.inputRows) read, \(metrics.lateRows) late"]
            + changed.sorted().map { "key \($0): count \(state.counts[$0] ?? 0) sum \(state.sums[$0] ?? 0)" }
        return (DriverStageOutput(rowCount: rows.count, metrics: metrics, state: state, watermarkMicros: state.watermarkMicros), rows)
    }

    /// What `StreamingQuery.resume` does, over the in-memory checkpoint: the files read into an
    /// inventory, `CheckpointRecovery`'s plan, offsets files mended, the resumption built.
    static func recover(_ world: inout EpochWorld) throws -> EpochResumption<SimPayloads> {
        var inventory = CheckpointInventory()
        var offsets: [Int: EpochInput<Range<Int>>] = [:]
        for epoch in world.checkpoint.epochs(in: "offsets") {
            if let file = decode(SimOffsetFile.self, world.checkpoint.read("offsets/\(epoch)")), file.epoch == epoch {
                offsets[epoch] = file.input
                inventory.offsets.insert(epoch)
            } else {
                inventory.damagedOffsets[epoch] = "not an offsets file"
            }
        }
        var commits: [Int: EpochInput<Range<Int>>] = [:]
        for epoch in world.checkpoint.epochs(in: "commits") {
            inventory.commits.insert(epoch)
            if let file = decode(SimCommitFile.self, world.checkpoint.read("commits/\(epoch)")), file.epoch == epoch {
                commits[epoch] = file.offsets.input
                inventory.commitsWithOffsets.insert(epoch)
            }
        }
        var states: [Int: SimState] = [:]
        for epoch in world.checkpoint.epochs(in: "state").reversed() {
            if let file = decode(SimStateFile.self, world.checkpoint.read("state/\(epoch)")), file.epoch == epoch {
                states[epoch] = file.state
                inventory.validStates.insert(epoch)
                break
            }
            inventory.damagedStates[epoch] = "not a state file"
        }
        inventory.sinkKeepsMarkers = true
        inventory.sinkCommitted = world.sink.lastCommittedEpoch(queryID: queryID)
        let plan = try CheckpointRecovery.plan(inventory, directory: "memory")
        for epoch in plan.droppedOffsets { world.checkpoint.remove("offsets/\(epoch)") }
        for epoch in plan.offsetsFromCommits {
            guard let input = commits[epoch] else { continue }
            world.checkpoint.write(encode(SimOffsetFile(input)), to: "offsets/\(epoch)")
            offsets[epoch] = input
        }
        func input(_ epoch: Int) throws -> EpochInput<Range<Int>> {
            guard let input = offsets[epoch] ?? commits[epoch] else { throw CheckpointError("offsets/\(epoch) is missing") }
            return input
        }
        let state = plan.stateEpoch.flatMap { states[$0] } ?? SimState()
        let start: EpochResumption<SimPayloads> = try plan.resumption(
            state: state, watermarkMicros: state.watermarkMicros, input: input,
            recordedStart: { decode(SimOffsetFile.self, world.checkpoint.read("sources/0")).map { $0.from..<$0.to } })
        return start
    }

    /// The state after the last commit, from the checkpoint.
    var committedState: SimState? {
        guard let last = world.checkpoint.epochs(in: "commits").last else { return nil }
        return Self.decode(SimStateFile.self, world.checkpoint.read("state/\(last)"))?.state
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        (try? Array(JSONEncoder().encode(value))) ?? []
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]?) -> T? {
        bytes.flatMap { try? JSONDecoder().decode(type, from: Data($0)) }
    }

    /// A directive in a few words, for expectations.
    static func describe(_ directive: EpochDirective<SimPayloads>) -> String {
        switch directive {
        case .resolveStart: "resolve start"
        case .writeStart(let offset): "write start \(offset)"
        case .planNextOffset(let previous): "plan after \(previous.map { "\($0)" } ?? "nil")"
        case .writeOffsets(let input): "write offsets \(input.epoch) \(input.offset)"
        case .launchTasks(let launch): "launch \(launch.epoch)\(launch.rerun ? " again" : "")"
        case .runDriverStage(let epoch, _): "driver stage \(epoch)"
        case .commitSink(let epoch): "sink \(epoch)"
        case .writeState(let epoch, _): "write state \(epoch)"
        case .writeCommit(let input): "write commit \(input.epoch)"
        case .retain(let count, let epoch): "retain \(count) through \(epoch)"
        case .reportProgress(let report): "progress \(report.epoch) rows \(report.rowsWritten)"
        case .waitUntil(let nanos): "wait until \(nanos / 1_000_000) ms"
        case .stop: "stop"
        }
    }
}

/// Event times with some out of order, so the watermark drops a few: record i is at
/// 10 i, or 60 earlier for every seventh.
func simulatedRecords(_ count: Int) -> [Int64] {
    (0..<count).map { index in Int64(index) * 10 - (index % 7 == 6 ? 60 : 0) }
}
