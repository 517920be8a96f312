import SluiceCheckpoint
import Testing

/// The recovery plan for every way a checkpoint can lose or garble files, against the rule that
/// each epoch writes offsets, then the sink, then state, then its commit.
struct CheckpointRecoveryTests {
    /// A checkpoint after `epochs` whole epochs of a query into a sink with markers, as a run leaves it.
    func intact(_ epochs: Int, pending: Bool = false) -> CheckpointInventory {
        var inventory = CheckpointInventory()
        let all = Set(0..<epochs)
        inventory.offsets = pending ? all.union([epochs]) : all
        inventory.commits = all
        inventory.commitsWithOffsets = all
        inventory.validStates = [epochs - 1]
        inventory.sinkKeepsMarkers = true
        inventory.sinkCommitted = epochs - 1
        return inventory
    }

    func plan(_ inventory: CheckpointInventory) throws -> RecoveryPlan {
        try CheckpointRecovery.plan(inventory, directory: "/cp")
    }

    @Test func aNewCheckpointStartsAtEpochZero() throws {
        let plan = try plan(CheckpointInventory())
        #expect(plan == RecoveryPlan())
        #expect(plan.nextEpoch == 0)
    }

    @Test func anIntactCheckpointResumesAfterItsLastCommit() throws {
        let plan = try plan(intact(3))
        #expect(plan.committed == 2)
        #expect(plan.stateEpoch == 2)
        #expect(plan.replay.isEmpty && plan.repairs.isEmpty && plan.pending == nil)
        #expect(plan.nextEpoch == 3)
    }

    @Test func anEpochWithOffsetsButNoCommitRunsAgainThroughTheSink() throws {
        let plan = try plan(intact(3, pending: true))
        #expect(plan.pending == 3)
        #expect(plan.nextEpoch == 4)
        #expect(plan.repairs.isEmpty)
    }

    @Test func aCrashAfterTheSinkCommittedRecomputesTheStateWithoutTheSink() throws {
        var inventory = intact(3, pending: true)
        inventory.sinkCommitted = 3
        let plan = try plan(inventory)
        #expect(plan.committed == 3)
        #expect(plan.stateEpoch == 2)
        #expect(plan.replay == [3])
        #expect(plan.missingCommit == 3)
        #expect(plan.pending == nil)
    }

    @Test func lostStateIsRecomputedFromTheLatestTrustedStateBeforeIt() throws {
        var inventory = intact(5)
        inventory.validStates = [1]
        inventory.damagedStates = [4: "checksum mismatch", 3: "it holds the state of epoch 0"]
        let plan = try plan(inventory)
        #expect(plan.stateEpoch == 1)
        #expect(plan.replay == [2, 3, 4])
        #expect(plan.repairs.contains { $0.contains("state/4 cannot be trusted (checksum mismatch)") })
    }

    @Test func withNoStateLeftEveryRetainedEpochIsRecomputedFromTheStart() throws {
        var inventory = intact(4)
        inventory.validStates = []
        let plan = try plan(inventory)
        #expect(plan.stateEpoch == nil)
        #expect(plan.replay == [0, 1, 2, 3])
    }

    @Test func lostStateBeyondTheRetainedOffsetsIsRefusedNamingTheFiles() throws {
        var inventory = intact(6)
        inventory.validStates = []
        inventory.offsets = [4, 5]
        inventory.commitsWithOffsets = [4, 5]
        inventory.commits = [4, 5]
        #expect {
            try plan(inventory)
        } throws: { error in
            let message = (error as? CheckpointError)?.message ?? ""
            return message.contains("state/5 is missing") && message.contains("offsets/3 is missing")
        }
    }

    @Test func lostOffsetsAreWrittenAgainFromTheCommits() throws {
        var inventory = intact(3)
        inventory.offsets = []
        let plan = try plan(inventory)
        #expect(plan.offsetsFromCommits == [2])
        #expect(plan.stateEpoch == 2)
        #expect(plan.nextEpoch == 3)
    }

    @Test func lostOffsetsWithCommitsOfAnEarlierVersionAreRefused() throws {
        var inventory = intact(3)
        inventory.offsets = []
        inventory.commitsWithOffsets = []
        #expect(throws: CheckpointError.self) { try plan(inventory) }
    }

    @Test func lostCommitsAreRebuiltFromTheSinksMarkers() throws {
        var inventory = intact(4)
        inventory.commits = []
        inventory.commitsWithOffsets = []
        let plan = try plan(inventory)
        #expect(plan.committed == 3)
        #expect(plan.missingCommit == 3)
        #expect(plan.stateEpoch == 3)
        #expect(plan.pending == nil)
        #expect(plan.nextEpoch == 4)
    }

    @Test func lostCommitsWithoutMarkersAreRebuiltFromTheState() throws {
        var inventory = intact(4)
        inventory.commits = []
        inventory.commitsWithOffsets = []
        inventory.sinkKeepsMarkers = false
        inventory.sinkCommitted = nil
        let plan = try plan(inventory)
        #expect(plan.committed == 3)
        #expect(plan.missingCommit == 3)
        #expect(plan.nextEpoch == 4)
    }

    @Test func aSinkWithFewerMarkersThanTheCheckpointIsRefused() throws {
        for markers in [nil, 1] as [Int?] {
            var inventory = intact(4)
            inventory.sinkCommitted = markers
            #expect {
                try plan(inventory)
            } throws: { error in
                ((error as? CheckpointError)?.message ?? "").contains("records epoch 3 as committed")
            }
        }
    }

    @Test func aStatelessQueryNeedsNoReplay() throws {
        var inventory = intact(3)
        inventory.validStates = []
        inventory.stateless = true
        let plan = try plan(inventory)
        #expect(plan.replay.isEmpty)
        #expect(plan.writesEmptyState)
        #expect(plan.stateEpoch == nil)
    }

    @Test func anUnreadablePendingOffsetsFileIsDroppedAndItsEpochPlannedAnew() throws {
        var inventory = intact(3)
        inventory.damagedOffsets = [3: "not JSON"]
        let plan = try plan(inventory)
        #expect(plan.committed == 2)
        #expect(plan.droppedOffsets == [3])
        #expect(plan.pending == nil)
        #expect(plan.nextEpoch == 3)
    }
}
