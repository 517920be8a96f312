/// The levels and values of one column chunk, pages decoded and concatenated.
struct ColumnData {
    /// One repetition level per value slot; all zero when the column is not repeated.
    var repetitionLevels: [UInt8] = []
    /// One definition level per value slot.
    var definitionLevels: [UInt8] = []
    /// The values of the slots whose definition level is the column's maximum, in order.
    var values: [ParquetValue] = []
}

/// Reads one column chunk's pages: dictionary page, data pages v1 and v2; PLAIN and dictionary
/// values; RLE levels.
struct ColumnChunkReader {
    let bytes: [UInt8]
    let column: ColumnDescriptor
    let chunk: ColumnChunkMetadata
    let decompressor: any ParquetDecompressor
    /// One past the last byte pages may occupy (the start of the footer).
    let dataEnd: Int

    func read() throws(ParquetError) -> ColumnData {
        let name = "column \(column.path)"
        guard let codec = ParquetCompression(rawValue: chunk.codec) else {
            throw .corrupt("\(name) has compression codec \(chunk.codec), which does not exist")
        }
        guard chunk.valueCount >= 0, chunk.compressedBytes >= 0, chunk.dataPageOffset >= 4 else {
            throw .corrupt("\(name) lacks its value count, size or data page offset")
        }
        guard chunk.valueCount <= Int64(ParquetLimits.chunkValuesMax) else {
            throw .limit(
                "\(name)'s value count", Int(clamping: chunk.valueCount), ParquetLimits.chunkValuesMax, "values")
        }
        var start = chunk.dataPageOffset
        if let dictionary = chunk.dictionaryPageOffset, dictionary >= 4, dictionary < start { start = dictionary }
        guard start <= Int64(dataEnd), chunk.compressedBytes <= Int64(dataEnd) - start else {
            throw .corrupt(
                "\(name) starts at byte \(start) and spans \(chunk.compressedBytes) bytes, past the data's end at byte \(dataEnd)"
            )
        }
        let end = Int(start + chunk.compressedBytes)
        var position = Int(start)
        var dictionary: [ParquetValue]?
        var data = ColumnData()
        let total = Int(chunk.valueCount)
        var pageIndex = 0
        while data.definitionLevels.count < total {
            guard position < end else {
                throw .corrupt("\(name)'s pages end after \(data.definitionLevels.count) of its \(total) values")
            }
            let (header, payloadStart) = try PageHeader.decode(bytes, start: position, end: end)
            let what = "page \(pageIndex) of \(name)"
            guard header.compressedBytes <= ParquetLimits.pageBytesMax,
                header.uncompressedBytes <= ParquetLimits.pageBytesMax
            else {
                throw .limit(
                    "\(what)'s size", Int(max(header.compressedBytes, header.uncompressedBytes)),
                    ParquetLimits.pageBytesMax, "bytes")
            }
            guard Int(header.compressedBytes) <= end - payloadStart else {
                throw .corrupt(
                    "\(what) is \(header.compressedBytes) bytes, past the end of its column chunk at byte \(end)")
            }
            let payload = bytes[payloadStart..<payloadStart + Int(header.compressedBytes)]
            position = payloadStart + Int(header.compressedBytes)
            pageIndex += 1
            switch PageType(rawValue: header.type) {
            case .dictionaryPage:
                guard dictionary == nil else { throw .corrupt("\(name) has a second dictionary page") }
                guard header.valueCount <= ParquetLimits.chunkValuesMax else {
                    throw .limit(
                        "\(what)'s value count", Int(header.valueCount), ParquetLimits.chunkValuesMax, "values")
                }
                let plain = try decompress(payload, codec, Int(header.uncompressedBytes), what)
                guard
                    header.encoding == ParquetEncoding.plain.rawValue
                        || header.encoding == ParquetEncoding.plainDictionary.rawValue
                else {
                    throw .unsupported("\(what) is a dictionary in \(ParquetEncoding.name(header.encoding)), not PLAIN")
                }
                dictionary = try PlainDecoder.decode(
                    plain[...], count: Int(header.valueCount), type: column.leaf.physicalType!,
                    typeLength: column.leaf.typeLength,
                    what: what)
            case .dataPage, .dataPageV2:
                guard Int(header.valueCount) <= total - data.definitionLevels.count else {
                    throw .corrupt(
                        "\(what) holds \(header.valueCount) values, more than the \(total - data.definitionLevels.count) its column chunk has left"
                    )
                }
                let page = DataPage(header: header, payload: payload, codec: codec, what: what)
                try read(page, dictionary: dictionary, into: &data)
            case .indexPage, nil:
                continue
            }
        }
        return data
    }

