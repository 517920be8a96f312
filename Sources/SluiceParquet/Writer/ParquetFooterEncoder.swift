/// The footer's `FileMetaData` in Thrift compact form: version 1, the flattened schema, one row
/// group of the written chunks, the key-value metadata and `created_by`.
enum ParquetFooterEncoder {
    static func fileMetadata(
        root: WriteNode, rowCount: Int, chunks: [ChunkPlacement], keyValueMetadata: [(key: String, value: String)],
        createdBy: String
    ) -> [UInt8] {
        var elements: [WriteNode] = []
        flatten(root, into: &elements)
        let totalBytes = Int64(chunks.reduce(0) { $0 + $1.byteCount })
        var writer = ThriftCompactWriter()
        writer.structBody { meta in
            meta.i32(1, 1)
            meta.structList(2, count: elements.count) { element, index in
                schemaElement(elements[index], isRoot: index == 0, into: &element)
            }
            meta.i64(3, Int64(rowCount))
            meta.structList(4, count: 1) { group, _ in
                group.structList(1, count: chunks.count) { chunk, index in
                    columnChunk(chunks[index], into: &chunk)
                }
                group.i64(2, totalBytes)
                group.i64(3, Int64(rowCount))
                group.i64(5, Int64(chunks.first?.offset ?? 4))
                group.i64(6, totalBytes)
                group.i32(7, 0)
            }
            if !keyValueMetadata.isEmpty {
                meta.structList(5, count: keyValueMetadata.count) { pair, index in
                    pair.string(1, keyValueMetadata[index].key)
                    pair.string(2, keyValueMetadata[index].value)
                }
            }
            meta.string(6, createdBy)
        }
        return writer.bytes
    }

    private static func flatten(_ node: WriteNode, into elements: inout [WriteNode]) {
        elements.append(node)
        for child in node.children { flatten(child, into: &elements) }
    }

    private static func schemaElement(_ node: WriteNode, isRoot: Bool, into element: inout ThriftCompactWriter) {
        if let type = node.type { element.i32(1, type.rawValue) }
        if !isRoot { element.i32(3, node.repetition.rawValue) }
        element.string(4, node.name)
        if node.type == nil { element.i32(5, Int32(node.children.count)) }
        if node.isList {
            element.i32(6, 3)  // LIST
            element.structure(10) { logical in logical.structure(3) { _ in } }
        } else if let bits = node.signedBits {
            element.i32(6, bits == 8 ? 15 : 16)  // INT_8, INT_16
            element.structure(10) { logical in
                logical.structure(10) { integer in
                    integer.byte(1, bits)
                    integer.boolean(2, true)
                }
            }
        }
    }

    private static func columnChunk(_ chunk: ChunkPlacement, into writer: inout ThriftCompactWriter) {
        writer.i64(2, Int64(chunk.offset))
        writer.structure(3) { meta in
            meta.i32(1, chunk.type.rawValue)
            meta.i32List(2, [0, 3])  // PLAIN, RLE
            meta.stringList(3, chunk.path)
            meta.i32(4, 0)  // UNCOMPRESSED
            meta.i64(5, Int64(chunk.valueCount))
            meta.i64(6, Int64(chunk.byteCount))
            meta.i64(7, Int64(chunk.byteCount))
            meta.i64(9, Int64(chunk.offset))
        }
    }
}
