import SluiceLogProtocol
import SluiceTestSupport
import Testing

@Suite struct ShardKeyRangeTests {
    private static let zeroHex = String(repeating: "0", count: 32)
    private static let topHex = String(repeating: "f", count: 32)
    private static let halfHex = "8" + String(repeating: "0", count: 31)

    /// The key just below `key` (which must not be zero).
    private func predecessor(of key: HashKey) -> HashKey {
        key.low > 0 ? HashKey(high: key.high, low: key.low - 1) : HashKey(high: key.high - 1, low: .max)
    }

    @Test func hashKeysParseAndPrint() throws {
        let key = try #require(HashKey(hex: "0123456789ABCDEFfedcba9876543210"))
        #expect(key.high == 0x0123_4567_89AB_CDEF)
        #expect(key.low == 0xFEDC_BA98_7654_3210)
        #expect(key.hex == "0123456789abcdeffedcba9876543210")
        #expect(HashKey(hex: Self.topHex) == .max)
        #expect(HashKey(hex: Self.zeroHex) == .zero)
        let zeros31 = String(repeating: "0", count: 31)
        let badInputs: [String] = [
            "", "0", zeros31, zeros31 + "00", "g" + zeros31, "+" + zeros31, " " + zeros31,
            "é" + String(zeros31.dropLast()),
        ]
        for bad in badInputs {
            #expect(HashKey(hex: bad) == nil, "\(bad)")
        }
        let counting: [UInt8] = (0..<16).map { UInt8($0) }
        #expect(HashKey(bigEndianBytes: counting) == HashKey(hex: "000102030405060708090a0b0c0d0e0f"))
        #expect(HashKey(bigEndianBytes: Array(repeating: 0, count: 15)) == nil)
    }

    @Test func randomHashKeysRoundTripThroughHex() {
        var random = SplitMix64(state: 3)
        for _ in 0..<500 {
            let key = HashKey(high: random.next(), low: random.next())
            #expect(HashKey(hex: key.hex) == key)
            #expect(HashKey(hex: key.hex.uppercased()) == key)
        }
        #expect(HashKey(high: 0, low: .max) < HashKey(high: 1, low: 0))
        #expect(HashKey(high: 1, low: 0) < HashKey(high: 1, low: 1))
    }

    @Test func twoShardsSplitAtTheMiddle() {
        let ranges = ShardKeyRange.split(shardCount: 2)
        #expect(ranges.map(\.beginHex) == [Self.zeroHex, Self.halfHex])
        #expect(ranges.map(\.endHex) == [Self.halfHex, Self.topHex])
        #expect(ranges[1].end == nil)
    }

    @Test func threeShardsMatchSLS() {
        let ranges = ShardKeyRange.split(shardCount: 3)
        #expect(
            ranges.map(\.beginHex) == [
                Self.zeroHex, String(repeating: "5", count: 32), String(repeating: "a", count: 32),
            ])
        let secondBegin = HashKey(high: 0x5555_5555_5555_5555, low: 0x5555_5555_5555_5555)
        #expect(ranges[0].contains(predecessor(of: secondBegin)))
        #expect(!ranges[0].contains(secondBegin))
        #expect(ranges[1].contains(secondBegin))
        #expect(ranges[2].contains(.max))
        #expect(!ranges[1].contains(.max))
        #expect(ShardKeyRange.shardIndex(for: .max, shardCount: 3) == 2)
        #expect(ShardKeyRange.shardIndex(for: .zero, shardCount: 3) == 0)
    }

    @Test func splitsAreContiguousAndCoverTheSpace() {
        for shardCount in Array(1...40) + [64, 100, 255, 256, 1000, 4096] {
            let ranges = ShardKeyRange.split(shardCount: shardCount)
            #expect(ranges.count == shardCount)
            #expect(ranges.first?.begin == .zero)
            #expect(ranges.last?.end == nil)
            for index in 0..<(shardCount - 1) {
                let boundary = ranges[index + 1].begin
                #expect(ranges[index].end == boundary, "shards \(shardCount), index \(index)")
                #expect(ranges[index].begin < boundary, "shards \(shardCount), index \(index)")
                #expect(ranges[index].contains(predecessor(of: boundary)))
                #expect(!ranges[index].contains(boundary))
                #expect(ranges[index + 1].contains(boundary))
                #expect(ShardKeyRange.shardIndex(for: boundary, shardCount: shardCount) == index + 1)
                #expect(ShardKeyRange.shardIndex(for: predecessor(of: boundary), shardCount: shardCount) == index)
            }
            #expect(ranges[shardCount - 1].contains(.max))
            #expect(ShardKeyRange.shardIndex(for: .max, shardCount: shardCount) == shardCount - 1)
        }
    }

    @Test func shardIndexAgreesWithContains() {
        var random = SplitMix64(state: 4)
        for shardCount in [1, 2, 3, 5, 7, 64, 100] {
            let ranges = ShardKeyRange.split(shardCount: shardCount)
            for _ in 0..<300 {
                let key = HashKey(high: random.next(), low: random.next())
                let index = ShardKeyRange.shardIndex(for: key, shardCount: shardCount)
                let owners = ranges.indices.filter { ranges[$0].contains(key) }
                #expect(owners == [index], "key \(key.hex), \(shardCount) shards")
            }
        }
    }

    @Test func listShardsTextParses() throws {
        let last = try #require(ShardKeyRange(beginHex: Self.halfHex, endHex: Self.topHex))
        #expect(last.end == nil)
        #expect(last.contains(.max))
        let first = try #require(ShardKeyRange(beginHex: Self.zeroHex, endHex: Self.halfHex))
        #expect(first == ShardKeyRange.split(shardCount: 2)[0])
        #expect(ShardKeyRange(beginHex: "xyz", endHex: Self.topHex) == nil)
    }
}
