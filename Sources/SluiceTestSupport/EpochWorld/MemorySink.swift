/// A sink held in memory for simulations, as a database sink with its marker table: an
/// epoch's rows and its marker `(query id, epoch)` are committed together or not at all, and an
/// epoch whose marker exists is skipped.
public struct MemorySink: Sendable {
    /// One row as the table holds it.
    public struct Row: Equatable, Sendable {
        /// The query id it was written under.
        public var queryID: String
        /// The epoch that wrote it.
        public var epoch: Int
        /// The row.
        public var text: String
    }

    /// Every row, in commit order; a row written twice is there twice.
    public private(set) var table: [Row] = []
    /// The marker table: committed epochs by query id.
    public private(set) var markers: [String: Set<Int>] = [:]
    /// Commits that were skipped because the marker existed.
    public private(set) var skipped = 0

    /// An empty sink.
    public init() {}

    /// Commits `rows` with the marker of `epoch`; false (writing nothing) when the marker exists.
    public mutating func commit(queryID: String, epoch: Int, rows: [String]) -> Bool {
        guard markers[queryID]?.contains(epoch) != true else {
            skipped += 1
            return false
        }
        table += rows.map { Row(queryID: queryID, epoch: epoch, text: $0) }
        markers[queryID, default: []].insert(epoch)
        return true
    }

    /// The largest epoch committed under `queryID`, or nil when none.
    public func lastCommittedEpoch(queryID: String) -> Int? {
        markers[queryID]?.max()
    }

    /// The rows of each epoch, in commit order.
    public func rowsByEpoch(queryID: String) -> [Int: [String]] {
        var rows: [Int: [String]] = [:]
        for row in table where row.queryID == queryID { rows[row.epoch, default: []].append(row.text) }
        return rows
    }
}
