import SluiceCore
import SluiceTestSupport
import Testing

@testable import SluiceExec

/// Every aggregate: splitting the input any way and merging the states gives the single-pass answer.
@Suite struct AccumulatorTests {
    static let cases: [(name: String, distinct: Bool, type: DataType, input: DataType)] = [
        ("count", false, .bigint, .double), ("sum", false, .bigint, .bigint), ("sum", false, .double, .double),
        ("avg", false, .double, .double), ("min", false, .double, .double), ("max", false, .double, .double),
        ("first", false, .double, .double), ("last", false, .double, .double), ("stddev", false, .double, .double),
        ("stddev_pop", false, .double, .double), ("variance", false, .double, .double), ("var_pop", false, .double, .double),
        ("count", true, .bigint, .bigint), ("sum", true, .bigint, .bigint),
    ]

    func column(_ values: [Value], type: DataType) -> ColumnVector {
        ColumnVector.from(values, type: type)
    }

    func single(_ name: String, _ distinct: Bool, _ type: DataType, _ input: DataType, _ values: [Value], groups: [Int], groupCount: Int) throws -> [Value] {
        var accumulator = try Accumulators.make(name: name, distinct: distinct, argumentTypes: [input], type: type)
        accumulator.resize(groups: groupCount)
        accumulator.update(groups: groups, arguments: [column(values, type: input)])
        return (0..<groupCount).map { accumulator.evaluate(group: $0) }
    }

    @Test(arguments: 0..<cases.count)
    func splitAndMergeEqualsOnePass(_ index: Int) throws {
        let (name, distinct, type, input) = Self.cases[index]
        var random = SplitMix64(state: UInt64(index + 1))
        for _ in 0..<30 {
            let count = Int.random(in: 0...60, using: &random)
            let values: [Value] = (0..<count).map { _ in
                if Int.random(in: 0..<6, using: &random) == 0 { return .null }
                let n = Int64.random(in: -5...5, using: &random)
                return input == .bigint ? .bigint(n) : .double(Double(n) / 2)
            }
            let groupCount = 3
            let groups = (0..<count).map { _ in Int.random(in: 0..<groupCount, using: &random) }
            let expected = try single(name, distinct, type, input, values, groups: groups, groupCount: groupCount)
            // Split into contiguous parts (order kept, as first/last need), aggregate each, merge in order.
            var cuts = (0..<Int.random(in: 0...4, using: &random)).map { _ in Int.random(in: 0...count, using: &random) }
            cuts = ([0] + cuts.sorted() + [count])
            var merged = try Accumulators.make(name: name, distinct: distinct, argumentTypes: [input], type: type)
            merged.resize(groups: groupCount)
            for (start, end) in zip(cuts, cuts.dropFirst()) {
                var part = try Accumulators.make(name: name, distinct: distinct, argumentTypes: [input], type: type)
                part.resize(groups: groupCount)
                part.update(groups: Array(groups[start..<end]), arguments: [column(Array(values[start..<end]), type: input)])
                for group in 0..<groupCount { merged.merge(group: group, state: part.state(group: group)) }
            }
            for group in 0..<groupCount {
                let got = merged.evaluate(group: group)
                if case .double(let x) = got, case .double(let y) = expected[group] {
                    #expect(x == y || (x.isNaN && y.isNaN) || abs(x - y) <= 1e-9 * max(1, abs(y)), "\(name) group \(group)")
                } else {
                    #expect(got == expected[group], "\(name)\(distinct ? " distinct" : "") group \(group): \(got) vs \(expected[group])")
                }
            }
        }
    }

    @Test func knownValues() throws {
        let values: [Value] = [.double(1), .double(2), .null, .double(4)]
        let groups = [0, 0, 0, 0]
        #expect(try single("avg", false, .double, .double, values, groups: groups, groupCount: 1) == [.double(7.0 / 3)])
        #expect(try single("count", false, .bigint, .double, values, groups: groups, groupCount: 1) == [.bigint(3)])
        #expect(try single("sum", false, .double, .double, [.null], groups: [0], groupCount: 1) == [.null])
        let variance = try single("variance", false, .double, .double, values, groups: groups, groupCount: 1)[0].double ?? 0
        #expect(abs(variance - 7.0 / 3) < 1e-12)
        #expect(try single("first", false, .double, .double, values, groups: groups, groupCount: 1) == [.double(1)])
    }
}

@Suite struct WindowTests {
    @Test func tumblingWindowsAlignToTheEpoch() {
        let second: Int64 = 1_000_000
        #expect(Windows.assign(time: 25 * second, size: 10 * second, slide: 10 * second)
            == [.composite([.timestamp(20 * second), .timestamp(30 * second)])])
        #expect(Windows.assign(time: 20 * second, size: 10 * second, slide: 10 * second)
            == [.composite([.timestamp(20 * second), .timestamp(30 * second)])])
        #expect(Windows.assign(time: -1, size: 10 * second, slide: 10 * second)
            == [.composite([.timestamp(-10 * second), .timestamp(0)])])
    }

    @Test func slidesThatDoNotDivideTheSizeGiveEveryWindowContainingTheTime() {
        let second: Int64 = 1_000_000
        let starts = Windows.assign(time: 12 * second, size: 10 * second, slide: 3 * second).map { window -> Int64 in
            guard case .composite(let bounds) = window, case .timestamp(let start) = bounds[0] else { return -1 }
            return start / second
        }
        #expect(starts == [3, 6, 9, 12])
        let (all, rows) = Windows.expand(
            ColumnVector(type: .timestamp, storage: .int64([12 * second, 0]), nulls: [false, true]), size: 10 * second,
            slide: 3 * second)
        #expect(all.map { $0 / second } == [3, 6, 9, 12])
        #expect(rows == [0, 0, 0, 0], "the NULL time has no window")
    }

    @Test func hoppingWindowsOverlap() {
        let second: Int64 = 1_000_000
        let windows = Windows.assign(time: 12 * second, size: 10 * second, slide: 5 * second)
        #expect(windows == [.composite([.timestamp(5 * second), .timestamp(15 * second)]),
                            .composite([.timestamp(10 * second), .timestamp(20 * second)])])
    }
}
