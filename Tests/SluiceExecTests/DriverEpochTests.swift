import SluiceCore
import SluicePlan
import Testing

@testable import SluiceExec

/// The driver's step of each epoch over hand-made partial results: which rows each output mode
/// emits, with values merged across tasks and epochs, and which windows the watermark evicts.
struct DriverEpochTests {
    let fixture = StageFixture()
    let second = StageFixture.second

    /// `k, count(*), sum(v), avg(v)` per key.
    let byKey = "SELECT k, count(*) AS n, sum(v) AS s, avg(v) AS m FROM logs GROUP BY k"
    /// Count per 10-second window and key, with a 5-second watermark.
    let windowed = "SELECT window.start AS start, k, count(*) AS n FROM logs WHERE delay(__time__) < '5 seconds' "
        + "GROUP BY TUMBLING(__time__, interval 10 second), k"

    /// A task's partial result of `byKey`: per key, its row count, the sum and count of its non-NULL `v`.
    func partial(_ groups: [(key: String, rows: Int64, sum: Int64?, values: Int64)]) -> PartialResult {
        make(
            byKey, keys: groups.map { [.string($0.key)] },
            states: groups.map { group in
                [[.bigint(group.rows)], [group.sum.map(Value.bigint) ?? .null], [.double(Double(group.sum ?? 0)), .bigint(group.values)]]
            })
    }

    /// The column layout of `sql`'s aggregation.
    func layout(_ sql: String) -> AggregateLayout {
        // The fixture's queries all bind; a failure shows as an empty layout and failing expectations.
        (try? AggregateLayout(fixture.stages(sql).driver.aggregate)) ?? (try! AggregateLayout(nil))
    }

    /// A partial result of `sql` with groups given as rows (a window as `(start, end)`).
    func make(_ sql: String, keys: [[Value]], states: [[[Value]]]) -> PartialResult {
        PartialResult(keyRows: keys, stateRows: states, layout: layout(sql))
    }

    /// The state's groups as rows (a window as `(start, end)`).
    func groups(_ state: AggregateState, _ sql: String) -> [[Value]: [[Value]]] {
        state.valueRows(layout(sql))
    }

    /// A task's partial result of `windowed`: per window (start, in seconds) and key, its count;
    /// `latest` is the largest event time it saw, in seconds.
    func windowPartial(_ groups: [(start: Int64, key: String, count: Int64)], latest: Int64?) -> PartialResult {
        var partial = make(
            windowed, keys: groups.map { [StageFixture.window($0.start, $0.start + 10), .string($0.key)] },
            states: groups.map { [[.bigint($0.count)]] })
        partial.metrics.maxEventTimeMicros = latest.map { $0 * second }
        return partial
    }

    func driver(_ sql: String, _ mode: OutputMode) throws -> DriverEpoch {
        DriverEpoch(stages: try fixture.stages(sql, mode: mode), mode: mode, context: fixture.context)
    }

    /// Epoch 0: a in two tasks (2 rows summing 10, 1 row of 1), b once (5). Epoch 1: b again
    /// (2 rows summing 4), c with a NULL v. Epoch 2: nothing.
    var threeEpochs: [[PartialResult]] {
        [
            [partial([("a", 2, 10, 2), ("b", 1, 5, 1)]), partial([("a", 1, 1, 1)])],
            [partial([("c", 1, nil, 0)]), partial([("b", 2, 4, 2)])],
            [],
        ]
    }

    @Test func updateModeEmitsTheGroupsOfTheEpochWithTheirTotalsSoFar() throws {
        let driver = try driver(byKey, .update)
        var state = AggregateState()
        let rows = try threeEpochs.map { try driver.run($0, state: &state) }
        #expect(rows[0] == [[.string("a"), .bigint(3), .bigint(11), .double(11.0 / 3)], [.string("b"), .bigint(1), .bigint(5), .double(5)]])
        #expect(rows[1] == [[.string("b"), .bigint(3), .bigint(9), .double(3)], [.string("c"), .bigint(1), .null, .null]])
        #expect(rows[2] == [])
        // Without a watermark nothing is evicted.
        #expect(Set(groups(state, byKey).keys) == [[.string("a")], [.string("b")], [.string("c")]])
    }

    @Test func completeModeEmitsEveryGroupEveryEpoch() throws {
        let driver = try driver(byKey, .complete)
        var state = AggregateState()
        let rows = try threeEpochs.map { try driver.run($0, state: &state) }
        let a: [Value] = [.string("a"), .bigint(3), .bigint(11), .double(11.0 / 3)]
        #expect(rows[0] == [a, [.string("b"), .bigint(1), .bigint(5), .double(5)]])
        let all: [[Value]] = [a, [.string("b"), .bigint(3), .bigint(9), .double(3)], [.string("c"), .bigint(1), .null, .null]]
        #expect(rows[1] == all)
        #expect(rows[2] == all)
    }

