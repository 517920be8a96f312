import SluiceCore

/// Assigns each row of a batch to a group by its key columns, without building a key value per
/// row. The work goes column by column: each key column gives every row a dense id (equal values,
/// equal ids; NULL its own), and the ids so far are paired with the next column's ids and made
/// dense again. A row equal to the row before takes its id without a lookup, so runs of one key
/// (rows of one window) cost a comparison each. Groups are numbered in the order their keys first
/// appear, and a group is named by the first row that had its key.
struct GroupIndexer {
    /// The group of each row.
    private(set) var groups: [Int] = []
    /// For each group, the first row with its key.
    private(set) var representatives: [Int] = []

    /// Indexes every row of `columns` (all of one length).
    init(columns: [ColumnVector], rowCount: Int) {
        guard rowCount > 0 else { return }
        var ids: [Int32]
        if let first = columns.first {
            ids = DenseIDs.ids(of: first, rowCount: rowCount)
            for column in columns.dropFirst() {
                let next = DenseIDs.ids(of: column, rowCount: rowCount)
                ids = DenseIDs.pairs(ids, next)
            }
        } else {
            ids = [Int32](repeating: 0, count: rowCount)
        }
        groups = ids.map { Int($0) }
        for row in 0..<rowCount where Int(ids[row]) == representatives.count {
            representatives.append(row)
        }
    }
}

/// Dense ids of a column's values, numbered in order of first appearance.
enum DenseIDs {
    /// One id per row of `column`: rows with equal values (NULLs included) share an id.
    static func ids(of column: ColumnVector, rowCount: Int) -> [Int32] {
        var table = DenseTable(keys: rowCount)
        var ids = [Int32](repeating: 0, count: rowCount)
        let nulls = column.nulls
        // NULL gets an id of its own, through a key no value maps to (the table keeps NULL's
        // id apart from the values' keys).
        var nullID: Int32?
        func id(_ row: Int, _ key: () -> UInt64) -> Int32 {
            if let nulls, nulls[row] {
                if let nullID { return nullID }
                let fresh = table.reserve()
                nullID = fresh
                return fresh
            }
            return table.id(key())
        }
        func sameNull(_ row: Int) -> Bool { nulls.map { $0[row] == $0[row - 1] } ?? true }
        switch column.storage {
        case .int64(let values):
            for row in 0..<rowCount {
                if row > 0, values[row] == values[row - 1], sameNull(row) {
                    ids[row] = ids[row - 1]
                } else {
                    ids[row] = id(row) { UInt64(bitPattern: values[row]) }
                }
            }
        case .double(let values):
            // As SQL groups doubles: 0.0 and -0.0 are one key, and so are all NaNs.
            func key(_ value: Double) -> UInt64 { value == 0 ? 0 : value.isNaN ? Double.nan.bitPattern : value.bitPattern }
            for row in 0..<rowCount {
                if row > 0, key(values[row]) == key(values[row - 1]), sameNull(row) {
                    ids[row] = ids[row - 1]
                } else {
                    ids[row] = id(row) { key(values[row]) }
                }
            }
        case .boolean(let values):
            for row in 0..<rowCount { ids[row] = id(row) { values[row] ? 1 : 0 } }
        case .string(let strings):
            ids = stringIDs(strings, nulls: nulls, rowCount: rowCount)
        case .values(let values):
            var known: [Value: Int32] = [:]
            for row in 0..<rowCount {
                let value = (nulls?[row] ?? false) ? Value.null : values[row]
                if let existing = known[value] {
                    ids[row] = existing
                } else {
                    ids[row] = Int32(known.count)
                    known[value] = ids[row]
                }
            }
        }
        return ids
    }

    /// Dense ids of the pairs `(first[row], second[row])`.
    static func pairs(_ first: [Int32], _ second: [Int32]) -> [Int32] {
        var table = DenseTable(keys: first.count)
        var ids = [Int32](repeating: 0, count: first.count)
        for row in first.indices {
            if row > 0, first[row] == first[row - 1], second[row] == second[row - 1] {
                ids[row] = ids[row - 1]
            } else {
                ids[row] = table.id(UInt64(UInt32(bitPattern: first[row])) << 32 | UInt64(UInt32(bitPattern: second[row])))
            }
        }
        return ids
    }

    /// Ids of strings, compared byte for byte: the table is keyed by a hash of the bytes, and a
    /// hash shared by different strings is told apart by comparing with the first row of each id.
    private static func stringIDs(_ strings: StringStorage, nulls: [Bool]?, rowCount: Int) -> [Int32] {
        var ids = [Int32](repeating: 0, count: rowCount)
        var firstRows: [Int] = []
        var nullID: Int32?
        var buckets: [UInt64: [Int32]] = [:]
        strings.bytes.withUnsafeBufferPointer { bytes in
            func equal(_ a: Int, _ b: Int) -> Bool {
                let ra = strings.range(a)
                let rb = strings.range(b)
                return ra.count == rb.count
                    && UnsafeBufferPointer(rebasing: bytes[ra]).elementsEqual(UnsafeBufferPointer(rebasing: bytes[rb]))
            }
            for row in 0..<rowCount {
                let isNull = nulls?[row] ?? false
                if row > 0, isNull == (nulls?[row - 1] ?? false), isNull || equal(row, row - 1) {
                    ids[row] = ids[row - 1]
                    continue
                }
                if isNull {
                    if nullID == nil {
                        nullID = Int32(firstRows.count)
                        firstRows.append(row)
                    }
                    ids[row] = nullID!
                    continue
                }
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                for byte in bytes[strings.range(row)] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
                if let found = buckets[hash]?.first(where: { equal(row, firstRows[Int($0)]) }) {
                    ids[row] = found
                } else {
                    let fresh = Int32(firstRows.count)
                    firstRows.append(row)
                    buckets[hash, default: []].append(fresh)
                    ids[row] = fresh
                }
            }
        }
        return ids
    }
}

/// An open-addressing table from 64-bit keys to dense ids, numbered in order of first insertion.
struct DenseTable {
    private var keys: [UInt64]
    /// The id in each slot; -1 for an empty slot.
    private var values: [Int32]
    private let shift: UInt64
    /// Ids handed out so far.
    private(set) var count: Int32 = 0

    /// A table for up to `keys` keys, kept at most half full.
    init(keys expected: Int) {
        var bits = 4
        while 1 << bits < expected * 2 { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The id of `key`, handing out the next id when it is new.
    @inline(__always)
    mutating func id(_ key: UInt64) -> Int32 {
        let mask = values.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let value = values[slot]
            if value < 0 {
                keys[slot] = key
                values[slot] = count
                count += 1
                return count - 1
            }
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
    }

    /// The next id, for a key kept outside the table.
    mutating func reserve() -> Int32 {
        count += 1
        return count - 1
    }
}
