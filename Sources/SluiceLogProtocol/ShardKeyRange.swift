/// The part of the 128-bit key space a shard owns: `[begin, end)`.
///
/// The last shard of a logstore ends at 2^128, one past the largest key. SLS writes that end as
/// `ffffffffffffffffffffffffffffffff` (`exclusiveEndKey` in ListShards); here it is `end == nil`,
/// so `contains` puts the key `fff…f` itself in the last shard.
public struct ShardKeyRange: Equatable, Sendable {
    /// The first key of the range (`inclusiveBeginKey`).
    public var begin: HashKey
    /// The first key after the range (`exclusiveEndKey`), or nil for 2^128 (the end of the space).
    public var end: HashKey?

    /// Creates a range.
    ///
    /// - Parameters:
    ///   - begin: The first key of the range.
    ///   - end: The first key after the range, or nil for the end of the key space.
    public init(begin: HashKey, end: HashKey?) {
        self.begin = begin
        self.end = end
    }

    /// Parses a range as ListShards writes it; an end of `fff…f` means the end of the key space.
    ///
    /// - Parameters:
    ///   - beginHex: `inclusiveBeginKey`, 32 hex digits.
    ///   - endHex: `exclusiveEndKey`, 32 hex digits.
    public init?(beginHex: String, endHex: String) {
        guard let begin = HashKey(hex: beginHex), let end = HashKey(hex: endHex) else { return nil }
        self.init(begin: begin, end: end == .max ? nil : end)
    }

    /// `inclusiveBeginKey` as 32 lowercase hex digits.
    public var beginHex: String { begin.hex }

    /// `exclusiveEndKey` as 32 lowercase hex digits; `fff…f` for the end of the key space.
    public var endHex: String { (end ?? .max).hex }

    /// Whether `key` falls in this range.
    ///
    /// - Parameter key: The key to test.
    /// - Returns: True when `begin <= key < end` (with no upper bound when `end` is nil).
    public func contains(_ key: HashKey) -> Bool {
        guard key >= begin else { return false }
        guard let end else { return true }
        return key < end
    }

    /// Splits the key space evenly into `shardCount` contiguous ranges, as SLS does for a new
    /// logstore: shard `i` begins at `i * floor(2^128 / shardCount)` and the last one takes the
    /// remainder up to 2^128.
    ///
    /// - Parameter shardCount: The number of shards, at least 1.
    /// - Returns: The ranges of shards `0..<shardCount`, in order.
    public static func split(shardCount: Int) -> [ShardKeyRange] {
        precondition(shardCount >= 1, "shard count \(shardCount) must be at least 1")
        guard shardCount > 1 else {
            return [ShardKeyRange(begin: .zero, end: nil)]
        }
        let step = rangeWidth(shardCount: shardCount)
        return (0..<shardCount).map { index in
            let begin = HashKey(UInt128(index) * step)
            let end = index + 1 < shardCount ? HashKey(UInt128(index + 1) * step) : nil
            return ShardKeyRange(begin: begin, end: end)
        }
    }

    /// The index of the range of `split(shardCount:)` that contains `key`.
    ///
    /// - Parameters:
    ///   - key: The key to place.
    ///   - shardCount: The number of shards, at least 1.
    /// - Returns: A shard index in `0..<shardCount`.
    public static func shardIndex(for key: HashKey, shardCount: Int) -> Int {
        precondition(shardCount >= 1, "shard count \(shardCount) must be at least 1")
        guard shardCount > 1 else { return 0 }
        let index = key.value / rangeWidth(shardCount: shardCount)
        return index >= UInt128(shardCount - 1) ? shardCount - 1 : Int(index)
    }

    /// `floor(2^128 / shardCount)` for `shardCount >= 2`, computed without representing 2^128:
    /// 2^128 = (max / n) * n + (max % n) + 1, so the quotient gains one when the remainder of
    /// `max` is `n - 1`.
    private static func rangeWidth(shardCount: Int) -> UInt128 {
        let divisor = UInt128(shardCount)
        let quotient = UInt128.max / divisor
        return UInt128.max % divisor == divisor - 1 ? quotient + 1 : quotient
    }
}