    /// One data page and what it needs to be read.
    private struct DataPage {
        let header: PageHeader
        let payload: ArraySlice<UInt8>
        let codec: ParquetCompression
        let what: String
    }

    private func read(_ page: DataPage, dictionary: [ParquetValue]?, into data: inout ColumnData) throws(ParquetError) {
        let header = page.header
        let count = Int(header.valueCount)
        var body: ArraySlice<UInt8>
        var repetitions: [UInt32]
        var definitions: [UInt32]
        if header.type == PageType.dataPageV2.rawValue {
            let repetitionBytes = Int(header.repetitionLevelBytes)
            let definitionBytes = Int(header.definitionLevelBytes)
            guard repetitionBytes >= 0, definitionBytes >= 0, repetitionBytes + definitionBytes <= page.payload.count,
                repetitionBytes + definitionBytes <= Int(header.uncompressedBytes)
            else {
                throw .corrupt(
                    "\(page.what)'s level sizes \(repetitionBytes) and \(definitionBytes) bytes exceed the page")
            }
            let levelsStart = page.payload.startIndex
            let repetitionRange = page.payload[levelsStart..<levelsStart + repetitionBytes]
            let definitionRange = page.payload[
                levelsStart + repetitionBytes..<levelsStart + repetitionBytes + definitionBytes]
            repetitions = try levels(
                repetitionRange, column.maxRepetitionLevel, count, "\(page.what)'s repetition levels")
            definitions = try levels(
                definitionRange, column.maxDefinitionLevel, count, "\(page.what)'s definition levels")
            let compressed = page.payload[(levelsStart + repetitionBytes + definitionBytes)...]
            let valuesSize = Int(header.uncompressedBytes) - repetitionBytes - definitionBytes
            body = header.isCompressed ? try decompress(compressed, page.codec, valuesSize, page.what)[...] : compressed
        } else {
            body = try decompress(page.payload, page.codec, Int(header.uncompressedBytes), page.what)[...]
            guard header.repetitionLevelEncoding == ParquetEncoding.rle.rawValue || column.maxRepetitionLevel == 0,
                header.definitionLevelEncoding == ParquetEncoding.rle.rawValue || column.maxDefinitionLevel == 0
            else {
                throw .unsupported("\(page.what)'s levels are not RLE-encoded (BIT_PACKED levels are not read)")
            }
            repetitions = try prefixedLevels(
                &body, column.maxRepetitionLevel, count, "\(page.what)'s repetition levels")
            definitions = try prefixedLevels(
                &body, column.maxDefinitionLevel, count, "\(page.what)'s definition levels")
        }
        var present = 0
        for (index, level) in definitions.enumerated() {
            guard level <= column.maxDefinitionLevel, repetitions[index] <= column.maxRepetitionLevel else {
                throw .corrupt("\(page.what) has a level above the column's maximum")
            }
            if level == column.maxDefinitionLevel { present += 1 }
        }
        let values = try decodeValues(
            body, count: present, encoding: header.encoding, dictionary: dictionary, what: page.what)
        data.repetitionLevels.append(contentsOf: repetitions.lazy.map { UInt8($0) })
        data.definitionLevels.append(contentsOf: definitions.lazy.map { UInt8($0) })
        data.values.append(contentsOf: values)
    }

