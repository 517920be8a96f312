import SluiceLogProtocol
import SluiceTestSupport
import Testing

@Suite struct LogGroupCodecTests {
    @Test func tinyGroupMatchesHandEncodedBytes() throws {
        let group = LogGroup(logs: [LogRecord(time: 1, contents: [LogContent(key: "a", value: "b")])])
        // Log = 08 01 | 12 06 (0A 01 61 12 01 62); LogGroup = 0A 0A <Log>.
        let expected: [UInt8] = [0x0A, 0x0A, 0x08, 0x01, 0x12, 0x06, 0x0A, 0x01, 0x61, 0x12, 0x01, 0x62]
        #expect(LogGroupCodec.encode(group) == expected)
        #expect(LogGroupCodec.encodedSize(group) == expected.count)
        #expect(try LogGroupCodec.decode(expected) == group)
    }

    @Test func headerFieldsAndNanosMatchHandEncodedBytes() throws {
        let group = LogGroup(
            logs: [LogRecord(time: 300, contents: [], timeNanos: 5)], topic: "t", source: "s",
            tags: [LogTag(key: "k", value: "v")], machineUUID: "m")
        let expected: [UInt8] = [
            0x0A, 0x08, 0x08, 0xAC, 0x02, 0x25, 0x05, 0x00, 0x00, 0x00,  // Logs: Time 300, Time_ns 5
            0x1A, 0x01, 0x74,  // Topic "t"
            0x22, 0x01, 0x73,  // Source "s"
            0x2A, 0x01, 0x6D,  // MachineUUID "m"
            0x32, 0x06, 0x0A, 0x01, 0x6B, 0x12, 0x01, 0x76,  // LogTags {k, v}
        ]
        #expect(LogGroupCodec.encode(group) == expected)
        #expect(try LogGroupCodec.decode(expected) == group)
    }

    @Test func randomGroupsRoundTrip() throws {
        var random = SplitMix64(state: 2024)
        for _ in 0..<300 {
            let group = RandomLogGroups.group(&random)
            let bytes = LogGroupCodec.encode(group)
            #expect(bytes.count == LogGroupCodec.encodedSize(group))
            #expect(try LogGroupCodec.decode(bytes) == group)
        }
    }

    @Test func presenceOfEmptyOptionalStringsSurvives() throws {
        let group = LogGroup(logs: [], topic: "", source: nil, tags: [], reserved: "", machineUUID: nil)
        let decoded = try LogGroupCodec.decode(LogGroupCodec.encode(group))
        #expect(decoded.topic == "")
        #expect(decoded.reserved == "")
        #expect(decoded.source == nil)
        #expect(decoded.machineUUID == nil)
    }

    @Test func everyStrictPrefixFailsOrIsAnEarlierFieldBoundary() {
        var random = SplitMix64(state: 77)
        for _ in 0..<20 {
            let group = RandomLogGroups.group(&random)
            let bytes = LogGroupCodec.encode(group)
            for cut in 0..<bytes.count {
                let prefix = Array(bytes[0..<cut])
                let decoded = try? LogGroupCodec.decode(prefix)
                let visitFailed = throwsProtocolError {
                    try prefix.withUnsafeBytes { buffer in
                        try LogGroupCodec.forEachLog(in: buffer) { _, _ in }
                    }
                }
                // The visitor accepts exactly what decode accepts.
                #expect(visitFailed == (decoded == nil), "cut \(cut) of \(bytes)")
                guard let decoded else { continue }
                // A prefix that decodes ends at a top-level field boundary: it re-encodes to
                // itself and lacks at least one field of the original.
                #expect(decoded != group, "cut \(cut) of \(bytes)")
                #expect(LogGroupCodec.encode(decoded) == prefix, "cut \(cut) of \(bytes)")
            }
        }
    }

