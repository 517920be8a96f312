import SluiceCheckpoint
import SluiceCluster
import Testing

/// The coordinator's start built from a recovery plan, with offsets as plain numbers.
struct RecoveryResumptionTests {
    enum Payloads: EpochPayloads {
        typealias Offset = Int
        typealias State = String
        typealias Metrics = Int
    }

    /// Epoch `epoch` ends at offset `10 × (epoch + 1)`.
    func input(_ epoch: Int) -> EpochInput<Int> {
        EpochInput(epoch: epoch, offset: 10 * (epoch + 1), watermarkMicros: Int64(epoch))
    }

    @Test func replayedCommittedAndPendingEpochsCarryTheirOffsets() throws {
        var plan = RecoveryPlan()
        plan.committed = 3
        plan.stateEpoch = 1
        plan.replay = [2, 3]
        plan.pending = 4
        plan.missingCommit = 3
        var startRead = false
        let start: EpochResumption<Payloads> = plan.resumption(
            state: "state 1", watermarkMicros: 7, input: input, recordedStart: { startRead = true; return 0 })
        #expect(start.state == "state 1")
        #expect(start.watermarkMicros == 7)
        #expect(start.replay == [input(2), input(3)])
        #expect(start.committed == input(3))
        // Epoch 3 is replayed, which writes its commit: it is not written a second time.
        #expect(!start.writesCommit)
        #expect(start.pending == input(4))
        #expect(start.nextEpoch == 5)
        #expect(start.recordedStart == nil)
        #expect(!startRead)
    }

    @Test func aLostCommitOfAnEpochNotReplayedIsWrittenAgain() throws {
        var plan = RecoveryPlan()
        plan.committed = 2
        plan.stateEpoch = 2
        plan.missingCommit = 2
        plan.writesEmptyState = true
        let start: EpochResumption<Payloads> = plan.resumption(
            state: "", watermarkMicros: nil, input: input, recordedStart: { nil })
        #expect(start.committed == input(2))
        #expect(start.writesCommit)
        #expect(start.writesState)
        #expect(start.replay.isEmpty)
        #expect(start.nextEpoch == 3)
    }

    @Test func withoutEpochsTheRecordedStartIsRead() throws {
        let start: EpochResumption<Payloads> = RecoveryPlan().resumption(
            state: "", watermarkMicros: nil, input: input, recordedStart: { 42 })
        #expect(start.recordedStart == 42)
        #expect(start.committed == nil)
        #expect(start.nextEpoch == 0)
    }

    @Test func aMissingOffsetsEntryFailsTheResumption() {
        var plan = RecoveryPlan()
        plan.committed = 0
        struct Missing: Error {}
        #expect(throws: Missing.self) {
            let _: EpochResumption<Payloads> = try plan.resumption(
                state: "", watermarkMicros: nil, input: { _ in throw Missing() }, recordedStart: { nil })
        }
    }
}
