import SluiceCore
import SluicePlan
import Testing

@testable import SluiceExec

/// The executor stage over small batches of rows: partial states per group, windows, the
/// watermark's late rows, and that splitting the input across tasks gives the same result.
struct ExecutorTaskTests {
    let fixture = StageFixture()
    let second = StageFixture.second

    func makeTask(_ sql: String) throws -> (ExecutorTask, QueryStages) {
        let stages = try fixture.stages(sql)
        return (ExecutorTask(stage: stages.executor, context: fixture.context), stages)
    }

    func run(_ sql: String, _ rows: [[String: Value]], watermark seconds: Int64? = nil) throws -> PartialResult {
        let (task, stages) = try makeTask(sql)
        return try task.run(fixture.batch(rows, for: stages.executor), watermarkMicros: seconds.map { $0 * second })
    }

    /// The keys of a partial whose first key is a window, the window's start and end columns
    /// as one `(start, end)` value.
    func windowKeys(_ partial: PartialResult) -> [[Value]] {
        partial.keyRows.map { [.composite([$0[0], $0[1]])] + $0.dropFirst(2) }
    }

    /// Window keys cross as two timestamp columns, start and end.
    @Test func aWindowKeyIsTwoTimestampColumns() throws {
        let partial = try run(
            "SELECT window, k, count(*) AS n FROM logs GROUP BY TUMBLING(__time__, interval 10 second), k",
            [StageFixture.row("a", 1, at: 3), StageFixture.row("b", 1, at: 12)])
        #expect(partial.keys.columns.map(\.type) == [.timestamp, .timestamp, .string])
        #expect(partial.keys.columns[0].storage == .int64([0, 10 * second]))
        #expect(partial.keys.columns[1].storage == .int64([10 * second, 20 * second]))
        #expect(partial.states[0][0].storage == .int64([1, 1]))
    }

