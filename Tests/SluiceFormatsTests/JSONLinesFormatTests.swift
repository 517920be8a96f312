import SluiceCore
import SluiceFormats
import Testing

@Suite struct JSONLinesFormatTests {
    /// 2019-04-03 02:57:23 UTC.
    let instant: Int64 = 1_554_260_243_000_000

    @Test func readsEveryColumnType() {
        let schema = [
            column("b", .boolean), column("t", .tinyint), column("s", .smallint), column("i", .int),
            column("l", .bigint), column("f", .float), column("d", .double),
            column("m", .decimal(precision: 10, scale: 2)),
            column("str", .string), column("ts", .timestamp), column("dt", .date), column("bin", .binary),
        ]
        let text = """
            {"b": true, "t": -128, "s": 32767, "i": -2147483648, "l": 9223372036854775807, "f": 1.5, "d": -2.5e-3, \
            "m": 12.345, "str": "x", "ts": "2019-04-03 02:57:23", "dt": "2019-04-03", "bin": "aGk="}
            {"B": false, "T": 127, "M": "7.5", "D": "-Infinity"}
            {}
            """
        let result = scanJSON(text, schema)
        #expect(result.malformedRecords == 0)
        #expect(result.firstMalformed == nil)
        let columns = result.batch.columns
        #expect(result.batch.rowCount == 3)
        #expect(columns[0].booleanValues == [true, false, nil])
        #expect(columns[1].int64Values == [-128, 127, nil])
        #expect(columns[2].int64Values == [32767, nil, nil])
        #expect(columns[3].int64Values == [-2_147_483_648, nil, nil])
        #expect(columns[4].int64Values == [Int64.max, nil, nil])
        #expect(columns[5].doubleValues == [1.5, nil, nil])
        #expect(columns[6].doubleValues == [-0.0025, -Double.infinity, nil])
        #expect(columns[7].doubleValues == [12.35, 7.5, nil])
        #expect(columns[8].stringValues == ["x", nil, nil])
        #expect(columns[9].int64Values == [instant, nil, nil])
        #expect(columns[10].int64Values == [17989, nil, nil])
        #expect(columns[11].stringValues == ["hi", nil, nil])
        #expect(columns.map(\.type) == schema.map(\.type))
    }

    /// Binary columns take padded base64 only, as Jackson's default variant does for Spark.
    @Test func binaryNeedsPaddedBase64() {
        let result = scanJSON("{\"bin\": \"aGk=\"}\n{\"bin\": \"aGk\"}\n{\"bin\": \"aA\"}", [column("bin", .binary)])
        #expect(result.batch.columns[0].stringValues == ["hi", nil, nil])
        #expect(result.malformedRecords == 2)
    }

    /// Timestamps and dates are read as the casts read them (`CivilTime.parseTimestamp`).
    @Test func timestampsTakeTheCastsForms() {
        let text = """
            {"ts": "2019-4-3 2:57:23", "dt": " 2019-04-03T23:30:00-05:00 "}
            {"ts": "2019-04-03 02:57:23.1234567", "dt": "2019-04-03Z"}
            """
        let result = scanJSON(text, [column("ts", .timestamp), column("dt", .date)])
        #expect(result.batch.columns[0].int64Values == [instant, instant + 123_456])
        #expect(result.batch.columns[1].int64Values == [17989, nil])
    }

