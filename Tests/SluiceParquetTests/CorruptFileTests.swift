import SluiceParquetCodecs
import Testing

@testable import SluiceParquet

/// Bad files throw `ParquetError` naming what is wrong; none traps.
@Suite struct CorruptFileTests {
    private func error(_ bytes: [UInt8], decompressor: any ParquetDecompressor = ParquetCodecs()) -> ParquetError? {
        do {
            _ = try ParquetFile(bytes: bytes, decompressor: decompressor).rows()
            return nil
        } catch {
            return error
        }
    }

    private func withFooterLength(_ bytes: [UInt8], _ length: UInt32) -> [UInt8] {
        var copy = bytes
        let at = copy.count - 8
        for index in 0..<4 { copy[at + index] = UInt8(truncatingIfNeeded: length >> UInt32(8 * index)) }
        return copy
    }

    @Test func tooShortFilesAreNamedAsSuch() {
        let failure = error(Array("PAR1PAR1".utf8))
        #expect(failure?.kind == .corrupt)
        #expect(failure?.message.contains("too short") == true)
    }

    @Test func badMagicAtEitherEnd() throws {
        var bytes = try ModelFiles.parquet("mllib-svm")
        bytes[0] = UInt8(ascii: "X")
        #expect(error(bytes)?.message.contains("does not start with Parquet's magic") == true)
        bytes = try ModelFiles.parquet("mllib-svm")
        bytes[bytes.count - 1] = 0
        #expect(error(bytes)?.message.contains("does not end with Parquet's magic") == true)
    }

    @Test func encryptedFootersAreUnsupported() throws {
        var bytes = try ModelFiles.parquet("mllib-svm")
        bytes.replaceSubrange((bytes.count - 4)..., with: Array("PARE".utf8))
        #expect(error(bytes)?.kind == .unsupported)
    }

    @Test func truncatedFilesFail() throws {
        let bytes = try ModelFiles.parquet("ml-lr-binary")
        for cut in [1, 8, 100, bytes.count / 2, bytes.count - 12] {
            let failure = error(Array(bytes[..<(bytes.count - cut)]))
            #expect(failure?.kind == .corrupt, "cut \(cut): \(String(describing: failure))")
        }
    }

    @Test func footerLengthsPastTheFileOrTheLimitFail() throws {
        let bytes = try ModelFiles.parquet("ml-lr-binary")
        let past = error(withFooterLength(bytes, UInt32(bytes.count)))
        #expect(past?.kind == .corrupt)
        #expect(past?.message.contains("truncated") == true)
        let huge = error(withFooterLength(bytes, UInt32(ParquetLimits.footerBytesMax + 1)))
        #expect(huge?.kind == .limitExceeded)
        #expect(huge?.message.contains("bytes") == true)
    }

    @Test func aThriftFieldOfTheWrongTypeIsNamed() {
        var footer = ThriftWriter()
        footer.structureBody { meta in
            meta.string(3, "not a count")
        }
        let bytes = Array("PAR1".utf8) + footer.bytes + [UInt8(footer.bytes.count), 0, 0, 0] + Array("PAR1".utf8)
        let failure = error(bytes)
        #expect(failure?.message == "field 3 of FileMetaData is a Thrift binary, expected an i64")
    }

    @Test func thriftNestingDeeperThanTheLimitFails() {
        // Field 1 (unknown to FileMetaData, so skipped) holds structures inside structures.
        var bytes: [UInt8] = []
        for _ in 0..<(ParquetLimits.thriftDepthMax + 5) { bytes.append(0x1C) }
        bytes += [UInt8](repeating: 0, count: ParquetLimits.thriftDepthMax + 6)
        var reader = ThriftCompactReader(bytes, start: 0, end: bytes.count)
        #expect(throws: ParquetError.self) { try reader.readStructBody("FileMetaData") { _, _ in false } }
    }

