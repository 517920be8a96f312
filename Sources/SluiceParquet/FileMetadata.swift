/// The physical types of Parquet columns (`Type` in parquet.thrift).
public enum ParquetPhysicalType: Int32, Sendable {
    /// One bit per value.
    case boolean = 0
    /// 32-bit signed integers (also Spark's `tinyint`, `smallint`, `int`).
    case int32 = 1
    /// 64-bit signed integers.
    case int64 = 2
    /// 96-bit legacy timestamps; not read.
    case int96 = 3
    /// IEEE 754 single precision.
    case float = 4
    /// IEEE 754 double precision.
    case double = 5
    /// Bytes of any length, each preceded by its 4-byte length.
    case byteArray = 6
    /// Bytes of the column's `typeLength`.
    case fixedLengthByteArray = 7
}

/// How often a field occurs in its parent (`FieldRepetitionType`).
public enum ParquetRepetition: Int32, Sendable {
    /// Exactly once.
    case required = 0
    /// Zero or one time.
    case optional = 1
    /// Zero or more times.
    case repeated = 2
}

/// The compression codecs of column chunks (`CompressionCodec`).
public enum ParquetCompression: Int32, Sendable {
    /// No compression.
    case uncompressed = 0
    /// Raw snappy blocks.
    case snappy = 1
    /// A gzip stream.
    case gzip = 2
    /// LZO; not read.
    case lzo = 3
    /// Brotli; not read.
    case brotli = 4
    /// Hadoop's framed LZ4; not read.
    case lz4 = 5
    /// Zstandard; not read.
    case zstd = 6
    /// Raw LZ4 blocks; not read.
    case lz4Raw = 7
}

/// One element of the flattened schema (`SchemaElement`).
struct SchemaElement {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: ParquetRepetition?
    var name = ""
    var childCount: Int32?
    /// `converted_type` LIST (3) or `logicalType` LIST.
    var isList = false
}

/// The metadata of one column chunk (`ColumnChunk` with its `ColumnMetaData`).
struct ColumnChunkMetadata {
    var type: Int32 = -1
    var path: [String] = []
    var codec: Int32 = 0
    var valueCount: Int64 = -1
    var compressedBytes: Int64 = -1
    var dataPageOffset: Int64 = -1
    var dictionaryPageOffset: Int64?
    var hasMetadata = false
    var filePath: String?
}

/// One row group (`RowGroup`).
struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata] = []
    var rowCount: Int64 = -1
}

/// The footer (`FileMetaData`): the fields this reader uses.
struct FileMetadata {
    var schema: [SchemaElement] = []
    var rowCount: Int64 = -1
    var rowGroups: [RowGroupMetadata] = []

    /// Decodes a footer from `bytes[start..<end]`.
    static func decode(_ bytes: [UInt8], start: Int, end: Int) throws(ParquetError) -> FileMetadata {
        var reader = ThriftCompactReader(bytes, start: start, end: end)
        var metadata = FileMetadata()
        try reader.readStructBody("FileMetaData") { (reader, field) throws(ParquetError) -> Bool in
            switch field.id {
            case 2:
                try reader.readList(field) { (reader, element) throws(ParquetError) in
                    guard metadata.schema.count < ParquetLimits.schemaElementsMax else {
                        throw .limit(
                            "the schema", metadata.schema.count + 1, ParquetLimits.schemaElementsMax, "elements")
                    }
                    metadata.schema.append(try SchemaElement.decode(&reader, element))
                }
            case 3: metadata.rowCount = try reader.readI64(field)
            case 4:
                try reader.readList(field) { (reader, element) throws(ParquetError) in
                    metadata.rowGroups.append(try RowGroupMetadata.decode(&reader, element))
                }
            default: return false
            }
            return true
        }
        guard !metadata.schema.isEmpty else { throw .corrupt("FileMetaData has no schema (field 2)") }
        guard metadata.rowCount >= 0 else { throw .corrupt("FileMetaData has no row count (field 3)") }
        return metadata
    }
}

extension SchemaElement {
    static func decode(_ reader: inout ThriftCompactReader, _ field: ThriftField) throws(ParquetError) -> SchemaElement
    {
        var element = SchemaElement()
        try reader.readStruct(field, as: "SchemaElement") { (reader, field) throws(ParquetError) -> Bool in
            switch field.id {
            case 1:
                let raw = try reader.readI32(field)
                guard let type = ParquetPhysicalType(rawValue: raw) else {
                    throw .corrupt("SchemaElement has physical type \(raw), which does not exist")
                }
                element.type = type
            case 2: element.typeLength = try reader.readI32(field)
            case 3:
                let raw = try reader.readI32(field)
                guard let repetition = ParquetRepetition(rawValue: raw) else {
                    throw .corrupt("SchemaElement has repetition \(raw), which does not exist")
                }
                element.repetition = repetition
            case 4: element.name = try reader.readString(field)
            case 5: element.childCount = try reader.readI32(field)
            case 6:
                let converted = try reader.readI32(field)
                if converted == 3 { element.isList = true }
            case 10:
                // LogicalType is a union; its field 3 is LIST.
                try reader.readStruct(field, as: "LogicalType") { (_, member) throws(ParquetError) -> Bool in
                    if member.id == 3 { element.isList = true }
                    return false
                }
            default: return false
            }
            return true
        }
        return element
    }
}

extension RowGroupMetadata {
    static func decode(_ reader: inout ThriftCompactReader, _ field: ThriftField) throws(ParquetError)
        -> RowGroupMetadata
    {
        var group = RowGroupMetadata()
        try reader.readStruct(field, as: "RowGroup") { (reader, field) throws(ParquetError) -> Bool in
            switch field.id {
            case 1:
                try reader.readList(field) { (reader, element) throws(ParquetError) in
                    group.columns.append(try ColumnChunkMetadata.decode(&reader, element))
                }
            case 3: group.rowCount = try reader.readI64(field)
            default: return false
            }
            return true
        }
        guard group.rowCount >= 0 else { throw .corrupt("a RowGroup has no row count (field 3)") }
        return group
    }
}

extension ColumnChunkMetadata {
    static func decode(_ reader: inout ThriftCompactReader, _ field: ThriftField) throws(ParquetError)
        -> ColumnChunkMetadata
    {
        var chunk = ColumnChunkMetadata()
        try reader.readStruct(field, as: "ColumnChunk") { (reader, field) throws(ParquetError) -> Bool in
            switch field.id {
            case 1: chunk.filePath = try reader.readString(field)
            case 3:
                chunk.hasMetadata = true
                try reader.readStruct(field, as: "ColumnMetaData") { (reader, field) throws(ParquetError) -> Bool in
                    try chunk.decodeField(&reader, field)
                }
            default: return false
            }
            return true
        }
        return chunk
    }

    private mutating func decodeField(_ reader: inout ThriftCompactReader, _ field: ThriftField) throws(ParquetError)
        -> Bool
    {
        switch field.id {
        case 1: type = try reader.readI32(field)
        case 3:
            var names: [String] = []
            try reader.readList(field) { (reader, element) throws(ParquetError) in
                names.append(try reader.readString(element))
            }
            path = names
        case 4: codec = try reader.readI32(field)
        case 5: valueCount = try reader.readI64(field)
        case 7: compressedBytes = try reader.readI64(field)
        case 9: dataPageOffset = try reader.readI64(field)
        case 11: dictionaryPageOffset = try reader.readI64(field)
        default: return false
        }
        return true
    }
}