    @Test func decodesEscapesAndUnicode() {
        let text = #"""
            {"s": "q\"b\\s\/n\nt\tu\u00e9\ud83d\ude00 \u4E2D\b\f\r"}
            {"s": "naïve 日本 😀"}
            {"s": "\ud800x\udc00"}
            {'s': 'it\'s "quoted"'}
            {"\u0053": "escaped key"}
            {"s": ""}
            """#
        let result = scanJSON(text, [column("s", .string)])
        #expect(result.malformedRecords == 0)
        #expect(
            result.batch.columns[0].stringValues == [
                "q\"b\\s/n\nt\tu\u{E9}\u{1F600} \u{4E2D}\u{8}\u{C}\r",
                "naïve 日本 😀",
                "\u{FFFD}x\u{FFFD}",
                "it's \"quoted\"",
                "escaped key",
                "",
            ])
    }

    @Test func skipsUnknownKeysWithNestedValues() {
        let text = """
            {"x": {"y": [1, 2, {"z": "}]"}], "w": null}, "a": 1, "arr": [[], {}, [true, false, null, -1.5e3]], "c": "ok"}
            {"c": {"k": [1, 2]}, "a": 2, "deep": [[[[{"q": "\\"]"}]]]]}
            """
        let result = scanJSON(text, [column("a", .int), column("c", .string)])
        #expect(result.malformedRecords == 0)
        #expect(result.batch.columns[0].int64Values == [1, 2])
        #expect(result.batch.columns[1].stringValues == ["ok", #"{"k": [1, 2]}"#])
    }

    @Test func missingKeysAndNullsAreNull() {
        let text = """
            {"a": null, "c": null}
            {"c": "only c"}
            {"a": 3}
            """
        let result = scanJSON(text, [column("a", .int), column("c", .string)])
        #expect(result.malformedRecords == 0)
        #expect(result.batch.columns[0].int64Values == [nil, nil, 3])
        #expect(result.batch.columns[1].stringValues == [nil, "only c", nil])
        #expect(result.batch.columns[0].nulls == [true, true, false])
    }

    @Test func numbersAndBooleansIntoStringColumnsKeepTheirText() {
        let text = """
            {"c": 42}
            {"c": -1.5e3}
            {"c": true}
            {"c": false}
            {"c": NaN}
            """
        let result = scanJSON(text, [column("c", .string)])
        #expect(result.malformedRecords == 0)
        #expect(result.batch.columns[0].stringValues == ["42", "-1.5e3", "true", "false", "NaN"])
    }

    @Test func keysMatchIgnoringCaseAndTheLastDuplicateWins() {
        let text = """
            {"üNIT": "v", "Id": 1, "ID": 2}
            """
        let result = scanJSON(text, [column("Ünit", .string), column("id", .bigint)])
        #expect(result.batch.columns[0].stringValues == ["v"])
        #expect(result.batch.columns[1].int64Values == [2])
    }

    @Test func timestampsInEveryFormAndAsEpochSeconds() {
        let text = """
            {"ts": "2019-04-03 02:57:23"}
            {"ts": "2019-04-03T02:57:23"}
            {"ts": "2019-04-03T02:57:23Z"}
            {"ts": "2019-04-03T10:57:23+08:00"}
            {"ts": "2019-04-03T10:57:23+0800"}
            {"ts": "2019-04-02 21:57:23-05:00"}
            {"ts": "2019-04-03 02:57:23.5"}
            {"ts": "2019-04-03 02:57:23.123456"}
            {"ts": "2019-04-03"}
            {"ts": 1554260243}
            {"ts": 1554260243.25}
            {"ts": -0.5}
            """
        let expected: [Int64?] = [
            instant, instant, instant, instant, instant, instant, instant + 500_000, instant + 123_456,
            1_554_249_600_000_000, instant, instant + 250_000, -500_000,
        ]
        let result = scanJSON(text, [column("ts", .timestamp)])
        #expect(result.malformedRecords == 0)
        #expect(result.batch.columns[0].int64Values == expected)
    }

    @Test func textWithoutOffsetIsInTheSessionZone() {
        let text = """
            {"ts": "2019-04-03 10:57:23", "d": "2019-04-03"}
            {"ts": "2019-04-03T02:57:23Z"}
            {"ts": 1554260243}
            """
        let result = scanJSON(text, [column("ts", .timestamp), column("d", .date)], utcOffsetSeconds: 8 * 3600)
        #expect(result.batch.columns[0].int64Values == [instant, instant, instant])
        #expect(result.batch.columns[1].int64Values == [17989, nil, nil])
    }

    @Test func malformedLinesAreDroppedAndCountedWithTheirLineNumber() {
        let lines = [
            "{\"a\": 1}",  // 1
            "",  // 2: blank
            "{\"a\": 2,}",  // 3: trailing comma
            "{\"a\" 3}",  // 4: no colon
            "[1, 2]",  // 5: not an object
            "{\"a\": 4} x",  // 6: text after the object
            "{\"a\": 01}",  // 7: leading zero
            "   \t \r",  // 8: blank
            "{\"a\": 5}\r",  // 9
            "{\"a\": \"unterminated}",  // 10
            "{\"a\": \"tab\tinside\"}",  // 11: raw control character
            "{\"a\": \"\\x\"}",  // 12: invalid escape
            "{\"a\": 6",  // 13: unterminated object, no final line break
        ]
        let text = lines.joined(separator: "\n")
        let result = scanJSON(text, [column("a", .int)])
        #expect(result.batch.columns[0].int64Values == [1, 5])
        #expect(result.malformedRecords == 9)
        #expect(result.firstMalformed == "line 3: expected a quoted key")
    }

    @Test func aRecordNeverSpansALineBreak() {
        // Each record is parsed up to the line break it finds itself: a record cut by a line
        // break is two malformed lines, not one record, and the lines after it keep their numbers.
        let text = "{\"a\": \"cut\n here\"}\n{\"a\":\n 7}\n{\"a\": 8}\r\n  \n{\"a\": 9}"
        let result = scanJSON(text, [column("a", .int)])
        #expect(result.batch.columns[0].int64Values == [8, 9])
        #expect(result.malformedRecords == 4)
        #expect(result.firstMalformed == "line 1: unterminated string")
        #expect(
            scanJSON("{\"a\": 1}\n{\"a\":\n2}", [column("a", .int)]).firstMalformed == "line 2: expected a value")
    }

    @Test func keysInChangingOrderAndCaseFindTheirColumns() {
        // Keys are remembered by their place in the record before; a different key at that place
        // must still be looked up.
        let text = """
            {"a": 1, "b": "x", "zz": 0}
            {"a": 2, "b": "y", "zz": 0}
            {"b": "z", "a": 3}
            {"B": "w", "zz": 5, "A": 4}
            {"ab": 9, "a": 5, "b": "v"}
            {"a": 6, "b": "u", "zz": 0}
            """
        let result = scanJSON(text, [column("a", .int), column("b", .string)])
        #expect(result.malformedRecords == 0)
        #expect(result.batch.columns[0].int64Values == [1, 2, 3, 4, 5, 6])
        #expect(result.batch.columns[1].stringValues == ["x", "y", "z", "w", "v", "u"])
    }

    @Test func firstMalformedNamesTheReason() {
        #expect(
            scanJSON("{\"a\": 1}\n{\"a\" 3}", [column("a", .int)]).firstMalformed == "line 2: expected ':' after key")
        #expect(
            scanJSON("\n\n[1]", [column("a", .int)]).firstMalformed == "line 3: expected '{' at the start of a record")
        #expect(
            scanJSON("{\"a\": 1} {}", [column("a", .int)]).firstMalformed == "line 1: unexpected text after the object")
    }

    @Test func unconvertibleValuesAreNullAndCountedOncePerRecord() {
        let text = """
            {"a": 1, "t": 1, "b": true}
            {"a": "x", "t": 128, "b": 1}
            {"a": 1.5, "t": -1}
            {"a": true, "b": "true"}
            {"a": [1], "t": {"v": 1}}
            {"a": 2, "t": 2, "b": false}
            """
        let result = scanJSON(text, [column("a", .int), column("t", .tinyint), column("b", .boolean)])
        #expect(result.batch.rowCount == 6)
        #expect(result.batch.columns[0].int64Values == [1, nil, nil, nil, nil, 2])
        #expect(result.batch.columns[1].int64Values == [1, nil, -1, nil, nil, 2])
        #expect(result.batch.columns[2].booleanValues == [true, nil, nil, nil, nil, false])
        #expect(result.malformedRecords == 4)
        #expect(result.firstMalformed == "line 2: value \"x\" of column a does not convert to int")
    }

    @Test func specialNumbersIntoDoubleColumns() {
        let text = """
            {"d": NaN}
            {"d": "Infinity"}
            {"d": -Infinity}
            {"d": "+INF"}
            {"d": "1.5"}
            """
        let result = scanJSON(text, [column("d", .double)])
        let values = result.batch.columns[0].doubleValues
        #expect(values.count == 5)
        #expect(values.first??.isNaN == true)
        #expect(Array(values.dropFirst()) == [Double.infinity, -Double.infinity, Double.infinity, nil])
        #expect(result.malformedRecords == 1)
    }

    @Test func linesBeyondTheLimitsAreCounted() {
        let long: String = String(repeating: " ", count: JSONLinesFormat.lineBytesMax) + "{}"
        let result = scanJSON("{\"a\": 1}\n" + long + "\n{\"a\": 2}", [column("a", .int)])
        #expect(result.batch.columns[0].int64Values == [1, 2])
        #expect(result.malformedRecords == 1)
        #expect(result.firstMalformed == "line 2: longer than \(JSONLinesFormat.lineBytesMax) bytes")

        func arrays(nestedTo levels: Int) -> String {
            let opening = String(repeating: "[", count: levels)
            let closing = String(repeating: "]", count: levels)
            return "{\"x\": \(opening)\(closing)}"
        }
        // The record is level 1, so its deepest array may be at level nestingDepthMax.
        let nested = arrays(nestedTo: JSONLinesFormat.nestingDepthMax - 1)
        let tooDeep = arrays(nestedTo: JSONLinesFormat.nestingDepthMax)
        let deepResult = scanJSON(nested + "\n" + tooDeep, [column("x", .string)])
        #expect(deepResult.batch.rowCount == 1)
        #expect(deepResult.firstMalformed == "line 2: values nested too deeply")
    }

    @Test func emptyInputAndEmptySchema() {
        let empty = scanJSON("", [column("a", .int)])
        #expect(empty.batch.rowCount == 0)
        #expect(empty.batch.columns[0].count == 0)
        let noColumns = scanJSON("{\"a\": 1}\n{}\n", [])
        #expect(noColumns.batch.rowCount == 2)
        #expect(noColumns.batch.columns.isEmpty)
    }
}
