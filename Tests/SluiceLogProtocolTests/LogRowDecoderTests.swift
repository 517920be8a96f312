import SluiceCore
import SluiceLogProtocol
import Testing

/// `LogRowDecoder` on encoded `LogGroupList`s: each column filled by its field, one row per log,
/// malformed values NULL and counted.
@Suite struct LogRowDecoderTests {
    /// A `LogGroupList` of `groups`, as a PullLogs answer's body.
    func list(_ groups: [LogGroup]) -> [UInt8] {
        var list: [UInt8] = []
        for group in groups { LogGroupCodec.appendListEntry(LogGroupCodec.encode(group), to: &list) }
        return list
    }

    func log(_ time: UInt32, _ pairs: [(String, String)]) -> LogRecord {
        LogRecord(time: time, contents: pairs.map { LogContent(key: $0.0, value: $0.1) })
    }

    func decoder(_ columns: [(DataType, LogRowMapping.Field)], expectedGroups: Int = 0) -> LogRowDecoder {
        LogRowDecoder(
            mapping: LogRowMapping(types: columns.map(\.0), fields: columns.map(\.1)), shard: 3, project: "lr-demo",
            store: "samples", utcOffsetSeconds: 0, expectedGroups: expectedGroups, textBytes: 1024)
    }

    func strings(_ column: ColumnVector) -> [String?] {
        guard case .string(let strings) = column.storage else { return [] }
        return (0..<strings.count).map { column.isNull($0) ? nil : strings[$0] }
    }

    func integers(_ column: ColumnVector) -> [Int64?] {
        guard case .int64(let values) = column.storage else { return [] }
        return values.indices.map { column.isNull($0) ? nil : values[$0] }
    }

    @Test func fillsEachColumnFromItsFieldOverSeveralAnswers() throws {
        var decoder = decoder([
            (.string, .key(Array("label".utf8))), (.timestamp, .time), (.bigint, .key(Array("count".utf8))),
            (.string, .key(Array("missing".utf8))), (.string, .topic), (.string, .source),
            (.string, .tag("__generator__")), (.string, .tag("absent")), (.string, .project), (.string, .store),
            (.int, .shard), (.string, .sequenceNumber),
        ], expectedGroups: 3)
        let first = list([
            LogGroup(
                logs: [log(1_700_000_000, [("label", "1"), ("count", "7")]), log(1_700_000_001, [("count", "-2")])],
                topic: "demo", source: "10.0.0.1",
                tags: [LogTag(key: "__generator__", value: "old"), LogTag(key: "__generator__", value: "sluice")]),
            LogGroup(logs: [log(1_700_000_002, [("label", "0"), ("label", "second"), ("other", "x")])]),
        ])
        let second = list([LogGroup(logs: [log(5, [("count", "9"), ("label", "")])], topic: "t2")])
        #expect(try decoder.append(list: first, firstGroupCursor: 40) == 2)
        #expect(try decoder.append(list: second, firstGroupCursor: 42) == 1)
        #expect(decoder.rowCount == 4)
        #expect(decoder.groupCount == 3)
        #expect(decoder.malformedRecords == 0)
        let batch = decoder.finish()
        #expect(batch.rowCount == 4)
        #expect(batch.columns.map(\.type) == [.string, .timestamp, .bigint, .string, .string, .string, .string, .string, .string, .string, .int, .string])
        #expect(strings(batch.columns[0]) == ["1", nil, "0", ""])  // the first of a repeated key
        #expect(integers(batch.columns[1]) == [1_700_000_000_000_000, 1_700_000_001_000_000, 1_700_000_002_000_000, 5_000_000])
        #expect(integers(batch.columns[2]) == [7, -2, nil, 9])
        #expect(strings(batch.columns[3]) == [nil, nil, nil, nil])
        #expect(strings(batch.columns[4]) == ["demo", "demo", "", "t2"])  // an absent topic is empty
        #expect(strings(batch.columns[5]) == ["10.0.0.1", "10.0.0.1", "", ""])
        #expect(strings(batch.columns[6]) == ["sluice", "sluice", nil, nil])  // the last tag of a key
        #expect(strings(batch.columns[7]) == [nil, nil, nil, nil])
        #expect(strings(batch.columns[8]) == ["lr-demo", "lr-demo", "lr-demo", "lr-demo"])
        #expect(strings(batch.columns[9]) == ["samples", "samples", "samples", "samples"])
        #expect(integers(batch.columns[10]) == [3, 3, 3, 3])
        #expect(strings(batch.columns[11]) == ["40-0", "40-1", "41-0", "42-0"])
    }

