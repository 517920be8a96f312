import SluiceCore

/// Finds a schema column by name, ignoring case as Spark does, from the UTF-8 bytes of a key.
///
/// Names are lower-cased and encoded once; an ASCII key is folded byte by byte while it is
/// hashed and compared, so looking it up allocates nothing. A key with non-ASCII bytes is
/// lower-cased as a `String` first.
struct ColumnLookup {
    /// The lower-cased names, back to back.
    private let names: [UInt8]
    /// `count + 1` offsets into `names`: name `i` is `names[offsets[i]..<offsets[i + 1]]`.
    private let offsets: [Int]
    /// Open-addressing hash table of column indices; -1 marks an empty slot.
    private let slots: [Int]
    /// `slots.count - 1`; the table's size is a power of two.
    private let mask: Int

    /// A lookup of `columnNames`; of names equal ignoring case, the first wins.
    init(names columnNames: [String]) {
        var names: [UInt8] = []
        var offsets = [0]
        for name in columnNames {
            names.append(contentsOf: name.lowercased().utf8)
            offsets.append(names.count)
        }
        var capacity = 8
        while capacity < columnNames.count * 2 { capacity *= 2 }
        var slots = [Int](repeating: -1, count: capacity)
        let mask = capacity - 1
        names.withUnsafeBufferPointer { all in
            for column in columnNames.indices {
                let name = UnsafeBufferPointer(rebasing: all[offsets[column]..<offsets[column + 1]])
                var slot = Self.hash(name) & mask
                var duplicate = false
                while slots[slot] >= 0 {
                    let other = slots[slot]
                    if Self.equal(name, all, offsets[other]..<offsets[other + 1]) {
                        duplicate = true
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if !duplicate { slots[slot] = column }
            }
        }
        self.names = names
        self.offsets = offsets
        self.slots = slots
        self.mask = mask
    }

    /// The index of the column named `key` ignoring case, or `nil`.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        if key.contains(where: { $0 >= 0x80 }) {
            var lowered = String(decoding: key, as: UTF8.self).lowercased()
            return lowered.withUTF8 { probe($0) }
        }
        return probe(key)
    }

    /// The index of the column named `key`, comparing with ASCII letters folded.
    private func probe(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        names.withUnsafeBufferPointer { all in
            var slot = Self.hash(key) & mask
            while true {
                let column = slots[slot]
                if column < 0 { return nil }
                if Self.equal(key, all, offsets[column]..<offsets[column + 1]) { return column }
                slot = (slot + 1) & mask
            }
        }
    }

    /// FNV-1a over the bytes with ASCII letters folded.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(Byte.lowered(byte))) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// Whether `key`, ASCII letters folded, equals the lower-cased name at `range` of `names`.
    private static func equal(
        _ key: UnsafeBufferPointer<UInt8>, _ names: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> Bool {
        guard key.count == range.count else { return false }
        var index = 0
        for position in range {
            if Byte.lowered(key[index]) != names[position] { return false }
            index += 1
        }
        return true
    }
}