    @Test func aPagePastItsColumnChunkIsNamed() {
        let schema = [
            TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "i", type: 1, repetition: 0),
        ]
        var page = TestPage(valueCount: 2, body: TestFileWriter.plain(int32: [1, 2]))
        var bytes = TestFileWriter.file(
            schema: schema, rows: 2, columns: [TestColumn(path: ["i"], type: 1, valueCount: 2, pages: [page])])
        #expect(error(bytes) == nil)
        // The same page, its header claiming more bytes than the chunk has.
        page.uncompressedBytes = 8
        let header = TestFileWriter.header(page)
        var claimed = ThriftWriter()
        claimed.structureBody { writer in
            writer.i32(1, 0)
            writer.i32(2, 8)
            writer.i32(3, 4000)
            writer.structure(5) { data in data.i32(1, 2) }
        }
        let start = 4
        bytes.replaceSubrange(
            start..<(start + header.count),
            with: claimed.bytes + [UInt8](repeating: 0, count: header.count - claimed.bytes.count))
        let failure = error(bytes)
        #expect(failure?.kind == .corrupt)
        #expect(failure?.message.contains("past the end of its column chunk") == true, "\(String(describing: failure))")
    }

    @Test func valueCountsAboveTheLimitAreRefusedWithTheirUnit() {
        let schema = [
            TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "i", type: 1, repetition: 0),
        ]
        let bytes = TestFileWriter.file(
            schema: schema, rows: 2,
            columns: [
                TestColumn(
                    path: ["i"], type: 1, valueCount: Int64(ParquetLimits.chunkValuesMax) + 1,
                    pages: [TestPage(valueCount: 2, body: TestFileWriter.plain(int32: [1, 2]))])
            ])
        let failure = error(bytes)
        #expect(failure?.kind == .limitExceeded)
        #expect(
            failure?.message
                == "column i's value count is \(ParquetLimits.chunkValuesMax + 1) values, above the limit of \(ParquetLimits.chunkValuesMax) values"
        )
    }

    @Test func unsupportedEncodingsAreNamed() {
        let schema = [
            TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "i", type: 1, repetition: 0),
        ]
        let bytes = TestFileWriter.file(
            schema: schema, rows: 2,
            columns: [
                TestColumn(
                    path: ["i"], type: 1, valueCount: 2,
                    pages: [TestPage(valueCount: 2, encoding: 5, body: [0, 0, 0, 0])])
            ])
        let failure = error(bytes)
        #expect(failure?.kind == .unsupported)
        #expect(failure?.message.contains("DELTABINARYPACKED") == true, "\(String(describing: failure))")
    }

    @Test func schemasNestedDeeperThanTheLimitAreRefused() {
        let depth = ParquetLimits.nestingDepthMax + 1
        var schema = [TestSchemaElement(name: "root", children: 1)]
        for level in 0..<depth { schema.append(TestSchemaElement(name: "g\(level)", repetition: 0, children: 1)) }
        schema.append(TestSchemaElement(name: "leaf", type: 1, repetition: 0))
        let bytes = TestFileWriter.file(schema: schema, rows: 0, columns: [])
        let failure = error(bytes)
        #expect(failure?.kind == .limitExceeded)
        #expect(failure?.message.contains("levels") == true)
    }

    @Test func compressedPagesNeedADecompressor() throws {
        let failure = error(try ModelFiles.parquet("mllib-svm"), decompressor: UncompressedOnly())
        #expect(failure?.kind == .unsupported)
        #expect(failure?.message.contains("snappy") == true)
    }

    @Test func runLengthDataThatEndsEarlyFails() throws {
        let runs = TestFileWriter.bitPackedRun([1, 0, 1], width: 1)
        #expect(throws: ParquetError.self) {
            try RLEHybridDecoder.decode(runs[...], bitWidth: 1, count: 9, what: "levels")
        }
        #expect(throws: ParquetError.self) {
            try RLEHybridDecoder.decode([0x02][...], bitWidth: 8, count: 1, what: "levels")
        }
        #expect(throws: ParquetError.self) {
            try RLEHybridDecoder.decode([0x00][...], bitWidth: 1, count: 1, what: "levels")
        }
        #expect(try RLEHybridDecoder.decode(runs[...], bitWidth: 1, count: 3, what: "levels") == [1, 0, 1])
        #expect(
            try RLEHybridDecoder.decode(
                TestFileWriter.repeatedRun(300, count: 5, width: 9)[...], bitWidth: 9, count: 5, what: "levels") == [
                    300, 300, 300, 300, 300,
                ])
    }

    @Test func countsAndSizesNearInt64MaxAreRefusedWithoutOverflow() {
        let schema = [TestSchemaElement(name: "root", children: 1), TestSchemaElement(name: "i", type: 1, repetition: 0)]
        let column = TestColumn(path: ["i"], type: 1, valueCount: 2, pages: [TestPage(valueCount: 2, body: TestFileWriter.plain(int32: [1, 2]))])
        let rows = error(TestFileWriter.file(schema: schema, rows: 2, columns: [column], groupRows: Int64.max))
        #expect(rows?.message == "the row groups hold more rows than the file's 2")
        let size = error(TestFileWriter.file(schema: schema, rows: 2, columns: [column], chunkBytes: Int64.max))
        #expect(size?.kind == .corrupt)
        #expect(size?.message.contains("spans \(Int64.max) bytes, past the data's end") == true, "\(String(describing: size))")
    }
}
