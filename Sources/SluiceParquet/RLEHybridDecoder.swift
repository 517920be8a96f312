/// Decodes Parquet's RLE / bit-packed hybrid encoding (levels, dictionary indices, RLE booleans):
/// runs of `header = varint`, where `header & 1 == 0` is a repeated run of `header >> 1` copies of
/// one value in `ceil(bitWidth / 8)` little-endian bytes, and `header & 1 == 1` is `header >> 1`
/// groups of eight values packed in `bitWidth` bits each, least significant bit first.
enum RLEHybridDecoder {
    /// Exactly `count` values of `bitWidth` bits from `bytes`; extra values of the last run (the
    /// padding of a bit-packed group) are dropped.
    /// - Throws: `corrupt` when the bytes end before `count` values, or a run is empty or malformed.
    static func decode(_ bytes: ArraySlice<UInt8>, bitWidth: Int, count: Int, what: String) throws(ParquetError)
        -> [UInt32]
    {
        guard (0...32).contains(bitWidth) else { throw .corrupt("\(what) has bit width \(bitWidth), above 32") }
        guard count > 0 else { return [] }
        var values: [UInt32] = []
        values.reserveCapacity(count)
        if bitWidth == 0 {
            return [UInt32](repeating: 0, count: count)
        }
        var position = bytes.startIndex
        let end = bytes.endIndex
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        while values.count < count {
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < end else {
                    throw .corrupt("\(what) ends after \(values.count) of its \(count) values")
                }
                let byte = bytes[position]
                position += 1
                guard shift < 64 else { throw .corrupt("\(what) has a run header longer than 10 bytes") }
                header |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            if header & 1 == 0 {
                let runLength = header >> 1
                guard runLength > 0 else { throw .corrupt("\(what) has an empty repeated run") }
                let width = (bitWidth + 7) / 8
                guard end - position >= width else {
                    throw .corrupt("\(what) ends inside a repeated run's value")
                }
                var value: UInt64 = 0
                for index in 0..<width {
                    value |= UInt64(bytes[position + index]) << UInt64(8 * index)
                }
                position += width
                guard value <= mask else { throw .corrupt("\(what) repeats \(value), wider than \(bitWidth) bits") }
                let take = Int(min(runLength, UInt64(count - values.count)))
                values.append(contentsOf: repeatElement(UInt32(value), count: take))
            } else {
                let groups = header >> 1
                guard groups > 0 else { throw .corrupt("\(what) has an empty bit-packed run") }
                let available = UInt64(end - position) / UInt64(bitWidth)
                guard groups <= available else {
                    throw .corrupt("\(what) has a bit-packed run of \(groups) groups, more than its bytes hold")
                }
                let runBytes = Int(groups) * bitWidth
                let take = Int(min(groups * 8, UInt64(count - values.count)))
                var bitOffset = 0
                for _ in 0..<take {
                    var value: UInt64 = 0
                    var gathered = 0
                    while gathered < bitWidth {
                        let byteIndex = (bitOffset + gathered) >> 3
                        let bitIndex = (bitOffset + gathered) & 7
                        let chunk = min(8 - bitIndex, bitWidth - gathered)
                        let bits =
                            (UInt64(bytes[position + byteIndex]) >> UInt64(bitIndex)) & ((1 << UInt64(chunk)) - 1)
                        value |= bits << UInt64(gathered)
                        gathered += chunk
                    }
                    values.append(UInt32(value))
                    bitOffset += bitWidth
                }
                position += runBytes
            }
        }
        return values
    }

    /// The bits needed for values up to `maxValue`: 0 for 0, 1 for 1, 2 for 2 and 3, ….
    static func bitWidth(_ maxValue: Int) -> Int {
        maxValue == 0 ? 0 : Int.bitWidth - maxValue.leadingZeroBitCount
    }
}
