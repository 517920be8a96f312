/// Where an `EpochCoordinator` stands: what it waits for.
public enum EpochPhase: Hashable, Sendable {
    /// Waiting for `started`.
    case idle
    /// Waiting for the source's initial offset.
    case resolvingStart
    /// Waiting for `sources/0` to be written.
    case writingStart
    /// Waiting for the next offset.
    case planning
    /// Waiting for `offsets/<epoch>`.
    case writingOffsets(epoch: Int)
    /// Waiting for the epoch's tasks.
    case runningTasks(epoch: Int)
    /// Waiting for the driver stage.
    case runningDriverStage(epoch: Int)
    /// Waiting for the sink.
    case committingSink(epoch: Int)
    /// Waiting for `state/<epoch>`.
    case writingState(epoch: Int)
    /// Waiting for `commits/<epoch>`.
    case writingCommit(epoch: Int)
    /// Waiting for the trigger's next interval.
    case waiting
    /// Done; every later event is ignored.
    case stopped

    /// A phase without its epoch.
    public enum Kind: Hashable, Sendable, CaseIterable {
        case idle, resolvingStart, writingStart, planning, writingOffsets, runningTasks, runningDriverStage
        case committingSink, writingState, writingCommit, waiting, stopped
    }

    /// The phase without its epoch.
    public var kind: Kind {
        switch self {
        case .idle: .idle
        case .resolvingStart: .resolvingStart
        case .writingStart: .writingStart
        case .planning: .planning
        case .writingOffsets: .writingOffsets
        case .runningTasks: .runningTasks
        case .runningDriverStage: .runningDriverStage
        case .committingSink: .committingSink
        case .writingState: .writingState
        case .writingCommit: .writingCommit
        case .waiting: .waiting
        case .stopped: .stopped
        }
    }

    /// Where an epoch's end leads: recovery's next step (an epoch, a write, the start), the
    /// next planning, the wait for the trigger, or the end.
    private static let afterEpoch: Set<Kind> = [
        .runningTasks, .writingState, .writingCommit, .resolvingStart, .planning, .waiting, .stopped,
    ]

    /// Every legal change of phase: the phases each one may hand over to on one event.
    public static let transitions: [Kind: Set<Kind>] = [
        .idle: [.runningTasks, .writingState, .writingCommit, .resolvingStart, .planning, .stopped],
        .resolvingStart: [.writingStart, .planning, .stopped],
        .writingStart: [.planning, .stopped],
        .planning: [.writingOffsets, .runningTasks, .waiting, .planning, .stopped],
        .writingOffsets: [.runningTasks],
        .runningTasks: [.runningDriverStage],
        .runningDriverStage: afterEpoch.union([.committingSink]),
        .committingSink: afterEpoch,
        .writingState: afterEpoch,
        .writingCommit: afterEpoch,
        .waiting: [.planning, .stopped],
        .stopped: [],
    ]
}
