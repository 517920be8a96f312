/// The page types of a column chunk (`PageType`).
enum PageType: Int32 {
    case dataPage = 0
    case indexPage = 1
    case dictionaryPage = 2
    case dataPageV2 = 3
}

/// The value encodings (`Encoding`) this reader knows by name.
enum ParquetEncoding: Int32 {
    case plain = 0
    case plainDictionary = 2
    case rle = 3
    case bitPacked = 4
    case deltaBinaryPacked = 5
    case deltaLengthByteArray = 6
    case deltaByteArray = 7
    case rleDictionary = 8
    case byteStreamSplit = 9

    /// The encoding's name for messages, or its number when unknown.
    static func name(_ raw: Int32) -> String {
        guard let encoding = ParquetEncoding(rawValue: raw) else { return "encoding \(raw)" }
        return "\(encoding)".uppercased()
    }
}

/// A page header (`PageHeader` with its data, dictionary or v2 data header), the fields this reader uses.
struct PageHeader {
    var type: Int32 = -1
    var uncompressedBytes: Int32 = -1
    var compressedBytes: Int32 = -1
    /// Levels and values in the page (data pages) or values (dictionary pages).
    var valueCount: Int32 = -1
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    var repetitionLevelEncoding: Int32 = 3
    /// Version 2 data pages: the bytes of the levels, which are never compressed.
    var definitionLevelBytes: Int32 = 0
    var repetitionLevelBytes: Int32 = 0
    var isCompressed = true

    /// Decodes the header at `start`, returning it and the offset of the page's bytes after it.
    static func decode(_ bytes: [UInt8], start: Int, end: Int) throws(ParquetError) -> (PageHeader, Int) {
        var reader = ThriftCompactReader(bytes, start: start, end: min(end, start + ParquetLimits.pageHeaderBytesMax))
        var header = PageHeader()
        try reader.readStructBody("PageHeader") { (reader, field) throws(ParquetError) -> Bool in
            switch field.id {
            case 1: header.type = try reader.readI32(field)
            case 2: header.uncompressedBytes = try reader.readI32(field)
            case 3: header.compressedBytes = try reader.readI32(field)
            case 5:
                try reader.readStruct(field, as: "DataPageHeader") { (reader, field) throws(ParquetError) -> Bool in
                    switch field.id {
                    case 1: header.valueCount = try reader.readI32(field)
                    case 2: header.encoding = try reader.readI32(field)
                    case 3: header.definitionLevelEncoding = try reader.readI32(field)
                    case 4: header.repetitionLevelEncoding = try reader.readI32(field)
                    default: return false
                    }
                    return true
                }
            case 7:
                try reader.readStruct(field, as: "DictionaryPageHeader") {
                    (reader, field) throws(ParquetError) -> Bool in
                    switch field.id {
                    case 1: header.valueCount = try reader.readI32(field)
                    case 2: header.encoding = try reader.readI32(field)
                    default: return false
                    }
                    return true
                }
            case 8: try header.decodeVersion2(&reader, field)
            default: return false
            }
            return true
        }
        guard header.uncompressedBytes >= 0, header.compressedBytes >= 0 else {
            throw .corrupt("a PageHeader at byte \(start) has no page sizes (fields 2 and 3)")
        }
        guard header.valueCount >= 0 || header.type == PageType.indexPage.rawValue else {
            throw .corrupt("a PageHeader at byte \(start) has no value count")
        }
        return (header, reader.position)
    }

    private mutating func decodeVersion2(_ reader: inout ThriftCompactReader, _ field: ThriftField) throws(ParquetError)
    {
        try reader.readStruct(field, as: "DataPageHeaderV2") { (reader, field) throws(ParquetError) -> Bool in
            switch field.id {
            case 1: valueCount = try reader.readI32(field)
            case 4: encoding = try reader.readI32(field)
            case 5: definitionLevelBytes = try reader.readI32(field)
            case 6: repetitionLevelBytes = try reader.readI32(field)
            case 7: isCompressed = try reader.readBool(field)
            default: return false
            }
            return true
        }
    }
}
