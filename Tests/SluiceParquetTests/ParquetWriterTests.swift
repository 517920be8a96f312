import Testing

@testable import SluiceParquet

/// What `ParquetWriter` writes, `ParquetFile` reads back as the same rows.
@Suite struct ParquetWriterTests {
    private func roundTrip(_ schema: [ParquetField], _ rows: [ParquetValue]) throws -> [ParquetValue] {
        let bytes = try ParquetWriter.write(schema: schema, rows: rows)
        let file = try ParquetFile(bytes: bytes, decompressor: UncompressedOnly())
        #expect(file.rowCount == rows.count)
        return try file.rows()
    }

    /// Every physical type, optional and required, groups in groups, lists of each kind.
    static let schema: [ParquetField] = [
        .column("id", .required, .int64),
        .column("flag", .required, .boolean),
        .int8("tiny", .optional),
        .column("count", .optional, .int32),
        .column("ratio", .optional, .float),
        .column("score", .required, .double),
        .column("name", .optional, .byteArray),
        .group(
            "vector", .optional,
            [
                .int8("type", .required), .column("size", .optional, .int32),
                .list("indices", .optional, of: .int32), .list("values", .optional, of: .double),
            ]),
        .group("outer", .required, [.group("inner", .optional, [.list("flags", .required, of: .boolean)])]),
        ParquetField("points", .optional, .list(.group("point", .optional, [.column("x", .required, .double)]))),
    ]

    /// Row `index`: nulls, empty lists and long lists in turns, from a fixed pattern.
    static func row(_ index: Int) -> ParquetValue {
        let n = index % 5
        let indices: [ParquetValue] = (0..<(n * 7)).map { ParquetValue.int32(Int32($0 * 3)) }
        let values: [ParquetValue] = (0..<(n * 7)).map { ParquetValue.double(Double($0) * -0.125 + Double(index)) }
        var vectorFields: [String: ParquetValue] = [:]
        vectorFields["type"] = .int32(Int32(n % 2))
        vectorFields["size"] = n == 1 ? .null : .int32(Int32(100 * n))
        vectorFields["indices"] = n == 2 ? .null : .list(indices)
        vectorFields["values"] = n == 3 ? .list([]) : .list(values)
        let vector: ParquetValue = n == 0 ? .null : .group(vectorFields)
        let pointList: [ParquetValue] = (0..<n).map { point in
            point == 1 ? ParquetValue.null : .group(["x": .double(Double(point) / 3)])
        }
        let points: ParquetValue = n == 4 ? .null : .list(pointList)
        let flags: [ParquetValue] = (0..<(index % 11)).map { ParquetValue.boolean(($0 + index) % 2 == 0) }
        let inner: ParquetValue = n == 3 ? .null : .group(["flags": .list(flags)])
        let tiny: ParquetValue = index % 4 == 0 ? .null : .int32(Int32(index % 256) - 128)
        let count: ParquetValue = index % 2 == 0 ? .int32(Int32(-index)) : .null
        let ratio: ParquetValue = index % 3 == 1 ? .null : .float(Float(index) / 7)
        let score: Double = index == 3 ? -Double.infinity : Double(index) * 1e300
        let name: ParquetValue = index % 6 == 5 ? .null : .bytes(Array("row \(index) é".utf8))
        var fields: [String: ParquetValue] = [:]
        fields["id"] = .int64(Int64(index) * 1_000_000_007 - 5)
        fields["flag"] = .boolean(index % 3 == 0)
        fields["tiny"] = tiny
        fields["count"] = count
        fields["ratio"] = ratio
        fields["score"] = .double(score)
        fields["name"] = name
        fields["vector"] = vector
        fields["outer"] = .group(["inner": inner])
        fields["points"] = points
        return .group(fields)
    }

    @Test func rowsOfEveryTypeAndNestingReadBackTheSame() throws {
        let rows = (0..<40).map(Self.row)
        #expect(try roundTrip(Self.schema, rows) == rows)
    }

    @Test func oneRowAndNoRows() throws {
        #expect(try roundTrip(Self.schema, [Self.row(7)]) == [Self.row(7)])
        #expect(try roundTrip(Self.schema, []) == [])
    }

    /// Runs longer than one varint byte, in repetition and definition levels, and many booleans.
    @Test func longListsAndRuns() throws {
        let schema: [ParquetField] = [.list("values", .optional, of: .double), .list("bits", .required, of: .boolean)]
        let rows: [ParquetValue] = [
            .group([
                "values": .list((0..<5000).map { .double(Double($0)) }),
                "bits": .list((0..<1001).map { .boolean($0 % 7 < 3) }),
            ]),
            .group(["values": .null, "bits": .list([])]),
            .group(["values": .list([.double(1.5)]), "bits": .list([.boolean(true)])]),
        ]
        #expect(try roundTrip(schema, rows) == rows)
    }

    @Test func theFooterHoldsTheSchemaAndKeyValueMetadata() throws {
        let json = "{\"type\":\"struct\",\"fields\":[]}"
        let bytes = try ParquetWriter.write(
            schema: Self.schema, rows: [Self.row(1)],
            keyValueMetadata: [
                ("org.apache.spark.version", "4.3.0"), ("org.apache.spark.sql.parquet.row.metadata", json),
            ])
        let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        let metadata = try FileMetadata.decode(bytes, start: bytes.count - 8 - length, end: bytes.count - 8)
        #expect(metadata.rowCount == 1)
        #expect(metadata.schema.first?.name == "spark_schema")
        #expect(metadata.schema.first?.childCount == 10)
        let names = metadata.schema.map(\.name)
        #expect(
            names.prefix(12) == [
                "spark_schema", "id", "flag", "tiny", "count", "ratio", "score", "name", "vector", "type", "size",
                "indices",
            ])
        let indices = try #require(metadata.schema.firstIndex { $0.name == "indices" })
        #expect(metadata.schema[indices].isList)
        #expect(metadata.schema[indices + 1].name == "list")
        #expect(metadata.schema[indices + 1].repetition == .repeated)
        #expect(metadata.schema[indices + 2].name == "element")
        #expect(metadata.schema[indices + 2].type == .int32)
        #expect(
            metadata.rowGroups.first?.columns.map { $0.path.joined(separator: ".") }.contains(
                "vector.values.list.element") == true)
        // Key and value are written as they are.
        let text = Array(json.utf8)
        #expect((0...(bytes.count - text.count)).contains { Array(bytes[$0..<($0 + text.count)]) == text })
    }

    @Test func valuesThatDoNotFitTheirFieldAreRefused() {
        let schema: [ParquetField] = [.column("x", .required, .int32), .list("xs", .optional, of: .double)]
        func failure(_ row: ParquetValue) -> ParquetError? {
            do {
                _ = try ParquetWriter.write(schema: schema, rows: [row])
                return nil
            } catch { return error }
        }
        #expect(failure(.group(["x": .int64(1)]))?.message == "cannot write int64 in column x of type int32")
        #expect(failure(.group(["xs": .list([])]))?.message == "cannot write a null in required field x")
        #expect(
            failure(.group(["x": .int32(1), "xs": .list([.null])]))?.message
                == "cannot write a null in required field element")
        #expect(
            failure(.group(["x": .int32(1), "xs": .double(1)]))?.message == "cannot write double in list field xs")
        #expect(failure(.int32(3))?.message == "cannot write a record that is int32, not a group")
        #expect(failure(.group(["x": .int32(1)])) == nil)
        let int96: [ParquetField] = [.column("t", .required, .int96)]
        #expect(throws: ParquetError.self) { try ParquetWriter.write(schema: int96, rows: []) }
    }
}
