import Testing

/// The case-file reader on its own: each record kind, and malformed files rejected with their line.
@Suite struct SQLRecordParserTests {
    func parse(_ text: String) throws -> [SQLRecord] {
        try SQLRecordParser.parse(text, file: "t.test")
    }

    func error(_ text: String) -> SQLRecordError? {
        do {
            _ = try SQLRecordParser.parse(text, file: "t.test")
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEachKindWithCommentsDefinesAndLines() throws {
        let records = try parse(
            """
            # setup
            statement ok
            CREATE TABLE t (a int)
              USING json OPTIONS (path '/t')

            # an unknown column
            statement error column 'x' not found
            SELECT x FROM t

            statement warning is not loaded
            @define jar=oss://b/u.jar
            CREATE FUNCTION f AS 'C' USING JAR '${jar}'

            query ITR rowsort
            SELECT a, 'x', 1.5D FROM t
            ----
            1\t(empty)\t1.5
            NULL\tb\tNaN

            statement error exact
            SELECT 'a
            ----
            case:1:8: error: unterminated string literal
            (empty)
            """)
        #expect(records.map(\.line) == [2, 7, 10, 14, 20])
        #expect(records[0].kind == .statementOK)
        #expect(records[0].comments == ["# setup"])
        #expect(records[0].sql == "CREATE TABLE t (a int)\n  USING json OPTIONS (path '/t')")
        #expect(records[1].kind == .statementError(pattern: "column 'x' not found"))
        #expect(records[1].comments == ["# an unknown column"])
        #expect(records[2].kind == .statementWarning(pattern: "is not loaded"))
        #expect(records[2].defines == ["jar": "oss://b/u.jar"])
        #expect(records[2].sql == "CREATE FUNCTION f AS 'C' USING JAR '${jar}'")
        #expect(
            records[3].kind
                == .query(
                    types: [.integer, .text, .real], order: .sorted,
                    rows: [["1", "(empty)", "1.5"], ["NULL", "b", "NaN"]]))
        #expect(records[4].kind == .exact(failing: true, lines: ["case:1:8: error: unterminated string literal", ""]))
    }

    @Test func haltEndsTheFileAndAQueryMayHaveNoRows() throws {
        let records = try parse("query T\nSHOW TABLES\n----\n\nhalt\n\nstatement ok\nnot read")
        #expect(records.count == 1)
        #expect(records[0].kind == .query(types: [.text], order: .asPrinted, rows: []))
    }

    @Test func readsAStreamRecord() throws {
        let records = try parse(
            """
            stream append TIR rowsort
            source events (t timestamp, v double)
            SELECT window.start, count(*), avg(v) FROM events
            WHERE delay(t) < '5 seconds' GROUP BY TUMBLING(t, interval 10 seconds)
            ----
            batch 0
            {"t": 1, "v": 2}
            epoch 0
            batch 1
            {"t": 30, "v": 4}
            {"t": 2, "v": 4}
            epoch 1 late 1
            1970-01-01 00:00:00\t1\t2.0
            """)
        guard case .stream(let stream) = records.first?.kind else {
            Issue.record("not a stream: \(records)")
            return
        }
        #expect(
            records[0].sql
                == "SELECT window.start, count(*), avg(v) FROM events\nWHERE delay(t) < '5 seconds' GROUP BY TUMBLING(t, interval 10 seconds)"
        )
        #expect(stream.mode == "append")
        #expect(stream.types == [.text, .integer, .real])
        #expect(stream.order == .sorted)
        #expect(stream.table == "events")
        #expect(stream.columns == "t timestamp, v double")
        #expect(stream.batches == [[#"{"t": 1, "v": 2}"#], [#"{"t": 30, "v": 4}"#, #"{"t": 2, "v": 4}"#]])
        #expect(
            stream.epochs == [
                StreamRecord.Epoch(number: 0, lateRows: nil, rows: [], line: 8),
                StreamRecord.Epoch(number: 1, lateRows: 1, rows: [["1970-01-01 00:00:00", "1", "2.0"]], line: 12),
            ])
    }

    @Test(arguments: [
        ("statement ok\nSELECT 1\n\nquerry I\nSELECT 1", 4, "unknown record 'querry I'"),
        ("statement ok\nSELECT 1\n----\n1", 3, "has no expected output"),
        ("statement maybe\nSELECT 1", 1, "unknown record 'statement maybe'"),
        ("\n\nstatement error (unclosed\nSELECT 1", 3, "not a valid regular expression"),
        ("statement ok\n@define novalue\n", 1, "has no SQL"),
        ("statement ok\n@define =x\nSELECT 1", 2, "@define needs name=value"),
        ("query\nSELECT 1\n----\n1", 1, "needs its column types"),
        ("query IX\nSELECT 1\n----\n1", 1, "unknown column type 'X'"),
        ("query I sorted\nSELECT 1\n----\n1", 1, "only rowsort may follow"),
        ("query I\nSELECT 1\n1", 1, "needs a ---- line"),
        ("query IT\nSELECT 1, 2\n----\n1\t2\n3", 5, "row has 1 values, the record declares 2 (IT)"),
        ("statement error exact\nSELECT 'a", 1, "needs a ---- line"),
        ("stream upsert I\nsource s (a int)\nSELECT a FROM s\n----\nbatch 0\nepoch 0", 1, "an output mode"),
        ("stream update I\nSELECT a FROM s\n----\nbatch 0\nepoch 0", 2, "source <table> (<columns>)"),
        ("stream update I\nsource s (a int)\nSELECT a FROM s\n----\nbatch 1\nepoch 0", 5, "expected 'batch 0'"),
        ("stream update I\nsource s (a int)\nSELECT a FROM s\n----\nbatch 0\nepoch 1\nepoch 1", 7, "n above 1"),
        (
            "stream update I\nsource s (a int)\nSELECT a FROM s\n----\nbatch 0\nepoch 0 late x", 6,
            "'epoch <n> late <k>'"
        ),
        ("stream update I\nsource s (a int)\nSELECT a FROM s\n----\n{\"a\": 1}", 5, "expected 'batch 0' after ----"),
        ("stream update I\nsource s (a int)\nSELECT a FROM s\n----\nbatch 0\n{}\nepoch 0\n1\t2", 8, "row has 2 values"),
        ("stream update I\nsource s (a int)\nSELECT a FROM s\n----\nbatch 0", 1, "at least one batch and one epoch"),
    ])
    func malformedFilesNameTheLine(_ text: String, line: Int, message: String) {
        let failure = error(text)
        #expect(failure?.line == line, "\(String(describing: failure))")
        #expect(failure?.message.contains(message) == true, "\(String(describing: failure))")
        #expect(failure?.description.hasPrefix("t.test:\(line): ") == true)
    }
}
