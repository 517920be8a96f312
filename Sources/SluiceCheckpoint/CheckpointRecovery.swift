/// Checks a checkpoint's offsets, commits and state against each other and against the sink's
/// markers before they are trusted, and plans the resumption: what can be rebuilt exactly is
/// rebuilt, what cannot is refused with the file, what is wrong and what to do.
///
/// The facts it relies on, from the order in which an epoch writes (design §3):
///
///     offsets/N ─▶ sink rows + marker (N) ─▶ state/N ─▶ commits/N ─▶ offsets/N+1
///
/// so `offsets/N+1`, `commits/N`, `state/N` and the marker of N each prove that epoch N reached
/// the sink; the state after N can be recomputed from an earlier state and the offsets after it,
/// because the same ranges give the same partial results.
public enum CheckpointRecovery {
    /// The plan for `inventory`, or an error naming what cannot be trusted.
    /// - Parameter directory: The checkpoint's path, for messages.
    /// - Throws: `CheckpointError` when the checkpoint and the sink disagree, or a lost file cannot be rebuilt.
    public static func plan(_ inventory: CheckpointInventory, directory: String) throws(CheckpointError) -> RecoveryPlan {
        var plan = RecoveryPlan()
        let recordedByCheckpoint = [
            inventory.commits.max(), inventory.validStates.max(), inventory.damagedStates.keys.max(),
            inventory.offsets.union(inventory.damagedOffsets.keys).union(inventory.commitsWithOffsets).max().map { $0 - 1 },
        ].compactMap { $0 }.filter { $0 >= 0 }.max()
        if inventory.sinkKeepsMarkers, let recordedByCheckpoint, (inventory.sinkCommitted ?? -1) < recordedByCheckpoint {
            let sink = inventory.sinkCommitted.map { "only up to epoch \($0)" } ?? "none"
            throw CheckpointError(
                "checkpoint \(directory) records epoch \(recordedByCheckpoint) as committed, but the sink holds markers of this "
                    + "query \(sink): the sink's tables were changed or are another database's. Nothing was written; to write "
                    + "the results again, use a new checkpoint location")
        }
        let committed = [recordedByCheckpoint, inventory.sinkCommitted].compactMap { $0 }.max()
        plan.committed = committed
        try planPending(inventory, after: committed, directory: directory, into: &plan)
        guard let committed else { return plan }
        guard inventory.hasOffsets(committed) else {
            throw CheckpointError(
                "checkpoint \(directory): offsets/\(committed) \(offsetsProblem(inventory, committed)) and "
                    + "commits/\(committed) does not record them, so where epoch \(committed + 1) starts is unknown. "
                    + "Use a new checkpoint location (and startingoffsets) to go on")
        }
        if !inventory.commits.contains(committed) {
            plan.missingCommit = committed
            plan.repairs.append("commits/\(committed) is missing; epoch \(committed) is committed (\(evidence(inventory, committed))): written again")
        }
        if inventory.stateless {
            if !inventory.validStates.contains(committed) {
                plan.writesEmptyState = true
                plan.repairs.append("state/\(committed) \(stateProblem(inventory, committed)); the query keeps no state: written again")
            }
        } else if inventory.validStates.contains(committed) {
            plan.stateEpoch = committed
        } else {
            try planReplay(inventory, committed: committed, directory: directory, into: &plan)
        }
        for epoch in plan.replay + [committed] where !inventory.offsets.contains(epoch) {
            plan.offsetsFromCommits.append(epoch)
            plan.repairs.append("offsets/\(epoch) \(offsetsProblem(inventory, epoch)): written again from commits/\(epoch)")
        }
        return plan
    }

    /// The epoch after `committed` runs again when its offsets were written; an unreadable
    /// offsets file of an epoch that never committed is dropped and the epoch planned anew.
    private static func planPending(
        _ inventory: CheckpointInventory, after committed: Int?, directory: String, into plan: inout RecoveryPlan
    ) throws(CheckpointError) {
        let next = (committed ?? -1) + 1
        if inventory.offsets.contains(next) {
            plan.pending = next
        } else if let reason = inventory.damagedOffsets[next] {
            plan.droppedOffsets.append(next)
            plan.repairs.append("offsets/\(next) cannot be read (\(reason)); epoch \(next) never committed: planned anew")
        }
    }

    /// The state after `committed` is missing or damaged: find the latest trusted state before it
    /// from which every later epoch's offsets are known, and recompute from there.
    private static func planReplay(
        _ inventory: CheckpointInventory, committed: Int, directory: String, into plan: inout RecoveryPlan
    ) throws(CheckpointError) {
        var epoch = committed
        while true {
            guard inventory.hasOffsets(epoch) else {
                throw CheckpointError(
                    "checkpoint \(directory): state/\(committed) \(stateProblem(inventory, committed)), and it cannot be "
                        + "recomputed: offsets/\(epoch) \(offsetsProblem(inventory, epoch)) and no earlier state/ file "
                        + "with every later offsets/ file is left (older epochs are removed after minBatchesToRetain). "
                        + "Use a new checkpoint location")
            }
            if epoch == 0 { break }
            if inventory.validStates.contains(epoch - 1) {
                plan.stateEpoch = epoch - 1
                break
            }
            epoch -= 1
        }
        plan.replay = Array(epoch...committed)
        let from = plan.stateEpoch.map { "state/\($0)" } ?? "the empty state"
        plan.repairs.append(
            "state/\(committed) \(stateProblem(inventory, committed)): recomputed from \(from) and the offsets of epochs "
                + "\(epoch)–\(committed), without writing to the sink")
    }

    private static func stateProblem(_ inventory: CheckpointInventory, _ epoch: Int) -> String {
        inventory.damagedStates[epoch].map { "cannot be trusted (\($0))" } ?? "is missing"
    }

    private static func offsetsProblem(_ inventory: CheckpointInventory, _ epoch: Int) -> String {
        inventory.damagedOffsets[epoch].map { "cannot be read (\($0))" } ?? "is missing"
    }

    private static func evidence(_ inventory: CheckpointInventory, _ epoch: Int) -> String {
        if inventory.sinkCommitted.map({ $0 >= epoch }) == true { return "the sink holds its marker" }
        if inventory.validStates.contains(epoch) || inventory.damagedStates[epoch] != nil { return "its state was written" }
        return "the next epoch's offsets were written"
    }
}