    @Test func unknownFieldsAreSkippedAtEveryLevel() throws {
        var content: [UInt8] = []
        ProtobufWire.appendString("a", field: 1, to: &content)
        ProtobufWire.appendLengthPrefix(field: 3, length: 0, to: &content)  // unknown, empty
        ProtobufWire.appendString("b", field: 2, to: &content)

        var log: [UInt8] = []
        ProtobufWire.appendTag(field: 3, wireType: .varint, to: &log)  // the unused Log field 3
        ProtobufWire.appendVarint(5, to: &log)
        ProtobufWire.appendTag(field: 1, wireType: .varint, to: &log)
        ProtobufWire.appendVarint(1, to: &log)
        ProtobufWire.appendLengthPrefix(field: 2, length: content.count, to: &log)
        log += content

        var group: [UInt8] = []
        ProtobufWire.appendTag(field: 7, wireType: .varint, to: &group)
        ProtobufWire.appendVarint(150, to: &group)
        ProtobufWire.appendTag(field: 8, wireType: .fixed64, to: &group)
        group += [0, 1, 2, 3, 4, 5, 6, 7]
        ProtobufWire.appendLengthPrefix(field: 1, length: log.count, to: &group)
        group += log
        ProtobufWire.appendTag(field: 9, wireType: .fixed32, to: &group)
        group += [0, 1, 2, 3]
        ProtobufWire.appendLengthPrefix(field: 10, length: 2, to: &group)
        group += [0xFF, 0xFE]
        ProtobufWire.appendTag(field: 1000, wireType: .varint, to: &group)
        ProtobufWire.appendVarint(1, to: &group)

        let expected = LogGroup(logs: [LogRecord(time: 1, contents: [LogContent(key: "a", value: "b")])])
        #expect(try LogGroupCodec.decode(group) == expected)
        let count = try group.withUnsafeBytes { try LogGroupCodec.logCount($0) }
        #expect(count == 1)
    }

    @Test func groupsAndBadWireTypesAreRejected() {
        let inputs: [[UInt8]] = [
            [0x3B],  // field 7, start group
            [0x3C],  // field 7, end group
            [0x3B, 0x3C],  // an empty group
            [0x3E, 0x00],  // wire type 6
            [0x0B],  // Logs as a start group
            [0x18, 0x01],  // Topic as a varint
            [0x0A, 0x04, 0x08, 0x01, 0x1B, 0x1C],  // an unknown group inside a Log
            [0x0A, 0x03, 0x0A, 0x01, 0x61],  // Log.Time as a string
            [0x0A, 0x06, 0x08, 0x01, 0x21, 0x00, 0x00, 0x00],  // Time_ns as a (truncated) fixed64
        ]
        for input in inputs {
            let failed = throwsProtocolError { try LogGroupCodec.decode(input) }
            #expect(failed, "\(input)")
        }
    }

    @Test func missingRequiredFieldsAreRejected() {
        let inputs: [[UInt8]] = [
            [0x0A, 0x00],  // a Log without Time
            [0x0A, 0x02, 0x12, 0x00],  // a Log with an empty Content and no Time
            [0x0A, 0x07, 0x08, 0x01, 0x12, 0x03, 0x0A, 0x01, 0x61],  // Content without Value
            [0x0A, 0x07, 0x08, 0x01, 0x12, 0x03, 0x12, 0x01, 0x62],  // Content without Key
            [0x32, 0x03, 0x12, 0x01, 0x76],  // LogTag without Key
            [0x32, 0x03, 0x0A, 0x01, 0x6B],  // LogTag without Value
            [0x0A, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10],  // Time 2^32
        ]
        for input in inputs {
            let failed = throwsProtocolError { try LogGroupCodec.decode(input) }
            #expect(failed, "\(input)")
        }
    }

    @Test func invalidUTF8DecodesWithReplacement() throws {
        // Log { Time 1, Content { Key FF, Value "b" } }, Topic C3 (a truncated two-byte sequence)
        let bytes: [UInt8] = [
            0x0A, 0x0A, 0x08, 0x01, 0x12, 0x06, 0x0A, 0x01, 0xFF, 0x12, 0x01, 0x62,
            0x1A, 0x02, 0x61, 0xC3,
        ]
        let group = try LogGroupCodec.decode(bytes)
        #expect(group.logs.first?.contents.first?.key == "\u{FFFD}")
        #expect(group.logs.first?.contents.first?.value == "b")
        #expect(group.topic == "a\u{FFFD}")
    }

    @Test func emptyInputIsAnEmptyGroup() throws {
        #expect(try LogGroupCodec.decode([]) == LogGroup())
        #expect(LogGroupCodec.encode(LogGroup()) == [])
    }
}