    /// The binder refuses append mode without a watermark; with one but no window key the driver
    /// still has no group it could ever close.
    @Test func appendModeNeverEmitsGroupsWithoutAWindow() throws {
        let sql = "SELECT k, count(*) AS n FROM logs WHERE delay(__time__) < '1 second' GROUP BY k"
        let driver = DriverEpoch(stages: try fixture.stages(sql), mode: .append, context: fixture.context)
        var state = AggregateState()
        for latest: Int64 in [10, 20, 30] {
            var partial = make(sql, keys: [[.string("a")], [.string("k\(latest)")]], states: [[[.bigint(1)]], [[.bigint(1)]]])
            partial.metrics.maxEventTimeMicros = latest * second
            #expect(try driver.run([partial], state: &state) == [])
        }
        #expect(state.watermarkMicros == 29 * second)
        #expect(state.groupCount == 4)
        #expect(groups(state, sql)[[.string("a")]] == [[.bigint(3)]])
    }

    @Test func theStateIsTheMergeOfEveryPartialState() throws {
        var state = AggregateState()
        _ = try driver(byKey, .update).run(threeEpochs[0] + threeEpochs[1], state: &state)
        #expect(groups(state, byKey)[[.string("a")]] == [[.bigint(3)], [.bigint(11)], [.double(11), .bigint(3)]])
        #expect(groups(state, byKey)[[.string("c")]] == [[.bigint(1)], [.null], [.double(0), .bigint(0)]])
        #expect(state.watermarkMicros == nil)
    }

    /// A partial or a state whose columns are not the query's is refused, not indexed past its end.
    @Test func columnsOfAnotherShapeAreRefused() throws {
        let byKeyDriver = try driver(byKey, .update)
        var state = AggregateState()
        let other = make(windowed, keys: [[StageFixture.window(0, 10), .string("a")]], states: [[[.bigint(1)]]])
        #expect(throws: ExecError.self) { try byKeyDriver.run([other], state: &state) }
        var foreign = AggregateState()
        _ = try driver(windowed, .update).run([other], state: &foreign)
        #expect(foreign.groupCount == 1)
        #expect(throws: ExecError.self) { try byKeyDriver.run([partial([("a", 1, 1, 1)])], state: &foreign) }
    }

    @Test func aGlobalAggregateHasOneRowInCompleteModeEvenWithoutInput() throws {
        let sql = "SELECT count(*) AS n, sum(v) AS s FROM logs"
        var state = AggregateState()
        #expect(try driver(sql, .complete).run([], state: &state) == [[.bigint(0), .null]])
        var updated = AggregateState()
        #expect(try driver(sql, .update).run([], state: &updated) == [])
        let one = make(sql, keys: [[]], states: [[[.bigint(2)], [.bigint(7)]]])
        #expect(try driver(sql, .update).run([one, one], state: &updated) == [[.bigint(4), .bigint(14)]])
    }

    @Test func havingFiltersOnTheTotalsSoFar() throws {
        let driver = try driver("SELECT k, count(*) AS n FROM logs GROUP BY k HAVING count(*) > 1", .update)
        var state = AggregateState()
        func counts(_ groups: [(String, Int64)]) -> PartialResult {
            make("SELECT k, count(*) AS n FROM logs GROUP BY k", keys: groups.map { [.string($0.0)] }, states: groups.map { [[.bigint($0.1)]] })
        }
        #expect(try driver.run([counts([("a", 1), ("b", 2)])], state: &state) == [[.string("b"), .bigint(2)]])
        #expect(try driver.run([counts([("a", 1)])], state: &state) == [[.string("a"), .bigint(2)]])
    }

    @Test func orderByAndLimitApplyToEachEpochsRows() throws {
        let driver = try driver("SELECT k, count(*) AS n FROM logs GROUP BY k ORDER BY n DESC, k LIMIT 2", .complete)
        var state = AggregateState()
        let partial = make(
            "SELECT k, count(*) AS n FROM logs GROUP BY k", keys: [[.string("a")], [.string("b")], [.string("c")], [.string("d")]],
            states: [[[.bigint(3)]], [[.bigint(1)]], [[.bigint(5)]], [[.bigint(3)]]])
        #expect(try driver.run([partial], state: &state) == [[.string("c"), .bigint(5)], [.string("a"), .bigint(3)]])
    }

