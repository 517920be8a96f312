/// Writes a small Parquet file in memory, as Spark writes saved models: one row group, one data
/// page (v1) per column, PLAIN values, RLE levels, no compression.
///
/// ```
/// "PAR1" | per column: PageHeader (Thrift compact) + levels + values | FileMetaData | footer length (u32 LE) | "PAR1"
/// ```
///
/// Columns may be BOOLEAN, INT32 (optionally annotated as an 8- or 16-bit signed integer), INT64,
/// FLOAT, DOUBLE and BYTE_ARRAY, nested in groups and three-level lists. Files go up to the
/// reader's limits (`ParquetLimits`): what this writes, `ParquetFile` reads.
public enum ParquetWriter {
    /// The `created_by` written in the footer.
    public static let createdBy = "sluice"

    /// The file holding `rows` under `schema`.
    /// - Parameters:
    ///   - schema: the root's fields (the root is named `schemaName`).
    ///   - rows: one `.group` per row, of the root's fields by name.
    ///   - keyValueMetadata: the footer's `key_value_metadata`, in order.
    ///   - schemaName: the root's name (`spark_schema` in Spark's files).
    /// - Throws: `ParquetError` for a value that does not fit its field (of kind `corrupt`), a type
    ///   this writer does not write (`unsupported`), or more values than the reader reads (`limitExceeded`).
    public static func write(
        schema: [ParquetField], rows: [ParquetValue], keyValueMetadata: [(key: String, value: String)] = [],
        schemaName: String = "spark_schema"
    ) throws(ParquetError) -> [UInt8] {
        guard rows.count <= ParquetLimits.rowsMax else {
            throw .limit("the row count", rows.count, ParquetLimits.rowsMax, "rows")
        }
        var nextColumn = 0
        let root = WriteNode(
            ParquetField(schemaName, .required, .group(schema)), definition: 0, repetition: 0, nextColumn: &nextColumn)
        var leaves: [(node: WriteNode, path: [String])] = []
        collectLeaves(root, [], into: &leaves)
        for leaf in leaves where leaf.node.type == .int96 || leaf.node.type == .fixedLengthByteArray {
            throw .unsupported(
                "column \(leaf.path.joined(separator: ".")) is \(leaf.node.type!), which this writer does not write")
        }
        var shredder = ColumnShredder(
            leaves: leaves.map(\.node), paths: leaves.map { $0.path.joined(separator: ".") })
        for row in rows {
            try shredder.add(row, root: root)
        }
        var file = Array("PAR1".utf8)
        var chunks: [ChunkPlacement] = []
        for (index, leaf) in leaves.enumerated() {
            let stripe = shredder.stripes[index]
            guard stripe.definitionLevels.count <= ParquetLimits.chunkValuesMax else {
                throw .limit(
                    "column \(leaf.path.joined(separator: "."))'s chunk", stripe.definitionLevels.count,
                    ParquetLimits.chunkValuesMax, "values")
            }
            let page = ParquetPageEncoder.dataPage(stripe, leaf.node)
            guard page.count <= ParquetLimits.pageBytesMax else {
                throw .limit(
                    "column \(leaf.path.joined(separator: "."))'s page", page.count, ParquetLimits.pageBytesMax, "bytes"
                )
            }
            var header = ThriftCompactWriter()
            header.structBody { header in
                header.i32(1, 0)  // DATA_PAGE
                header.i32(2, Int32(page.count))
                header.i32(3, Int32(page.count))
                header.structure(5) { data in
                    data.i32(1, Int32(stripe.definitionLevels.count))
                    data.i32(2, 0)  // PLAIN
                    data.i32(3, 3)  // RLE
                    data.i32(4, 3)  // RLE
                }
            }
            let offset = file.count
            file.append(contentsOf: header.bytes)
            file.append(contentsOf: page)
            chunks.append(
                ChunkPlacement(
                    path: leaf.path, type: leaf.node.type!, valueCount: stripe.definitionLevels.count, offset: offset,
                    byteCount: file.count - offset))
        }
        let footer = ParquetFooterEncoder.fileMetadata(
            root: root, rowCount: rows.count, chunks: chunks, keyValueMetadata: keyValueMetadata,
            createdBy: createdBy)
        file.append(contentsOf: footer)
        let length = UInt32(footer.count)
        file.append(contentsOf: [
            UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24),
        ])
        file.append(contentsOf: Array("PAR1".utf8))
        return file
    }

    private static func collectLeaves(
        _ node: WriteNode, _ path: [String], into leaves: inout [(node: WriteNode, path: [String])]
    ) {
        for child in node.children {
            let childPath = path + [child.name]
            if child.type != nil {
                leaves.append((child, childPath))
            } else {
                collectLeaves(child, childPath, into: &leaves)
            }
        }
    }
}

/// Where a column chunk went in the file.
struct ChunkPlacement {
    let path: [String]
    let type: ParquetPhysicalType
    let valueCount: Int
    let offset: Int
    let byteCount: Int
}
