import SluiceCore
import Testing

@testable import SluiceExec

/// The group indexer against the plain definition: rows whose key values are equal (NULLs equal
/// each other, 0.0 equals -0.0, NaN equals NaN) share a group; groups are numbered in the order
/// their keys first appear, each named by its first row.
@Suite struct GroupIndexerTests {
    /// A key value as SQL grouping compares it.
    func normalized(_ value: Value) -> Value {
        if case .double(let x) = value {
            if x == 0 { return .double(0) }
            if x.isNaN { return .string("NaN") }
        }
        return value
    }

    func expected(_ columns: [[Value]], rowCount: Int) -> (groups: [Int], representatives: [Int]) {
        var seen: [[Value]: Int] = [:]
        var groups: [Int] = []
        var representatives: [Int] = []
        for row in 0..<rowCount {
            let key = columns.map { normalized($0[row]) }
            if let group = seen[key] {
                groups.append(group)
            } else {
                seen[key] = representatives.count
                groups.append(representatives.count)
                representatives.append(row)
            }
        }
        return (groups, representatives)
    }

    @Test(arguments: 0..<20)
    func groupsAreThoseOfEqualKeys(_ seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) + 1)
        let rowCount = Int(random.next() % 300) + 1
        // Runs of equal values (as windows give) and scattered ones, with NULLs, across every storage.
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        var runValue = Value.timestamp(0)
        let windows: [Value] = (0..<rowCount).map { _ in
            if random.next() % 8 == 0 { runValue = pick([.timestamp(Int64(random.next() % 5) * 10), .null]) }
            return runValue
        }
        let labels: [Value] = (0..<rowCount).map { _ in pick([.string("0"), .string("1"), .string(""), .string("10"), .null]) }
        let doubles: [Value] = (0..<rowCount).map { _ in pick([.double(0), .double(-0.0), .double(.nan), .double(1.5), .null]) }
        let flags: [Value] = (0..<rowCount).map { _ in pick([.boolean(true), .boolean(false), .null]) }
        let lists: [Value] = (0..<rowCount).map { _ in pick([.composite([.int(1)]), .composite([.int(2)]), .null]) }
        let all: [([Value], DataType)] = [
            (windows, .timestamp), (labels, .string), (doubles, .double), (flags, .boolean),
            (lists, .array(.int)),
        ]
        let chosen = (0..<Int(random.next() % 4)).map { _ in pick(all) }
        let indexer = GroupIndexer(
            columns: chosen.map { ColumnVector.from($0.0, type: $0.1) }, rowCount: rowCount)
        let reference = expected(chosen.map(\.0), rowCount: rowCount)
        #expect(indexer.groups == reference.groups)
        #expect(indexer.representatives == reference.representatives)
    }
}

/// A small deterministic generator (xorshift), so failures repeat.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
