import Testing

@testable import SluiceCore

/// `ByteWriter` and `ByteReader`, the one pair every binary codec uses, and the binary form of
/// `Codable` values built on them.
@Suite struct BytesTests {
    @Test func primitivesRoundTripWithTheirLayout() throws {
        var writer = ByteWriter()
        writer.u8(7)
        writer.u16(0x0102)
        writer.i32(-2)
        writer.i64(0x0102_0304_0506_0708)
        writer.f64(1.5)
        writer.bool(true)
        writer.varint(300)
        writer.string("é")
        writer.blob([9, 8])
        writer.i64s([1, -1])
        writer.bools([true, false])
        #expect(
            writer.bytes == [
                7, 2, 1, 0xFE, 0xFF, 0xFF, 0xFF, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 1, 0xAC, 0x02,
                2, 0xC3, 0xA9, 2, 9, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0,
            ])
        var reader = ByteReader(writer.bytes)
        #expect(try reader.u8("a") == 7)
        #expect(try reader.u16("b") == 0x0102)
        #expect(try reader.i32("c") == -2)
        #expect(try reader.i64("d") == 0x0102_0304_0506_0708)
        #expect(try reader.f64("e") == 1.5)
        #expect(try reader.bool("f"))
        #expect(try reader.varint("g") == 300)
        #expect(try reader.string("h") == "é")
        #expect(try reader.blob("i") == [9, 8])
        #expect(try reader.i64s(2, "j") == [1, -1])
        #expect(try reader.bools(2, "k") == [true, false])
        try reader.finish("the test")
    }

    @Test func badBytesNameTheFieldAndOffset() {
        func error(_ bytes: [UInt8], _ read: (inout ByteReader) throws -> Void) -> String {
            var reader = ByteReader(bytes)
            do {
                try read(&reader)
                return ""
            } catch {
                return (error as? ByteFormatError)?.message ?? "not a ByteFormatError: \(error)"
            }
        }
        #expect(error([1, 2]) { _ = try $0.i32("width") }.contains("width needs 4 bytes at offset 0, 2 left"))
        #expect(error([0x80, 0x00]) { _ = try $0.varint("v") }.contains("shortest"))
        #expect(error([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]) { _ = try $0.varint("v") }.contains("overflows"))
        #expect(error([5, 0x61]) { _ = try $0.string("name") }.contains("exceeds"))
        #expect(error([1, 0xFF]) { _ = try $0.string("name") }.contains("UTF-8"))
        #expect(error([0, 2]) { _ = try $0.bools(2, "flags") }.contains("not a boolean"))
        #expect(error([3, 1, 2]) { _ = try $0.i64s(3, "xs") }.contains("truncated"))
        #expect(error([1, 2]) { _ = try $0.u8("x"); try $0.finish("y") }.contains("1 trailing bytes after y"))
    }

    struct Sample: Codable, Equatable {
        enum Shape: Codable, Equatable {
            case point
            case circle(radius: Double)
            indirect case pair(Shape, Shape)
        }

        var name: String
        var count: Int32
        var big: UInt64
        var tags: [String: Int]
        var shapes: [Shape]
        var optional: Int?
        var absent: String?
        var value: Value
        var type: DataType
    }

    @Test func codableValuesRoundTripInBinary() throws {
        let sample = Sample(
            name: "é", count: -3, big: .max, tags: ["b": 2, "a": 1],
            shapes: [.point, .circle(radius: 2.5), .pair(.point, .pair(.circle(radius: -0.0), .point))], optional: 7,
            absent: nil, value: .composite([.decimal("1.50", precision: 3, scale: 2), .null, .timestamp(-1)]),
            type: .struct([StructField(name: "window", type: .window), StructField(name: "m", type: .map(.string, .array(.date)))]))
        let bytes = try BinaryEncoder.encode(sample)
        #expect(try BinaryDecoder.decode(Sample.self, from: bytes) == sample)
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(Sample.self, from: bytes + [0]) }
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(Sample.self, from: Array(bytes.dropLast())) }
        // A node of the wrong kind is a decoding error, not a crash.
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(Int8.self, from: BinaryEncoder.encode(300)) }
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(Sample.self, from: BinaryEncoder.encode([1, 2])) }
    }

    @Test func columnsAndBatchesRoundTrip() throws {
        let batch = RecordBatch(
            columns: [
                ColumnVector(type: .timestamp, storage: .int64([1, -2, 3]), nulls: [false, true, false]),
                ColumnVector(type: .string, storage: .string(StringStorage(["a", "", "é😀"]))),
                ColumnVector(type: .double, storage: .double([0.5, -0.0, .infinity])),
                ColumnVector(type: .boolean, storage: .boolean([true, false, true])),
                ColumnVector(type: .interval, storage: .values([.interval(Interval(months: 1, microseconds: 2)), .null, .string("x")])),
            ], rowCount: 3)
        var writer = ByteWriter()
        writer.batch(batch)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.batch("batch") == batch)
        try reader.finish("batch")
        // String offsets that point past the bytes are refused.
        var bad = writer.bytes
        let offsets = bad.indices.first { bad[$0...].starts(with: [0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]) }
        if let offsets {
            bad[offsets + 4] = 9
            var badReader = ByteReader(bad)
            #expect(throws: ByteFormatError.self) { try badReader.batch("batch") }
        } else {
            Issue.record("the string offsets were not found in the bytes")
        }
    }
}
