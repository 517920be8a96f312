import SluiceCore

/// Assigns each row of a batch to a group by its key columns, without building a key value per
/// row: rows hash from their raw storage, and a group is named by the first row that had its key.
struct GroupIndexer {
    /// The group of each row.
    private(set) var groups: [Int] = []
    /// For each group, the first row with its key.
    private(set) var representatives: [Int] = []

    /// Indexes every row of `columns` (all of one length).
    init(columns: [ColumnVector], rowCount: Int) {
        groups.reserveCapacity(rowCount)
        var firstOfHash: [UInt64: Int] = [:]
        var nextInChain: [Int] = []
        for row in 0..<rowCount {
            let hash = GroupIndexer.hash(columns, row)
            var candidate = firstOfHash[hash]
            var found: Int?
            while let group = candidate {
                if GroupIndexer.equal(columns, row, representatives[group]) {
                    found = group
                    break
                }
                candidate = nextInChain[group] >= 0 ? nextInChain[group] : nil
            }
            if let found {
                groups.append(found)
                continue
            }
            let group = representatives.count
            representatives.append(row)
            nextInChain.append(firstOfHash[hash] ?? -1)
            firstOfHash[hash] = group
            groups.append(group)
        }
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        var x = (hash ^ value) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }

    private static func hash(_ columns: [ColumnVector], _ row: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for column in columns {
            if column.isNull(row) {
                hash = mix(hash, 0x6E75_6C6C)
                continue
            }
            switch column.storage {
            case .int64(let values): hash = mix(hash, UInt64(bitPattern: values[row]))
            case .double(let values): hash = mix(hash, values[row] == 0 ? 0 : values[row].bitPattern)
            case .boolean(let values): hash = mix(hash, values[row] ? 1 : 2)
            case .string(let strings):
                var h: UInt64 = 0x1000_0000_01B3
                for byte in strings.bytes[strings.range(row)] { h = (h ^ UInt64(byte)) &* 0x1000_0000_01B3 }
                hash = mix(hash, h)
            case .values(let values): hash = mix(hash, UInt64(bitPattern: Int64(values[row].hashValue)))
            }
        }
        return hash
    }

    private static func equal(_ columns: [ColumnVector], _ a: Int, _ b: Int) -> Bool {
        for column in columns {
            let nullA = column.isNull(a)
            if nullA != column.isNull(b) { return false }
            if nullA { continue }
            switch column.storage {
            case .int64(let values): if values[a] != values[b] { return false }
            case .double(let values): if values[a] != values[b] && !(values[a].isNaN && values[b].isNaN) { return false }
            case .boolean(let values): if values[a] != values[b] { return false }
            case .string(let strings): if StringOrder.compare(strings, a, strings, b) != 0 { return false }
            case .values(let values): if values[a] != values[b] { return false }
            }
        }
        return true
    }
}