    /// Epoch 0 sees times up to 12 s (watermark 7 s), epoch 1 up to 15 s (watermark 10 s, which
    /// closes [0, 10)), epoch 2 no rows, epoch 3 a time of 30 s (watermark 25 s, which closes
    /// [10, 20)), epoch 4 an old time of 1 s (the watermark stays).
    var windowEpochs: [[PartialResult]] {
        [
            [windowPartial([(0, "a", 2), (0, "b", 1)], latest: 9), windowPartial([(10, "a", 1)], latest: 12)],
            [windowPartial([(10, "a", 2)], latest: 15)],
            [],
            [windowPartial([], latest: 30)],
            [windowPartial([], latest: 1)],
        ]
    }

    @Test func appendModeEmitsEachWindowOnceWhenTheWatermarkPassesItsEnd() throws {
        let driver = try driver(windowed, .append)
        var state = AggregateState()
        var rows: [[[Value]]] = []
        var watermarks: [Int64?] = []
        for epoch in windowEpochs {
            rows.append(try driver.run(epoch, state: &state))
            watermarks.append(state.watermarkMicros)
        }
        #expect(watermarks == [7 * second, 10 * second, 10 * second, 25 * second, 25 * second])
        #expect(rows[0] == [])
        #expect(rows[1] == [[.timestamp(0), .string("a"), .bigint(2)], [.timestamp(0), .string("b"), .bigint(1)]])
        #expect(rows[2] == [])
        #expect(rows[3] == [[.timestamp(10 * second), .string("a"), .bigint(3)]])
        #expect(rows[4] == [])
        #expect(state.groupCount == 0)
    }

    @Test func updateModeEmitsTouchedWindowsAndEvictsClosedOnes() throws {
        let driver = try driver(windowed, .update)
        var state = AggregateState()
        let epochs = windowEpochs
        #expect(
            try driver.run(epochs[0], state: &state) == [
                [.timestamp(0), .string("a"), .bigint(2)], [.timestamp(0), .string("b"), .bigint(1)],
                [.timestamp(10 * second), .string("a"), .bigint(1)],
            ])
        #expect(try driver.run(epochs[1], state: &state) == [[.timestamp(10 * second), .string("a"), .bigint(3)]])
        // [0, 10) closed at watermark 10 s: gone from the state though not emitted again.
        #expect(Array(groups(state, windowed).keys) == [[StageFixture.window(10, 20), .string("a")]])
        #expect(try driver.run(epochs[3], state: &state) == [])
        #expect(state.groupCount == 0)
    }

    @Test func completeModeKeepsClosedWindows() throws {
        let driver = try driver(windowed, .complete)
        var state = AggregateState()
        var last: [[Value]] = []
        for epoch in windowEpochs { last = try driver.run(epoch, state: &state) }
        #expect(
            last == [
                [.timestamp(0), .string("a"), .bigint(2)], [.timestamp(0), .string("b"), .bigint(1)],
                [.timestamp(10 * second), .string("a"), .bigint(3)],
            ])
        #expect(state.groupCount == 3)
        #expect(state.watermarkMicros == 25 * second)
    }

    @Test func aWindowEndingExactlyAtTheWatermarkIsClosed() throws {
        let driver = try driver(windowed, .append)
        var state = AggregateState()
        // Latest 14.999999 s: watermark 9.999999 s, [0, 10) stays open; then 15 s closes it.
        var partial = windowPartial([(0, "a", 1)], latest: nil)
        partial.metrics.maxEventTimeMicros = 15 * second - 1
        #expect(try driver.run([partial], state: &state) == [])
        #expect(try driver.run([windowPartial([], latest: 15)], state: &state) == [[.timestamp(0), .string("a"), .bigint(1)]])
    }

    @Test func aQueryWithoutAggregateWritesTheTasksRowsInTaskOrder() throws {
        let driver = try driver("SELECT k, v FROM logs WHERE delay(__time__) < '1 second'", .append)
        var state = AggregateState()
        var first = PartialResult()
        first.rows = RecordBatch.from(rows: [[.string("x"), .bigint(1)], [.string("y"), .bigint(2)]], types: [.string, .bigint])
        first.metrics.maxEventTimeMicros = 4 * second
        var other = PartialResult()
        other.rows = RecordBatch.from(rows: [[.null, .bigint(3)]], types: [.string, .bigint])
        #expect(try driver.run([first, other], state: &state) == first.rows.rowValues + other.rows.rowValues)
        #expect(state.watermarkMicros == 3 * second)
        #expect(state.groupCount == 0)
    }
}
