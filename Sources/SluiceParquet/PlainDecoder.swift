/// Decodes PLAIN-encoded values: booleans one bit each (least significant first), INT32 and FLOAT
/// in 4 little-endian bytes, INT64 and DOUBLE in 8, BYTE_ARRAY as a 4-byte length and the bytes,
/// FIXED_LEN_BYTE_ARRAY as `typeLength` bytes.
enum PlainDecoder {
    /// `count` values of `column`'s type from the start of `bytes`.
    /// - Throws: `corrupt` when the bytes end before `count` values; `unsupported` for INT96.
    static func decode(
        _ bytes: ArraySlice<UInt8>, count: Int, type: ParquetPhysicalType, typeLength: Int, what: String
    ) throws(ParquetError) -> [ParquetValue] {
        var values: [ParquetValue] = []
        values.reserveCapacity(min(count, bytes.count * 8))
        var position = bytes.startIndex
        let end = bytes.endIndex
        func need(_ size: Int) throws(ParquetError) {
            guard end - position >= size else {
                throw .corrupt("\(what) ends after \(values.count) of its \(count) PLAIN values")
            }
        }
        func littleEndian(_ size: Int) -> UInt64 {
            var word: UInt64 = 0
            for index in 0..<size {
                word |= UInt64(bytes[position + index]) << UInt64(8 * index)
            }
            position += size
            return word
        }
        for index in 0..<count {
            switch type {
            case .boolean:
                guard (index >> 3) < end - bytes.startIndex else {
                    throw .corrupt("\(what) ends after \(values.count) of its \(count) PLAIN booleans")
                }
                values.append(.boolean((bytes[bytes.startIndex + index >> 3] >> UInt8(index & 7)) & 1 == 1))
            case .int32:
                try need(4)
                values.append(.int32(Int32(truncatingIfNeeded: littleEndian(4))))
            case .int64:
                try need(8)
                values.append(.int64(Int64(bitPattern: littleEndian(8))))
            case .float:
                try need(4)
                values.append(.float(Float(bitPattern: UInt32(truncatingIfNeeded: littleEndian(4)))))
            case .double:
                try need(8)
                values.append(.double(Double(bitPattern: littleEndian(8))))
            case .byteArray:
                try need(4)
                let length = Int(littleEndian(4))
                try need(length)
                values.append(.bytes(Array(bytes[position..<position + length])))
                position += length
            case .fixedLengthByteArray:
                guard typeLength > 0 else {
                    throw .corrupt("\(what) is a FIXED_LEN_BYTE_ARRAY of length \(typeLength)")
                }
                try need(typeLength)
                values.append(.bytes(Array(bytes[position..<position + typeLength])))
                position += typeLength
            case .int96:
                throw .unsupported("\(what) is of physical type INT96, which this reader does not read")
            }
        }
        return values
    }
}
