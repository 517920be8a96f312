import SluiceParquet
import SluiceParquetCodecs
import Testing

/// Files built by hand, one feature of the format at a time, with the records they must read as.
@Suite struct SyntheticFileTests {
    private let required: Int32 = 0
    private let optional: Int32 = 1
    private let repeated: Int32 = 2

    @Test func flatRequiredColumnsOfEveryPhysicalTypeReadPlain() throws {
        let schema = [
            TestSchemaElement(name: "root", children: 6),
            TestSchemaElement(name: "b", type: 0, repetition: required),
            TestSchemaElement(name: "i", type: 1, repetition: required),
            TestSchemaElement(name: "l", type: 2, repetition: required),
            TestSchemaElement(name: "f", type: 4, repetition: required),
            TestSchemaElement(name: "d", type: 5, repetition: required),
            TestSchemaElement(name: "s", type: 6, repetition: required),
        ]
        func column(_ name: String, _ type: Int32, _ body: [UInt8]) -> TestColumn {
            TestColumn(path: [name], type: type, valueCount: 3, pages: [TestPage(valueCount: 3, body: body)])
        }
        let bytes = TestFileWriter.file(
            schema: schema, rows: 3,
            columns: [
                column("b", 0, [0b101]),
                column("i", 1, TestFileWriter.plain(int32: [-1, 0, Int32.max])),
                column("l", 2, TestFileWriter.plain(int64: [Int64.min, 7, 1 << 40])),
                column("f", 4, TestFileWriter.plain(float: [1.5, -0.25, 3])),
                column("d", 5, TestFileWriter.plain(double: [0.1, -2e300, 5])),
                column("s", 6, TestFileWriter.plain(strings: ["", "ab", "ü"])),
            ])
        let rows = try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows()
        #expect(rows.count == 3)
        #expect(
            rows[0]
                == .group([
                    "b": .boolean(true), "i": .int32(-1), "l": .int64(Int64.min), "f": .float(1.5), "d": .double(0.1),
                    "s": .bytes([]),
                ]))
        #expect(
            rows[1]
                == .group([
                    "b": .boolean(false), "i": .int32(0), "l": .int64(7), "f": .float(-0.25), "d": .double(-2e300),
                    "s": .bytes(Array("ab".utf8)),
                ]))
        #expect(
            rows[2]
                == .group([
                    "b": .boolean(true), "i": .int32(Int32.max), "l": .int64(1 << 40), "f": .float(3), "d": .double(5),
                    "s": .bytes(Array("ü".utf8)),
                ]))
    }

    /// `optional group xs (LIST) { repeated group list { optional int32 element } }` over
    /// `[1, null, 2]`, `[]`, `null`, `[3]`: definition levels 3 2 3 1 0 3, repetition 0 1 1 0 0 0.
    private func listFile(dataPage: TestPage, codec: Int32 = 0) -> [UInt8] {
        let schema = [
            TestSchemaElement(name: "root", children: 1),
            TestSchemaElement(name: "xs", repetition: optional, children: 1, convertedType: 3),
            TestSchemaElement(name: "list", repetition: repeated, children: 1),
            TestSchemaElement(name: "element", type: 1, repetition: optional),
        ]
        return TestFileWriter.file(
            schema: schema, rows: 4,
            columns: [
                TestColumn(path: ["xs", "list", "element"], type: 1, codec: codec, valueCount: 6, pages: [dataPage])
            ])
    }

    private let listRepetitions: [UInt32] = [0, 1, 1, 0, 0, 0]
    private let listDefinitions: [UInt32] = [3, 2, 3, 1, 0, 3]
    private let listRows: [ParquetValue] = [
        .group(["xs": .list([.int32(1), .null, .int32(2)])]), .group(["xs": .list([])]), .group(["xs": .null]),
        .group(["xs": .list([.int32(3)])]),
    ]

    @Test func nestedListsWithNullsAssembleFromLevels() throws {
        let body =
            TestFileWriter.lengthPrefixed(TestFileWriter.bitPackedRun(listRepetitions, width: 1))
            + TestFileWriter.lengthPrefixed(TestFileWriter.bitPackedRun(listDefinitions, width: 2))
            + TestFileWriter.plain(int32: [1, 2, 3])
        let file = try ParquetFile(
            bytes: listFile(dataPage: TestPage(valueCount: 6, body: body)), decompressor: UncompressedOnly())
        #expect(file.schema.children[0].isList)
        #expect(try file.rows() == listRows)
    }

    @Test func dataPageVersion2WithGzipValuesReadsTheSameRecords() throws {
        let repetitions = TestFileWriter.bitPackedRun(listRepetitions, width: 1)
        let definitions = TestFileWriter.bitPackedRun(listDefinitions, width: 2)
        let values = TestFileWriter.plain(int32: [1, 2, 3])
        let page = TestPage(
            type: 3, valueCount: 6, body: repetitions + definitions + (try TestFileWriter.gzip(values)),
            uncompressedBytes: Int32(repetitions.count + definitions.count + values.count),
            repetitionLevelBytes: Int32(repetitions.count), definitionLevelBytes: Int32(definitions.count))
        let bytes = listFile(dataPage: page, codec: 2)
        #expect(try ParquetFile(bytes: bytes, decompressor: ParquetCodecs()).rows() == listRows)
        #expect(throws: ParquetError.self) { try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows() }
    }

    @Test func dictionaryEncodedValuesReadThroughRepeatedAndBitPackedRuns() throws {
        let schema = [
            TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "d", type: 5, repetition: required),
        ]
        let dictionary = TestPage(type: 2, valueCount: 3, body: TestFileWriter.plain(double: [0.5, -1, 7]))
        // Indices 2 2 2 2 (a repeated run), then 0 1 2 1 (bit-packed), in 2 bits.
        let indices =
            [2] + TestFileWriter.repeatedRun(2, count: 4, width: 2)
            + TestFileWriter.bitPackedRun([0, 1, 2, 1], width: 2)
        let data = TestPage(valueCount: 8, encoding: 8, body: indices)
        let bytes = TestFileWriter.file(
            schema: schema, rows: 8,
            columns: [TestColumn(path: ["d"], type: 5, valueCount: 8, pages: [dictionary, data])])
        let values = try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows().map { $0[field: "d"] }
        #expect(values == [7, 7, 7, 7, 0.5, -1, 7, -1].map { ParquetValue.double($0) })
    }

    @Test func valuesSplitOverTwoDataPagesJoin() throws {
        let schema = [
            TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "i", type: 1, repetition: optional),
        ]
        let first = TestPage(
            valueCount: 2,
            body: TestFileWriter.lengthPrefixed(TestFileWriter.bitPackedRun([1, 0], width: 1))
                + TestFileWriter.plain(int32: [4]))
        let second = TestPage(
            valueCount: 1,
            body: TestFileWriter.lengthPrefixed(TestFileWriter.repeatedRun(1, count: 1, width: 1))
                + TestFileWriter.plain(int32: [9]))
        let bytes = TestFileWriter.file(
            schema: schema, rows: 3, columns: [TestColumn(path: ["i"], type: 1, valueCount: 3, pages: [first, second])])
        let values = try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows().map { $0[field: "i"] }
        #expect(values == [.int32(4), .null, .int32(9)])
    }

    /// The two-level list of older writers: `optional group xs (LIST) { repeated int32 array }`.
    @Test func twoLevelListsReadTheirRepeatedColumnAsElements() throws {
        let schema = [
            TestSchemaElement(name: "root", children: 1),
            TestSchemaElement(name: "xs", repetition: optional, children: 1, convertedType: 3),
            TestSchemaElement(name: "array", type: 1, repetition: repeated),
        ]
        let body =
            TestFileWriter.lengthPrefixed(TestFileWriter.bitPackedRun([0, 1, 0], width: 1))
            + TestFileWriter.lengthPrefixed(TestFileWriter.bitPackedRun([2, 2, 1], width: 2))
            + TestFileWriter.plain(int32: [5, 6])
        let bytes = TestFileWriter.file(
            schema: schema, rows: 2,
            columns: [TestColumn(path: ["xs", "array"], type: 1, valueCount: 3, pages: [TestPage(valueCount: 3, body: body)])])
        let rows = try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows()
        #expect(rows == [.group(["xs": .list([.int32(5), .int32(6)])]), .group(["xs": .list([])])])
    }

    @Test func booleansReadRunLengthEncoded() throws {
        let schema = [TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "b", type: 0, repetition: required)]
        let runs = TestFileWriter.repeatedRun(1, count: 3, width: 1) + TestFileWriter.bitPackedRun([0, 1], width: 1)
        let page = TestPage(valueCount: 5, encoding: 3, body: TestFileWriter.lengthPrefixed(runs))
        let bytes = TestFileWriter.file(
            schema: schema, rows: 5, columns: [TestColumn(path: ["b"], type: 0, valueCount: 5, pages: [page])])
        let values = try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows().map { $0[field: "b"] }
        #expect(values == [true, true, true, false, true].map { ParquetValue.boolean($0) })
    }
}
