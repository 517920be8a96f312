/// The body of a data page v1: repetition levels and definition levels (each RLE, after its
/// length as a 4-byte little-endian integer, and absent when the column's maximum level is 0),
/// then the defined values, PLAIN.
enum ParquetPageEncoder {
    static func dataPage(_ stripe: ColumnStripe, _ leaf: WriteNode) -> [UInt8] {
        var page: [UInt8] = []
        if leaf.repetitionLevel > 0 {
            lengthPrefixed(levels(stripe.repetitionLevels, max: leaf.repetitionLevel), into: &page)
        }
        if leaf.definitionLevel > 0 {
            lengthPrefixed(levels(stripe.definitionLevels, max: leaf.definitionLevel), into: &page)
        }
        plain(stripe.values, into: &page)
        return page
    }

    /// The RLE/bit-packed hybrid encoding of `values`, each from 0 to `max`, as RLE runs only.
    static func levels(_ values: [Int], max: Int) -> [UInt8] {
        let bitWidth = Int.bitWidth - max.leadingZeroBitCount
        let byteWidth = (bitWidth + 7) / 8
        var bytes: [UInt8] = []
        var start = 0
        while start < values.count {
            var end = start + 1
            while end < values.count && values[end] == values[start] { end += 1 }
            varint(UInt64(end - start) << 1, into: &bytes)
            for byte in 0..<byteWidth {
                bytes.append(UInt8(truncatingIfNeeded: values[start] >> (8 * byte)))
            }
            start = end
        }
        return bytes
    }

    /// PLAIN values: little-endian numbers, booleans bit-packed from the low bit, byte arrays after
    /// their length as a 4-byte little-endian integer.
    static func plain(_ values: [ParquetValue], into bytes: inout [UInt8]) {
        var bits: UInt8 = 0
        var bitCount = 0
        for value in values {
            switch value {
            case .boolean(let flag):
                if flag { bits |= 1 << bitCount }
                bitCount += 1
                if bitCount == 8 {
                    bytes.append(bits)
                    bits = 0
                    bitCount = 0
                }
            case .int32(let number): littleEndian(UInt64(UInt32(bitPattern: number)), 4, into: &bytes)
            case .int64(let number): littleEndian(UInt64(bitPattern: number), 8, into: &bytes)
            case .float(let number): littleEndian(UInt64(number.bitPattern), 4, into: &bytes)
            case .double(let number): littleEndian(number.bitPattern, 8, into: &bytes)
            case .bytes(let data):
                littleEndian(UInt64(data.count), 4, into: &bytes)
                bytes.append(contentsOf: data)
            case .null, .list, .group:
                break  // the shredder puts only leaf values of the column's type here
            }
        }
        if bitCount > 0 { bytes.append(bits) }
    }

    private static func lengthPrefixed(_ body: [UInt8], into bytes: inout [UInt8]) {
        littleEndian(UInt64(body.count), 4, into: &bytes)
        bytes.append(contentsOf: body)
    }

    private static func littleEndian(_ value: UInt64, _ width: Int, into bytes: inout [UInt8]) {
        for byte in 0..<width {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * byte)))
        }
    }

    private static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
