import SluiceLogProtocol
import SluiceTestSupport
import Testing

@Suite struct ProtobufWireTests {
    @Test func varintsHaveTheirKnownEncodings() {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
            (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
            (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ]
        for (value, expected) in cases {
            var out: [UInt8] = []
            ProtobufWire.appendVarint(value, to: &out)
            #expect(out == expected, "varint \(value)")
            #expect(ProtobufWire.varintSize(value) == expected.count, "size of \(value)")
        }
    }

    @Test func varintsRoundTrip() throws {
        var random = SplitMix64(state: 11)
        var out: [UInt8] = []
        var values: [UInt64] = []
        for _ in 0..<500 {
            // Spread over all lengths: shift a random value right by 0...63 bits.
            let bits = random.next()
            let value = bits >> UInt64.random(in: 0...63, using: &random)
            values.append(value)
            ProtobufWire.appendVarint(value, to: &out)
        }
        let decoded: [UInt64] = try out.withUnsafeBytes { buffer in
            var reader = ProtobufReader(buffer)
            var result: [UInt64] = []
            while !reader.isAtEnd {
                result.append(try reader.readVarint())
            }
            return result
        }
        #expect(decoded == values)
    }

    @Test func malformedVarintsAreRejected() {
        let inputs: [[UInt8]] = [
            [],  // nothing to read
            [0x80],  // truncated
            [0xFF, 0xFF],  // truncated
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],  // above 2^64 - 1
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // eleven bytes
            [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],  // eleven bytes, value 0
        ]
        for input in inputs {
            let failed = input.withUnsafeBytes { buffer in
                throwsProtocolError {
                    var reader = ProtobufReader(buffer)
                    return try reader.readVarint()
                }
            }
            #expect(failed, "\(input)")
        }
    }

    @Test func fixedWidthValuesAreLittleEndian() throws {
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C]
        let (fixed32, fixed64): (UInt32, UInt64) = try bytes.withUnsafeBytes { buffer in
            var reader = ProtobufReader(buffer)
            let first = try reader.readFixed32()
            let second = try reader.readFixed64()
            #expect(reader.isAtEnd)
            return (first, second)
        }
        #expect(fixed32 == 0x0403_0201)
        #expect(fixed64 == 0x0C0B_0A09_0807_0605)
        var out: [UInt8] = []
        ProtobufWire.appendFixed32(0x0403_0201, to: &out)
        #expect(out == [0x01, 0x02, 0x03, 0x04])

        let short: [UInt8] = [0x01, 0x02, 0x03]
        let failed = short.withUnsafeBytes { buffer in
            throwsProtocolError {
                var reader = ProtobufReader(buffer)
                return try reader.readFixed32()
            }
        }
        #expect(failed)
    }

    @Test func lengthsPastTheEndAreRejected() {
        // Length 5 with only one byte behind it; and a length that fits the buffer but not the
        // enclosing message range.
        let bytes: [UInt8] = [0x05, 0x01, 0x02, 0x03, 0x04, 0x05]
        let pastBuffer = bytes.withUnsafeBytes { buffer in
            throwsProtocolError {
                var reader = ProtobufReader(buffer, range: 0..<2)
                return try reader.readLengthDelimited()
            }
        }
        #expect(pastBuffer)
        let fits = bytes.withUnsafeBytes { buffer in
            throwsProtocolError {
                var reader = ProtobufReader(buffer)
                return try reader.readLengthDelimited()
            }
        }
        #expect(!fits)
    }

    @Test func tagsAreSplitAndChecked() throws {
        var out: [UInt8] = []
        ProtobufWire.appendTag(field: 1000, wireType: .fixed32, to: &out)
        let tag = try out.withUnsafeBytes { buffer in
            var reader = ProtobufReader(buffer)
            return try reader.readTag()
        }
        #expect(tag == ProtobufTag(field: 1000, wireType: .fixed32))

        let invalid: [[UInt8]] = [[0x00], [0x07], [0x0E], [0x0F]]  // field 0 (twice); field 1 with wire type 6, 7
        for input in invalid {
            let failed = input.withUnsafeBytes { buffer in
                throwsProtocolError {
                    var reader = ProtobufReader(buffer)
                    return try reader.readTag()
                }
            }
            #expect(failed, "\(input)")
        }
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var out: [UInt8] = []
        ProtobufWire.appendTag(field: 20, wireType: .varint, to: &out)
        ProtobufWire.appendVarint(UInt64.max, to: &out)
        ProtobufWire.appendTag(field: 21, wireType: .fixed64, to: &out)
        out += [1, 2, 3, 4, 5, 6, 7, 8]
        ProtobufWire.appendLengthPrefix(field: 22, length: 3, to: &out)
        out += [9, 9, 9]
        ProtobufWire.appendTag(field: 23, wireType: .fixed32, to: &out)
        out += [1, 2, 3, 4]
        ProtobufWire.appendString("end", field: 1, to: &out)
        let last = try out.withUnsafeBytes { buffer in
            var reader = ProtobufReader(buffer)
            var tag = try reader.readTag()
            while tag.field != 1 {
                try reader.skipField(tag)
                tag = try reader.readTag()
            }
            let range = try reader.readLengthDelimited()
            #expect(reader.isAtEnd)
            return Array(buffer[range])
        }
        #expect(last == Array("end".utf8))

        for wireType in [ProtobufWire.WireType.startGroup, .endGroup] {
            var group: [UInt8] = []
            ProtobufWire.appendTag(field: 7, wireType: wireType, to: &group)
            let failed = group.withUnsafeBytes { buffer in
                throwsProtocolError {
                    var reader = ProtobufReader(buffer)
                    let tag = try reader.readTag()
                    try reader.skipField(tag)
                }
            }
            #expect(failed, "wire type \(wireType)")
        }
    }
}
