import SluiceCore
import SluiceLogProtocol
import Testing

/// `LogRowDecoder.append(adopting:firstGroupCursor:)`: the longest string column of the first
/// answer keeps its values in the answer's own bytes, and every batch equals what copying gives.
@Suite struct LogRowDecoderInPlaceTests {
    let helpers = LogRowDecoderTests()

    func key(_ name: String) -> LogRowMapping.Field { .key(Array(name.utf8)) }

    /// Decodes `answers` both ways and checks that the batches are equal.
    func expectSameBatches(_ columns: [(DataType, LogRowMapping.Field)], _ answers: [[UInt8]]) throws -> RecordBatch {
        var copying = helpers.decoder(columns)
        var placing = helpers.decoder(columns)
        var cursor: Int64 = 0
        for answer in answers {
            let found = try copying.append(list: answer, firstGroupCursor: cursor)
            var taken = answer
            #expect(try placing.append(adopting: &taken, firstGroupCursor: cursor) == found)
            cursor += Int64(found)
        }
        #expect(placing.rowCount == copying.rowCount)
        #expect(placing.malformedRecords == copying.malformedRecords)
        let expected = copying.finish()
        let batch = placing.finish()
        #expect(batch == expected)
        return batch
    }

    @Test func placedValuesEqualCopiedOnesWhateverTheKeyOrder() throws {
        let features = String(repeating: "12:0.5 ", count: 40)
        let answer = helpers.list([
            LogGroup(
                logs: [
                    helpers.log(1, [("label", "1"), ("features", features)]),
                    helpers.log(2, [("features", "1:2"), ("label", "0")]),
                    helpers.log(3, [("label", "1")]),  // no features: NULL
                    helpers.log(4, [("features", ""), ("features", "second"), ("label", "")]),
                    helpers.log(5, [("other", "x"), ("features", features + "9:1"), ("label", "0")]),
                ], topic: "t", tags: [LogTag(key: "__receive_time__", value: "17")]),
            LogGroup(logs: [helpers.log(6, [("features", "3:4"), ("label", "1")])], source: "10.0.0.2"),
        ])
        let batch = try expectSameBatches(
            [(.string, key("label")), (.string, key("features")), (.timestamp, .time), (.string, .topic),
             (.string, .tag("__receive_time__")), (.string, .sequenceNumber)], [answer])
        #expect(helpers.strings(batch.columns[1]) == [features, "1:2", nil, "", features + "9:1", "3:4"])
        #expect(helpers.strings(batch.columns[0]) == ["1", "0", "1", "", "0", "1"])
    }

    @Test func onlyTheFirstAnswerIsKeptLaterOnesAreCopied() throws {
        let long = String(repeating: "abc", count: 100)
        let answers = (0..<3).map { index in
            helpers.list([LogGroup(logs: (0..<4).map { helpers.log(UInt32($0), [("features", "\(index)-\($0)-" + long), ("label", "\($0 % 2)")]) })])
        }
        let batch = try expectSameBatches([(.string, key("features")), (.string, key("label"))], answers)
        #expect(batch.rowCount == 12)
        #expect(helpers.strings(batch.columns[0])[5] == "1-1-" + long)
    }

    @Test func aKeyOfTwoColumnsIsCopiedForBoth() throws {
        let answer = helpers.list([LogGroup(logs: [
            helpers.log(1, [("features", String(repeating: "x", count: 50)), ("label", "1")]),
            helpers.log(2, [("features", String(repeating: "y", count: 60)), ("label", "0")]),
        ])])
        let batch = try expectSameBatches(
            [(.string, key("features")), (.string, key("label")), (.string, key("features"))], [answer])
        #expect(batch.columns[0] == batch.columns[2])
    }

    @Test func numbersAndEmptyAnswersAreDecodedAsByCopying() throws {
        let answer = helpers.list([LogGroup(logs: [
            helpers.log(1, [("n", "12"), ("s", "text"), ("bad", "x")]), helpers.log(2, [("n", "x"), ("s", "more text")]),
        ])])
        _ = try expectSameBatches([(.bigint, key("n")), (.string, key("s")), (.int, key("bad"))], [[], answer, []])
        _ = try expectSameBatches([(.bigint, key("n"))], [answer])
        _ = try expectSameBatches([(.string, key("s"))], [helpers.list([LogGroup(), LogGroup(topic: "only")])])
    }

    @Test func theAnswerIsTakenAndAMalformedOneStillThrows() throws {
        var placing = helpers.decoder([(.string, key("s"))])
        var answer = helpers.list([LogGroup(logs: [helpers.log(1, [("s", "value")])])])
        #expect(try placing.append(adopting: &answer, firstGroupCursor: 0) == 1)
        #expect(answer.isEmpty)
        // The first group decodes in place, the second's framing is cut.
        var broken = helpers.list([
            LogGroup(logs: [helpers.log(1, [("s", "value")])]), LogGroup(logs: [helpers.log(2, [("s", "v2")])]),
        ])
        broken.removeLast(3)
        var fresh = helpers.decoder([(.string, key("s"))])
        #expect(throws: LogProtocolError.self) { try fresh.append(adopting: &broken, firstGroupCursor: 0) }
        #expect(fresh.rowCount == 1)
        #expect(helpers.strings(fresh.finish().columns[0]) == ["value"])
    }
}
