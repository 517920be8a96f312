/// A Parquet file held in memory, read whole into records.
///
/// ```
/// "PAR1" | column chunks (pages) … | FileMetaData (Thrift compact) | footer length (u32 LE) | "PAR1"
/// ```
///
/// The reader covers what Spark writes for small tables such as saved models: data pages v1 and
/// v2 and dictionary pages; PLAIN, PLAIN_DICTIONARY and RLE_DICTIONARY values (RLE for booleans);
/// RLE levels; nested groups and lists; BOOLEAN, INT32, INT64, FLOAT, DOUBLE, BYTE_ARRAY and
/// FIXED_LEN_BYTE_ARRAY columns. Compressed pages go through the caller's `ParquetDecompressor`.
/// Every length and count is checked against the bytes there are and against `ParquetLimits`:
/// bad input throws `ParquetError`, it never traps.
public struct ParquetFile: Sendable {
    /// The schema's root: the file's columns are its descendants.
    public let schema: ParquetSchemaNode
    /// The number of rows the footer states.
    public let rowCount: Int

    private let bytes: [UInt8]
    private let metadata: FileMetadata
    private let columns: [ColumnDescriptor]
    private let decompressor: any ParquetDecompressor
    /// The offset of the footer: column chunks end before it.
    private let footerStart: Int

    private static let magic: [UInt8] = Array("PAR1".utf8)

    /// Reads the footer of the file `bytes`.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - decompressor: decompresses the pages of compressed column chunks.
    /// - Throws: `ParquetError` for bad magic, a truncated or corrupt footer, or a schema over the limits.
    public init(bytes: [UInt8], decompressor: any ParquetDecompressor) throws(ParquetError) {
        guard bytes.count >= 12 else {
            throw .corrupt(
                "the file is \(bytes.count) bytes, too short for Parquet's magic and footer (12 bytes at least)")
        }
        guard Array(bytes[0..<4]) == ParquetFile.magic else {
            throw .corrupt("the file does not start with Parquet's magic \"PAR1\"")
        }
        let tail = Array(bytes[(bytes.count - 4)...])
        if tail == Array("PARE".utf8) {
            throw .unsupported("the file's footer is encrypted (\"PARE\"), which this reader does not read")
        }
        guard tail == ParquetFile.magic else {
            throw .corrupt("the file does not end with Parquet's magic \"PAR1\": it is truncated or not Parquet")
        }
        let lengthAt = bytes.count - 8
        let footerLength = Int(
            UInt32(bytes[lengthAt]) | UInt32(bytes[lengthAt + 1]) << 8 | UInt32(bytes[lengthAt + 2]) << 16 | UInt32(
                bytes[lengthAt + 3]) << 24)
        guard footerLength <= ParquetLimits.footerBytesMax else {
            throw .limit("the footer", footerLength, ParquetLimits.footerBytesMax, "bytes")
        }
        guard footerLength <= bytes.count - 12 else {
            throw .corrupt(
                "the footer length says \(footerLength) bytes, but the file has \(bytes.count - 12) between its magics: it is truncated"
            )
        }
        footerStart = lengthAt - footerLength
        metadata = try FileMetadata.decode(bytes, start: footerStart, end: lengthAt)
        guard metadata.rowCount <= Int64(ParquetLimits.rowsMax) else {
            throw .limit("the row count", Int(clamping: metadata.rowCount), ParquetLimits.rowsMax, "rows")
        }
        let tree = try ParquetSchema(metadata.schema)
        schema = tree.root
        columns = tree.columns
        rowCount = Int(metadata.rowCount)
        self.bytes = bytes
        self.decompressor = decompressor
    }

    /// Every row of the file, in order, each a `.group` of the root's fields.
    /// - Throws: `ParquetError` for a corrupt or unsupported column chunk or page.
    public func rows() throws(ParquetError) -> [ParquetValue] {
        var rows: [ParquetValue] = []
        var groupRows = 0
        for (groupIndex, group) in metadata.rowGroups.enumerated() {
            guard group.columns.count == columns.count else {
                throw .corrupt(
                    "row group \(groupIndex) has \(group.columns.count) column chunks for \(columns.count) columns")
            }
            // Checked before adding: a count near Int64.max must not overflow the sum.
            guard group.rowCount <= Int64(rowCount - groupRows) else {
                throw .corrupt("the row groups hold more rows than the file's \(rowCount)")
            }
            groupRows += Int(group.rowCount)
            var records = [ParquetValue](repeating: .group([:]), count: Int(group.rowCount))
            for (index, chunk) in group.columns.enumerated() {
                let column = columns[index]
                guard chunk.hasMetadata, chunk.filePath == nil else {
                    throw .unsupported(
                        "column \(column.path) of row group \(groupIndex) lies in another file or lacks its metadata")
                }
                guard chunk.path == column.nodes.map(\.name) else {
                    throw .corrupt(
                        "row group \(groupIndex)'s chunk \(index) is \(chunk.path.joined(separator: ".")), not column \(column.path)"
                    )
                }
                guard chunk.type == column.leaf.physicalType!.rawValue else {
                    throw .corrupt("column \(column.path)'s chunk has physical type \(chunk.type), its schema another")
                }
                let reader = ColumnChunkReader(
                    bytes: bytes, column: column, chunk: chunk, decompressor: decompressor, dataEnd: footerStart)
                let partial = try RecordAssembler(column: column, data: try reader.read()).records()
                guard partial.count == records.count else {
                    throw .corrupt(
                        "column \(column.path) holds \(partial.count) rows in row group \(groupIndex), which has \(records.count)"
                    )
                }
                for row in records.indices {
                    records[row] = try RecordAssembler.merge(records[row], partial[row])
                }
            }
            rows.append(contentsOf: records)
        }
        guard rows.count == rowCount else {
            throw .corrupt("the row groups hold \(rows.count) rows, the footer says \(rowCount)")
        }
        return rows
    }
}