    private func decodeValues(
        _ body: ArraySlice<UInt8>, count: Int, encoding: Int32, dictionary: [ParquetValue]?, what: String
    ) throws(ParquetError) -> [ParquetValue] {
        let type = column.leaf.physicalType!
        switch ParquetEncoding(rawValue: encoding) {
        case .plain:
            return try PlainDecoder.decode(
                body, count: count, type: type, typeLength: column.leaf.typeLength, what: what)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else {
                throw .corrupt("\(what) is dictionary-encoded, but its column chunk has no dictionary page")
            }
            guard count > 0 else { return [] }
            guard let width = body.first else {
                throw .corrupt("\(what) lacks the bit width of its dictionary indices")
            }
            let indices = try RLEHybridDecoder.decode(
                body.dropFirst(), bitWidth: Int(width), count: count, what: "\(what)'s dictionary indices")
            var values: [ParquetValue] = []
            values.reserveCapacity(count)
            for index in indices {
                guard Int(index) < dictionary.count else {
                    throw .corrupt("\(what) refers to dictionary entry \(index) of \(dictionary.count)")
                }
                values.append(dictionary[Int(index)])
            }
            return values
        case .rle where type == .boolean:
            guard body.count >= 4 else { throw .corrupt("\(what) lacks the length of its RLE booleans") }
            let length = Int(littleEndian32(body))
            guard length <= body.count - 4 else {
                throw .corrupt("\(what)'s RLE booleans say \(length) bytes, past the page")
            }
            let start = body.startIndex + 4
            return try RLEHybridDecoder.decode(body[start..<start + length], bitWidth: 1, count: count, what: what).map
            { .boolean($0 == 1) }
        default:
            throw .unsupported(
                "\(what) uses \(ParquetEncoding.name(encoding)), which this reader does not read (PLAIN and dictionary only)"
            )
        }
    }

    /// Levels preceded by their 4-byte little-endian length (data pages v1); removes them from `body`.
    private func prefixedLevels(_ body: inout ArraySlice<UInt8>, _ maxLevel: Int, _ count: Int, _ what: String)
        throws(ParquetError) -> [UInt32]
    {
        guard maxLevel > 0 else { return [UInt32](repeating: 0, count: count) }
        guard body.count >= 4 else { throw .corrupt("\(what) lack their 4-byte length") }
        let length = Int(littleEndian32(body))
        guard length <= body.count - 4 else {
            throw .corrupt("\(what) say \(length) bytes, but the page has \(body.count - 4) left")
        }
        let start = body.startIndex + 4
        let levels = try RLEHybridDecoder.decode(
            body[start..<start + length], bitWidth: RLEHybridDecoder.bitWidth(maxLevel), count: count, what: what)
        body = body[(start + length)...]
        return levels
    }

    private func levels(_ bytes: ArraySlice<UInt8>, _ maxLevel: Int, _ count: Int, _ what: String) throws(ParquetError)
        -> [UInt32]
    {
        guard maxLevel > 0 else { return [UInt32](repeating: 0, count: count) }
        return try RLEHybridDecoder.decode(
            bytes, bitWidth: RLEHybridDecoder.bitWidth(maxLevel), count: count, what: what)
    }

    private func littleEndian32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        let start = bytes.startIndex
        return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(
            bytes[start + 3]) << 24
    }

    private func decompress(_ payload: ArraySlice<UInt8>, _ codec: ParquetCompression, _ size: Int, _ what: String)
        throws(ParquetError) -> [UInt8]
    {
        guard size >= 0 else { throw .corrupt("\(what) has a negative uncompressed size") }
        if codec == .uncompressed {
            guard payload.count == size else {
                throw .corrupt("\(what) is uncompressed, yet its sizes differ: \(payload.count) and \(size) bytes")
            }
            return Array(payload)
        }
        let result = try decompressor.decompress(payload, codec: codec, uncompressedByteCount: size)
        guard result.count == size else {
            throw .corrupt("\(what) decompressed into \(result.count) bytes, not the \(size) its header says")
        }
        return result
    }
}
