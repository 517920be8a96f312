import SluiceCore
import SluicePlan
import Testing

@testable import SluiceExec

/// The driver stage over task results as an executor sends them (`PartialResultCodec`'s bytes),
/// decoded by `DriverEpoch` itself: the same rows, state and counters as over decoded ones, and
/// a damaged result refused with the task named, before anything is merged.
extension DriverEpochTests {
    /// `partial` with counters that tell tasks apart.
    func counted(_ partial: PartialResult, inputRows: Int, late: Int) -> PartialResult {
        var counted = partial
        counted.metrics.inputRows = inputRows
        counted.metrics.lateRowsDropped = late
        return counted
    }

    /// Each epoch's partials as outputs: every one encoded, or every other one (mixed).
    func outputs(_ partials: [PartialResult], encodeEvery step: Int) -> [TaskOutput] {
        partials.enumerated().map { task, partial in
            task % step == 0 ? .encoded(task: task, bytes: PartialResultCodec.encode(partial)) : .decoded(partial)
        }
    }

    @Test(arguments: [OutputMode.update, .complete])
    func encodedResultsGiveWhatDecodedOnesGive(mode: OutputMode) throws {
        let driver = try driver(byKey, mode)
        let epochs = threeEpochs.map { epoch in
            epoch.enumerated().map { counted($0.element, inputRows: 10 + $0.offset, late: $0.offset) }
        }
        var expectedState = AggregateState()
        let expected = try epochs.map { try driver.run($0, state: &expectedState) }
        for step in [1, 2] {
            var state = AggregateState()
            for (index, epoch) in epochs.enumerated() {
                let output = try driver.run(outputs: outputs(epoch, encodeEvery: step), state: &state)
                #expect(output.rows == expected[index], "epoch \(index), every \(step)")
                #expect(output.metrics.inputRows == epoch.reduce(0) { $0 + $1.metrics.inputRows }, "epoch \(index)")
                #expect(output.metrics.lateRowsDropped == epoch.reduce(0) { $0 + $1.metrics.lateRowsDropped })
            }
            #expect(state == expectedState, "every \(step)")
        }
        // Two tasks of 10 and 11 rows, then two more: the counters are the tasks' sums.
        var state = AggregateState()
        #expect(try driver.run(outputs: outputs(epochs[0], encodeEvery: 1), state: &state).metrics.inputRows == 21)
    }

    /// The watermark comes from the encoded counters, so windows close as they do from decoded ones.
    @Test func encodedResultsCarryTheEventTimeThatAdvancesTheWatermark() throws {
        let driver = try driver(windowed, .append)
        var decoded = AggregateState()
        var encoded = AggregateState()
        for epoch in windowEpochs {
            let rows = try driver.run(epoch, state: &decoded)
            let output = try driver.run(outputs: outputs(epoch, encodeEvery: 1), state: &encoded)
            #expect(output.rows == rows)
            #expect(output.metrics.maxEventTimeMicros == epoch.compactMap(\.metrics.maxEventTimeMicros).max())
            #expect(encoded == decoded)
        }
        #expect(encoded.watermarkMicros == 25 * second)
    }

    @Test func aDamagedResultIsRefusedNamingItsTaskAndNothingIsMerged() throws {
        let driver = try driver(byKey, .update)
        var state = AggregateState()
        _ = try driver.run(outputs: outputs(threeEpochs[0], encodeEvery: 1), state: &state)
        let before = state
        let good = PartialResultCodec.encode(partial([("a", 1, 1, 1)]))
        let damaged: [(bytes: [UInt8], says: String)] = [
            (Array(good.dropLast(3)), "malformed"),
            ([], "wrong magic"),
            (Array("SPR1".utf8) + good.dropFirst(4), "wrong magic"),
            (good + [0], "malformed"),
        ]
        for (index, bad) in damaged.enumerated() {
            let epoch: [TaskOutput] = [.encoded(task: 0, bytes: good), .decoded(partial([("b", 1, 2, 1)])), .encoded(task: 2, bytes: bad.bytes)]
            do {
                _ = try driver.run(outputs: epoch, state: &state)
                Issue.record("damaged result \(index) was taken")
            } catch let error as ExecError {
                #expect(error.kind == .malformedData)
                #expect(error.message.contains("task 2"), "\(error.message)")
                #expect(error.message.contains(bad.says), "\(index): \(error.message)")
            }
            #expect(state == before, "damaged result \(index) changed the state")
        }
    }
}
