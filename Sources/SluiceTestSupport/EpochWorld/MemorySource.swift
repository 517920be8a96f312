/// A source held in memory for simulations: records (event times, µs) appended in order; an
/// offset is the range of record indices an epoch reads. The same range always reads the same
/// records, as a log store's cursor range does.
public struct MemorySource: Sendable {
    /// Every record, in arrival order.
    public private(set) var records: [Int64]
    /// Where a query with no recorded start begins (a log store's `startingoffsets` cursor).
    public var startIndex: Int
    /// Records an epoch reads at most (`maxOffsetsPerTrigger`).
    public var maxRecordsPerEpoch: Int
    /// Offsets asked for (`nextOffset` calls), to check that a planning happened.
    public private(set) var plannings = 0

    /// Creates a source holding `records`.
    public init(records: [Int64], startIndex: Int = 0, maxRecordsPerEpoch: Int = .max) {
        self.records = records
        self.startIndex = startIndex
        self.maxRecordsPerEpoch = maxRecordsPerEpoch
    }

    /// Appends records that arrived.
    public mutating func append(_ more: [Int64]) {
        records += more
    }

    /// Where a query with no epoch yet starts: an empty range at `startIndex`.
    public func initialOffset() -> Range<Int> {
        startIndex..<startIndex
    }

    /// The next epoch's range after `previous` (from `startIndex` when nil), or nil when nothing is new.
    public mutating func nextOffset(after previous: Range<Int>?) -> Range<Int>? {
        plannings += 1
        let from = previous?.upperBound ?? startIndex
        let to = min(records.count, from + min(maxRecordsPerEpoch, records.count))
        return to > from ? from..<to : nil
    }

    /// The records of `range`, cut into `parts` pieces as tasks read them.
    /// - Returns: nil when the source no longer holds the range (data loss).
    public func read(_ range: Range<Int>, parts: Int) -> [ArraySlice<Int64>]? {
        guard range.lowerBound >= 0, range.upperBound <= records.count else { return nil }
        let size = max(1, (range.count + parts - 1) / max(1, parts))
        return stride(from: range.lowerBound, to: range.upperBound, by: size).map {
            records[$0..<min($0 + size, range.upperBound)]
        }
    }
}