    @Test func groupsAreKeyedInOrderOfFirstAppearanceWithTheirStates() throws {
        let rows = [
            StageFixture.row("a", 1), StageFixture.row("b", 2), StageFixture.row("a", 3), StageFixture.row("a", nil),
            StageFixture.row(nil, 4),
        ]
        let partial = try run("SELECT k, count(*) AS n, count(v) AS c, sum(v) AS s, avg(v) AS m FROM logs GROUP BY k", rows)
        #expect(partial.keyRows == [[.string("a")], [.string("b")], [.null]])
        #expect(
            partial.stateRows == [
                [[.bigint(3)], [.bigint(2)], [.bigint(4)], [.double(4), .bigint(2)]],
                [[.bigint(1)], [.bigint(1)], [.bigint(2)], [.double(2), .bigint(1)]],
                [[.bigint(1)], [.bigint(1)], [.bigint(4)], [.double(4), .bigint(1)]],
            ])
        #expect(partial.rows.rowCount == 0)
        #expect(partial.metrics.inputRows == 5)
    }

    @Test func rowsTheWhereClauseRejectsReachNoGroup() throws {
        let rows = [StageFixture.row("a", 1), StageFixture.row("b", 5), StageFixture.row("a", 7), StageFixture.row("c", nil)]
        let partial = try run("SELECT k, max(v) AS top FROM logs WHERE v > 2 GROUP BY k", rows)
        #expect(partial.keyRows == [[.string("b")], [.string("a")]])
        #expect(partial.stateRows == [[[.bigint(5)]], [[.bigint(7)]]])
    }

    @Test func aQueryWithoutAggregateReturnsItsProjectedRows() throws {
        let rows = [StageFixture.row("a", 1), StageFixture.row("b", 5), StageFixture.row(nil, 9)]
        let partial = try run("SELECT upper(k) AS u, v * 10 AS w FROM logs WHERE v > 1", rows)
        #expect(partial.rows.rowValues == [[.string("B"), .bigint(50)], [.null, .bigint(90)]])
        #expect(partial.groupCount == 0 && partial.states.isEmpty)
    }

    @Test func aTumblingWindowIsTheIntervalHoldingTheTimeNegativeTimesIncluded() throws {
        let (task, stages) = try makeTask("SELECT window, count(*) AS n FROM logs GROUP BY TUMBLING(__time__, interval 10 second)")
        var rows = [StageFixture.row("a", 1, at: 0), StageFixture.row("a", 1, at: 9), StageFixture.row("a", 1, at: 10)]
        rows.append(["__time__": .timestamp(-1)])
        rows.append(["__time__": .timestamp(-10 * second)])
        let partial = try task.run(fixture.batch(rows, for: stages.executor), watermarkMicros: nil)
        #expect(windowKeys(partial) == [[StageFixture.window(0, 10)], [StageFixture.window(10, 20)], [StageFixture.window(-10, 0)]])
        #expect(partial.stateRows == [[[.bigint(2)]], [[.bigint(1)]], [[.bigint(2)]]])
    }

    @Test func aHoppingWindowTakesEveryWindowHoldingTheTimeAndNullTimesAreDropped() throws {
        let sql = "SELECT window, count(*) AS n FROM logs GROUP BY HOPPING(__time__, interval 10 second, interval 5 second)"
        let rows = [StageFixture.row("a", 1, at: 12), StageFixture.row("b", 1, at: 3), StageFixture.row("c", 1)]
        let partial = try run(sql, rows)
        // 12 s is in [5, 15) and [10, 20); 3 s in [-5, 5) and [0, 10).
        let counts = Dictionary(uniqueKeysWithValues: zip(windowKeys(partial), partial.stateRows))
        #expect(
            counts == [
                [StageFixture.window(5, 15)]: [[.bigint(1)]], [StageFixture.window(10, 20)]: [[.bigint(1)]],
                [StageFixture.window(-5, 5)]: [[.bigint(1)]], [StageFixture.window(0, 10)]: [[.bigint(1)]],
            ])
        #expect(partial.groupCount == 4)
        #expect(partial.metrics.nullTimeRowsDropped == 1)
        #expect(partial.metrics.inputRows == 3)
        // Each row is in two windows; no time is NULL, so nothing is counted as dropped.
        #expect(try run(sql, Array(rows.prefix(2))).metrics.nullTimeRowsDropped == 0)
    }

    @Test func rowsBehindTheWatermarkAreDroppedAndCountedAndTheLatestTimeIsSeenFirst() throws {
        let sql = "SELECT window, count(*) AS n FROM logs WHERE delay(__time__) < '5 seconds' AND v > 0 "
            + "GROUP BY TUMBLING(__time__, interval 10 second)"
        // Watermark 20 s: 19 s is late, 20 s is not; 40 s with v = 0 is filtered out, but its time counts.
        let rows = [
            StageFixture.row("a", 1, at: 19), StageFixture.row("a", 1, at: 20), StageFixture.row("a", 1, at: 25),
            StageFixture.row("a", 0, at: 40), StageFixture.row("a", 1, at: 5),
        ]
        let partial = try run(sql, rows, watermark: 20)
        #expect(windowKeys(partial) == [[StageFixture.window(20, 30)]])
        #expect(partial.stateRows == [[[.bigint(2)]]])
        #expect(partial.metrics.lateRowsDropped == 2)
        #expect(partial.metrics.maxEventTimeMicros == 40 * second)
        let first = try run(sql, rows)
        #expect(first.metrics.lateRowsDropped == 0)
        #expect(first.stateRows.map { $0[0][0] }.reduce(0) { $0 + ($1.int64 ?? 0) } == 4)
    }

    /// The task in one call gives the partial's bytes, with the source's malformed records
    /// counted in beside the stage's own counters.
    @Test func theEncodedPartialIsThePartialWithTheSourcesMalformedRecords() throws {
        let sql = "SELECT window, count(*) AS n FROM logs WHERE delay(__time__) < '5 seconds' "
            + "GROUP BY TUMBLING(__time__, interval 10 second)"
        let (task, stages) = try makeTask(sql)
        let rows = [StageFixture.row("a", 1, at: 19), StageFixture.row("a", 1, at: 25), StageFixture.row("b", 2, at: 27)]
        let batch = fixture.batch(rows, for: stages.executor)
        let bytes = try task.encodedPartial(batch, watermarkMicros: 20 * second, sourceMalformedRecords: 3)
        var expected = try task.run(batch, watermarkMicros: 20 * second)
        #expect(expected.metrics.malformedRecords == 0 && expected.metrics.lateRowsDropped == 1)
        expected.metrics.malformedRecords = 3
        #expect(bytes == PartialResultCodec.encode(expected))
        let decoded = try PartialResultCodec.decode(bytes)
        #expect(decoded.metrics.malformedRecords == 3 && decoded.metrics.inputRows == 3)
        #expect(decoded.stateRows == [[[.bigint(2)]]])
    }

    /// The aggregate contract end to end: any split of the rows into tasks, merged by the
    /// driver, gives what one task over all rows gives.
    @Test func splittingTheRowsAcrossTasksChangesNoResult() throws {
        let sql = "SELECT window.start AS start, k, count(*) AS n, sum(v) AS s, min(v) AS lo, max(v) AS hi, "
            + "avg(v) AS m FROM logs GROUP BY TUMBLING(__time__, interval 10 second), k"
        let (task, stages) = try makeTask(sql)
        var rows: [[String: Value]] = []
        for index in 0..<40 {
            let value: Int64? = index % 7 == 3 ? nil : Int64((index * 13) % 11) - 5
            rows.append(StageFixture.row(["a", "b", "c"][index % 3], value, at: Int64(index * 3 % 50)))
        }
        let driver = DriverEpoch(stages: stages, mode: .complete, context: fixture.context)
        var whole = AggregateState()
        let expected = try driver.run([task.run(fixture.batch(rows, for: stages.executor), watermarkMicros: nil)], state: &whole)
        #expect(expected.count == 15)
        for cuts in [[1], [20], [39], [5, 6, 30], [0, 0, 40]] {
            let bounds = [0] + cuts + [rows.count]
            let partials = try zip(bounds, bounds.dropFirst()).map { start, end in
                try task.run(fixture.batch(Array(rows[start..<end]), for: stages.executor), watermarkMicros: nil)
            }
            var split = AggregateState()
            #expect(try driver.run(partials, state: &split) == expected, "cut at \(cuts)")
            // Or epoch by epoch, one task each.
            var byEpoch = AggregateState()
            var last: [[Value]] = []
            for partial in partials { last = try driver.run([partial], state: &byEpoch) }
            #expect(last == expected, "epochs cut at \(cuts)")
        }
    }
}
