import Foundation
import SluicePlan
import SluiceRuntime
import Testing

/// The record runner catches wrong expectations: each kind passes with the right result and fails
/// with a wrong one, through the real session and engine.
@Suite struct SQLRecordRunnerTests {
    /// The verdicts of `text`'s records, run in order in one fresh session.
    func failures(_ text: String) throws -> [String?] {
        let runner = SQLRecordRunner(session: Session(store: InMemoryCatalogStore()), fixtures: SQLCaseTests.fixtures)
        return try SQLRecordParser.parse(text, file: "t.test").map { try runner.check($0).failure }
    }

    static let setup = """
        statement ok
        CREATE TABLE sales (id int, region string, qty bigint, price double)
          USING json OPTIONS (path='${fixtures}/sales.json')
        """

    @Test func statementsPassAndFailAsTheyShould() throws {
        let results = try failures(
            Self.setup + """


                statement ok
                SELECT nosuch FROM sales

                statement error column 'nosuch' not found
                SELECT nosuch FROM sales

                statement error table or view
                SELECT nosuch FROM sales

                statement error .
                SHOW TABLES

                statement ok
                SHOW TABLES

                statement warning is not loaded
                CREATE FUNCTION f AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF' USING JAR '/u.jar'

                statement error exact
                SELECT 'a
                ----
                case:1:8: error: unterminated string literal: ' has no closing '
                SELECT 'a
                       ^

                statement error exact
                SELECT 'a
                ----
                case:1:9: error: unterminated string literal: ' has no closing '
                """)
        #expect(results[0] == nil)
        #expect(results[1]?.hasPrefix("unexpected error:") == true, "\(results[1] ?? "passed")")
        #expect(results[2] == nil)
        #expect(results[3]?.hasPrefix("the error does not match /table or view/") == true)
        #expect(results[4]?.hasPrefix("expected an error") == true)
        #expect(results[5]?.hasPrefix("unexpected rows (use query)") == true)
        #expect(results[6] == nil)
        #expect(results[7] == nil)
        #expect(results[8]?.hasPrefix("expected:") == true)
    }

    @Test func queriesCompareValuesAndColumnTypes() throws {
        let results = try failures(
            Self.setup + """


                query IR
                SELECT count(*), sum(qty * price) FROM sales
                ----
                10\t61.65

                query IR
                SELECT count(*), sum(qty * price) FROM sales
                ----
                10\t61.7

                query RR
                SELECT count(*), sum(qty * price) FROM sales
                ----
                10\t61.65

                query II
                SELECT id, qty FROM sales WHERE id IN (5, 6) ORDER BY id
                ----
                6\t4
                5\tNULL

                query II rowsort
                SELECT id, qty FROM sales WHERE id IN (5, 6) ORDER BY id
                ----
                6\t4
                5\tNULL
                """)
        #expect(results[1] == nil)
        #expect(results[2]?.hasPrefix("row 1 column 2 (R): expected '61.7', got '61.650000000000006'") == true)
        #expect(results[3] == "column 1 is bigint, not a real (R)")
        #expect(results[4]?.hasPrefix("row 1 column 1 (I): expected '6', got '5'") == true)
        #expect(results[5] == nil)
    }

    @Test func streamsCompareEpochsAndLateRows() throws {
        let stream = """
            stream append TI
            source events (t timestamp)
            SELECT window.start, count(*) AS n FROM events WHERE delay(t) < '5 seconds'
            GROUP BY TUMBLING(t, interval 10 seconds)
            ----
            batch 0
            {"t": "2024-01-01 00:00:01"}
            {"t": "2024-01-01 00:00:12"}
            batch 1
            {"t": "2024-01-01 00:00:02"}
            {"t": "2024-01-01 00:00:30"}
            """
        let results = try failures(
            [
                stream + "\nepoch 0\nepoch 1 late 1\n2024-01-01 00:00:00\t1\n2024-01-01 00:00:10\t1",
                stream + "\nepoch 0\nepoch 1 late 0\n2024-01-01 00:00:00\t1\n2024-01-01 00:00:10\t1",
                stream + "\nepoch 0\nepoch 1\n2024-01-01 00:00:00\t2\n2024-01-01 00:00:10\t1",
                stream + "\nepoch 0\n2024-01-01 00:00:00\t1",
            ].joined(separator: "\n\n"))
        #expect(results[0] == nil, "\(results[0] ?? "")")
        #expect(
            results[1]?.hasPrefix("epoch 1 (line ") == true
                && results[1]?.contains("expected 0 late rows dropped, got 1") == true)
        #expect(results[2]?.contains("row 1 column 2 (I): expected '2', got '1'") == true)
        #expect(results[3]?.hasPrefix("expected epochs [0], the sink wrote [0, 1]") == true)
    }
}