    @Test func timeAsNumberOrTextAndSequenceNumberAsText() throws {
        var decoder = decoder([(.bigint, .time), (.string, .time), (.int, .time), (.string, .sequenceNumber)])
        try decoder.append(list: list([LogGroup(logs: [log(0, []), log(4_294_967_295, [])])]), firstGroupCursor: 9_223_372_036_854_775_807)
        let batch = decoder.finish()
        #expect(integers(batch.columns[0]) == [0, 4_294_967_295])
        #expect(strings(batch.columns[1]) == ["0", "4294967295"])
        // Beyond `int`'s range: NULL, and the log is malformed.
        #expect(integers(batch.columns[2]) == [0, nil])
        #expect(strings(batch.columns[3]) == ["9223372036854775807-0", "9223372036854775807-1"])
        #expect(decoder.malformedRecords == 1)
    }

    @Test func aValueThatDoesNotConvertIsNullAndItsLogCounted() throws {
        var decoder = decoder([(.string, .key(Array("label".utf8))), (.double, .key(Array("score".utf8))), (.timestamp, .key(Array("at".utf8)))])
        try decoder.append(
            list: list([
                LogGroup(logs: [
                    log(1, [("label", "a"), ("score", "0.5"), ("at", "2024-01-01 00:00:00")]),
                    log(2, [("label", "b"), ("score", "high"), ("at", "2024-01-01")]),
                    log(3, [("label", "c"), ("score", "1e3"), ("at", "yesterday")]),
                    log(4, [("label", "d"), ("score", "")]),
                ])
            ]), firstGroupCursor: 0)
        #expect(decoder.malformedRecords == 2)
        let batch = decoder.finish()
        #expect(batch.rowCount == 4)
        #expect(strings(batch.columns[0]) == ["a", "b", "c", "d"])
        guard case .double(let scores) = batch.columns[1].storage else {
            Issue.record("score is not a double column")
            return
        }
        #expect(scores.indices.map { batch.columns[1].isNull($0) ? nil : scores[$0] } == [0.5, nil, 1000, nil])
        #expect(integers(batch.columns[2]) == [1_704_067_200_000_000, 1_704_067_200_000_000, nil, nil])
    }

    @Test func aConstantThatDoesNotConvertMakesEveryLogOfItsGroupMalformed() throws {
        var decoder = decoder([(.string, .key(Array("label".utf8))), (.bigint, .tag("size")), (.bigint, .topic)])
        try decoder.append(
            list: list([
                LogGroup(logs: [log(1, [("label", "a")]), log(2, [("label", "b")])], topic: "7", tags: [LogTag(key: "size", value: "big")]),
                LogGroup(logs: [log(3, [("label", "c")])], topic: "8", tags: [LogTag(key: "size", value: "12")]),
            ]), firstGroupCursor: 0)
        #expect(decoder.malformedRecords == 2)
        let batch = decoder.finish()
        #expect(integers(batch.columns[1]) == [nil, nil, 12])
        #expect(integers(batch.columns[2]) == [7, 7, 8])
    }

    @Test func emptyAnswersAndEmptyGroupsMakeNoRows() throws {
        var decoder = decoder([(.string, .key(Array("label".utf8))), (.string, .topic), (.bigint, .shard)])
        #expect(try decoder.append(list: [], firstGroupCursor: 0) == 0)
        #expect(try decoder.append(list: list([LogGroup(topic: "empty"), LogGroup()]), firstGroupCursor: 0) == 2)
        #expect(decoder.rowCount == 0)
        #expect(decoder.malformedRecords == 0)
        let batch = decoder.finish()
        #expect(batch.rowCount == 0)
        #expect(batch.columns.count == 3)
        #expect(batch.columns.allSatisfy { $0.count == 0 })
    }

    @Test func noColumnsStillCountsRows() throws {
        var decoder = decoder([])
        try decoder.append(list: list([LogGroup(logs: [log(1, []), log(2, [("k", "v")])])]), firstGroupCursor: 0)
        let batch = decoder.finish()
        #expect(batch.rowCount == 2)
        #expect(batch.columns.isEmpty)
    }

    @Test func aDamagedListIsAProtocolError() throws {
        var decoder = decoder([(.string, .key(Array("label".utf8)))])
        var bytes = list([LogGroup(logs: [log(1, [("label", "a")])]), LogGroup(logs: [log(2, [("label", "b")])])])
        bytes.removeLast(3)
        #expect(throws: LogProtocolError.self) { try decoder.append(list: bytes, firstGroupCursor: 0) }
        // A field of the wrong wire type where the groups are.
        var wrongType = decoder
        #expect(throws: LogProtocolError.self) { try wrongType.append(list: [0x08, 0x01], firstGroupCursor: 0) }
    }
}
