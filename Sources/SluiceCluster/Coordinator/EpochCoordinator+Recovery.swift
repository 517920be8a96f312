/// Starting: carrying out an `EpochResumption` before the first new epoch.
extension EpochCoordinator {
    /// Takes the resumption's state and lists its steps.
    mutating func start(_ resumption: EpochResumption<Payloads>, nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        state = resumption.state
        watermarkMicros = resumption.watermarkMicros
        nextEpoch = resumption.nextEpoch
        recordedStart = resumption.recordedStart
        lastOffset = resumption.committed?.offset
        recovery = resumption.replay.map { .replay($0) }
        if let committed = resumption.committed, configuration.checkpointed {
            if resumption.writesState { recovery.append(.writeState(epoch: committed.epoch)) }
            if resumption.writesCommit { recovery.append(.writeCommit(committed)) }
        }
        if let pending = resumption.pending { recovery.append(.pending(pending)) }
        recovery.append(.start)
        return continueRecovery(nowNanos: nowNanos)
    }

    /// Carries out the next recovery step; after the last, the trigger loop begins.
    mutating func continueRecovery(nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        guard !recovery.isEmpty else { return nextTrigger(nowNanos: nowNanos) }
        switch recovery.removeFirst() {
        case .replay(let input):
            return launch(input, kind: .replay, nowNanos: nowNanos)
        case .writeState(let epoch):
            guard let state else { return stop() }
            phase = .writingState(epoch: epoch)
            return [.writeState(epoch: epoch, state: state)]
        case .writeCommit(let input):
            phase = .writingCommit(epoch: input.epoch)
            return [.writeCommit(input)]
        case .pending(let input):
            return launch(input, kind: .pending, nowNanos: nowNanos)
        case .start:
            return resolveStart(nowNanos: nowNanos)
        }
    }

    /// A query with no offset yet starts at the recorded start, else asks the source.
    private mutating func resolveStart(nowNanos: UInt64) -> [EpochDirective<Payloads>] {
        guard lastOffset == nil else { return nextTrigger(nowNanos: nowNanos) }
        if let recordedStart {
            lastOffset = recordedStart
            return nextTrigger(nowNanos: nowNanos)
        }
        phase = .resolvingStart
        return [.resolveStart]
    }
}
