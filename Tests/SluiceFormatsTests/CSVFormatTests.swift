import SluiceCore
import SluiceFormats
import Testing

@Suite struct CSVFormatTests {
    @Test func headerMapsFieldsToColumnsByName() {
        let text = """
            Name,ID,unused,Score
            alice,1,x,1.5
            "bob, jr",2,y,-2
            """
        let schema = [
            column("id", .int), column("name", .string), column("score", .double), column("missing", .string),
        ]
        let result = scanCSV(text, schema, header: true)
        #expect(result.malformedRecords == 0)
        #expect(result.batch.rowCount == 2)
        #expect(result.batch.columns[0].int64Values == [1, 2])
        #expect(result.batch.columns[1].stringValues == ["alice", "bob, jr"])
        #expect(result.batch.columns[2].doubleValues == [1.5, -2])
        #expect(result.batch.columns[3].stringValues == [nil, nil])
    }

    @Test func headerFieldsCountAndTheFirstOfDuplicateNamesWins() {
        let text = "a,A,b\n1,2,3\n4,5\n"
        let result = scanCSV(text, [column("a", .int), column("b", .int)], header: true)
        #expect(result.batch.columns[0].int64Values == [1])
        #expect(result.batch.columns[1].int64Values == [3])
        #expect(result.malformedRecords == 1)
        #expect(result.firstMalformed == "line 3: expected 3 fields, found 2")
    }

    @Test func quotedFieldsHoldSeparatorsNewlinesAndDoubledQuotes() {
        let text = #"""
            1,"a,b",2.5
            2,"line1
            line2",3
            3,"say ""hi""",4
            4,,5
            5,"",6
            6,"""",7
            """#
        let result = scanCSV(text, [column("id", .int), column("text", .string), column("n", .double)], header: false)
        #expect(result.malformedRecords == 0)
        #expect(result.batch.columns[0].int64Values == [1, 2, 3, 4, 5, 6])
        #expect(result.batch.columns[1].stringValues == ["a,b", "line1\nline2", "say \"hi\"", nil, "", "\""])
        #expect(result.batch.columns[2].doubleValues == [2.5, 3, 4, 5, 6, 7])
    }

    @Test func wrongFieldCountsAreDroppedAndBadValuesAreNull() {
        let text = #"""
            1,a,1.0
            2,b
            3,c,3.0,extra
            x,d,4.0
            "5",e,abc
            """#
        let result = scanCSV(text, [column("id", .int), column("text", .string), column("n", .double)], header: false)
        #expect(result.batch.columns[0].int64Values == [1, nil, 5])
        #expect(result.batch.columns[1].stringValues == ["a", "d", "e"])
        #expect(result.batch.columns[2].doubleValues == [1.0, 4.0, nil])
        #expect(result.malformedRecords == 4)
        #expect(result.firstMalformed == "line 2: expected 3 fields, found 2")
    }

    @Test func lineNumbersCountLinesInsideQuotes() {
        let text = "1,\"two\nlines\"\n2\n"
        let result = scanCSV(text, [column("a", .int), column("b", .string)], header: false)
        #expect(result.batch.columns[1].stringValues == ["two\nlines"])
        #expect(result.firstMalformed == "line 3: expected 2 fields, found 1")
    }

    @Test func crlfNullValueAndOtherSeparators() {
        let text = "1;NA;2019-04-03 02:57:23\r\n2;\"NA\";2019-04-03\r\n\r\n3;x;bad\r\n4;;2019-04-03T02:57:23Z"
        let schema = [column("id", .int), column("s", .string), column("ts", .timestamp)]
        let result = scanCSV(text, schema, header: false, separator: UInt8(ascii: ";"), nullValue: "NA")
        #expect(result.batch.columns[0].int64Values == [1, 2, 3, 4])
        #expect(result.batch.columns[1].stringValues == [nil, "NA", "x", ""])
        #expect(
            result.batch.columns[2].int64Values == [
                1_554_260_243_000_000, 1_554_249_600_000_000, nil, 1_554_260_243_000_000,
            ])
        #expect(result.malformedRecords == 1)
        #expect(result.firstMalformed == "line 4: value \"bad\" of column ts does not convert to timestamp")
    }

    @Test func emptyFieldsOfNonStringColumnsAreNullWithoutCounting() {
        let text = "1,,\n,\"\",x\n"
        let result = scanCSV(text, [column("a", .int), column("b", .double), column("c", .string)], header: false)
        #expect(result.batch.columns[0].int64Values == [1, nil])
        #expect(result.batch.columns[1].doubleValues == [nil, nil])
        #expect(result.batch.columns[2].stringValues == [nil, "x"])
        #expect(result.malformedRecords == 0)
    }

    @Test func unterminatedQuotesAndStrayCharactersAreMalformed() {
        let stray = scanCSV(
            "1,\"a\"b,3\n2,c,4\n", [column("a", .int), column("b", .string), column("c", .int)], header: false)
        #expect(stray.batch.columns[0].int64Values == [2])
        #expect(stray.malformedRecords == 1)
        #expect(stray.firstMalformed == "line 1: unexpected character after a closing quote")

        let unterminated = scanCSV("1,x\n2,\"abc\n3,y\n", [column("a", .int), column("b", .string)], header: false)
        #expect(unterminated.batch.columns[0].int64Values == [1])
        #expect(unterminated.malformedRecords == 1)
        #expect(unterminated.firstMalformed == "line 2: unterminated quoted field")
    }

    @Test func booleansDecimalsAndDates() {
        let text = "TRUE,1.005,2000-03-01\nfalse,999.995,1969-12-31\nyes,1,2019-02-29\n"
        let schema = [column("b", .boolean), column("m", .decimal(precision: 5, scale: 2)), column("d", .date)]
        let result = scanCSV(text, schema, header: false)
        #expect(result.batch.columns[0].booleanValues == [true, false, nil])
        #expect(result.batch.columns[1].doubleValues == [1.01, nil, 1])
        #expect(result.batch.columns[2].int64Values == [11017, -1, nil])
        #expect(result.malformedRecords == 2)
        #expect(result.firstMalformed == "line 2: value \"999.995\" of column m does not convert to decimal(5,2)")
    }

    @Test func quotingIsOffWhenTheQuoteIsTheSeparator() {
        let text = "a\"b\t\"c\"\n"
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes {
            CSVFormat.scan(
                $0, schema: [column("x", .string), column("y", .string)], header: false,
                separator: UInt8(ascii: "\t"), quote: UInt8(ascii: "\t"))
        }
        #expect(result.batch.columns[0].stringValues == ["a\"b"])
        #expect(result.batch.columns[1].stringValues == ["\"c\""])
    }

    @Test func headerOnlyAndEmptyInput() {
        let headerOnly = scanCSV("a,b\r\n", [column("a", .int)], header: true)
        #expect(headerOnly.batch.rowCount == 0)
        #expect(headerOnly.malformedRecords == 0)
        let empty = scanCSV("", [column("a", .int)], header: false)
        #expect(empty.batch.rowCount == 0)
        #expect(empty.batch.columns.count == 1)
    }
}
