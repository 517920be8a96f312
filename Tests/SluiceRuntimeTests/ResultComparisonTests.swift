import SluiceCore
import Testing

/// Values compared as their type letters say, and console tables read back into rows.
@Suite struct ResultComparisonTests {
    @Test func integersCompareAsNumbersAndMustBeIntegers() {
        #expect(ResultComparison.equal("10", "10", as: .integer))
        #expect(ResultComparison.equal("-7", "-7", as: .integer))
        #expect(!ResultComparison.equal("10", "10.0", as: .integer))
        #expect(!ResultComparison.equal("10", "11", as: .integer))
        #expect(!ResultComparison.equal("x", "x", as: .integer))
    }

    @Test func realsCompareWithinTheTolerance() {
        #expect(ResultComparison.equal("0.1", "0.10000000000000002", as: .real))
        #expect(ResultComparison.equal("1.554260243E9", "1554260243.0", as: .real))
        #expect(ResultComparison.equal("NaN", "NaN", as: .real))
        #expect(ResultComparison.equal("-Infinity", "-Infinity", as: .real))
        #expect(ResultComparison.equal("0.0", "-0.0", as: .real))
        #expect(!ResultComparison.equal("1.0", "1.0001", as: .real))
        #expect(!ResultComparison.equal("NaN", "0.0", as: .real))
        #expect(!ResultComparison.equal("Infinity", "1e308", as: .real))
        #expect(!ResultComparison.equal("1.0", "one", as: .real))
    }

    @Test func textComparesAsPrintedAndNullEqualsOnlyNull() {
        #expect(ResultComparison.equal("1.50", "1.50", as: .text))
        #expect(!ResultComparison.equal("1.5", "1.50", as: .text))
        #expect(!ResultComparison.equal("NULL", "null", as: .text))
        #expect(!ResultComparison.equal("NULL", "0", as: .integer))
        #expect(ResultComparison.equal("NULL", "NULL", as: .real))
    }

    @Test func rowsCompareInOrderOrSortedWithEmptyAsEmptyMarker() {
        let types: [ResultType] = [.integer, .text]
        let expected = [["1", "a"], ["2", "(empty)"]]
        #expect(
            ResultComparison.mismatch(
                expected: expected, actual: [["1", "a"], ["2", ""]], types: types, order: .asPrinted) == nil)
        let swapped = [["2", ""], ["1", "a"]]
        #expect(
            ResultComparison.mismatch(expected: expected, actual: swapped, types: types, order: .asPrinted)
                == "row 1 column 1 (I): expected '1', got '2'")
        #expect(ResultComparison.mismatch(expected: expected, actual: swapped, types: types, order: .sorted) == nil)
        #expect(
            ResultComparison.mismatch(expected: expected, actual: [["1", "a"]], types: types, order: .asPrinted)
                == "expected 2 rows, got 1")
        #expect(
            ResultComparison.mismatch(
                expected: expected, actual: [["1", "a", "x"], ["2", ""]], types: types, order: .asPrinted)?
                .hasPrefix("a printed row has 3 values") == true)
    }

    @Test func typeLettersMustFitTheColumns() {
        #expect(
            ResultComparison.typeMismatch(
                [.integer, .real, .text], columns: [.bigint, .decimal(precision: 10, scale: 2), .double]) == nil)
        #expect(
            ResultComparison.typeMismatch([.integer], columns: [.double]) == "column 1 is double, not an integer (I)")
        #expect(
            ResultComparison.typeMismatch([.text, .real], columns: [.int, .string])
                == "column 2 is string, not a real (R)")
        #expect(
            ResultComparison.typeMismatch([.text], columns: [.int, .int])
                == "the query has 2 columns, the record declares 1")
    }

    @Test func consoleTablesReadBackPerEpoch() throws {
        let printed = [
            "-------------------------------------------", "Batch: 0", "-------------------------------------------",
            "+---+----+", "|  n|name|", "+---+----+", "|  1|   a|", "|  2|null|", "|  3|    |", "+---+----+", "",
            "-------------------------------------------", "Batch: 1", "-------------------------------------------",
            "+---+----+", "|  n|name|", "+---+----+", "+---+----+", "",
        ]
        #expect(
            try ConsoleTableReader.epochs(printed) == [
                ConsoleTableReader.Epoch(number: 0, rows: [["1", "a"], ["2", "NULL"], ["3", "(empty)"]]),
                ConsoleTableReader.Epoch(number: 1, rows: []),
            ])
        #expect(throws: SQLRecordError.self) { try ConsoleTableReader.epochs(["|a|"]) }
    }

    @Test func lateRowsComeFromProgressLines() {
        let progress = [
            "query q epoch 0: 4 rows in, 2 rows written, 0.001 s, watermark 2019-04-03 00:00:20 UTC",
            "query q epoch 1: 3 rows in, 1 rows written, 0.001 s, 2 late rows dropped, watermark 2019-04-03 00:00:50 UTC",
        ]
        #expect(StreamRecordRunner.lateRows(progress) == [1: 2])
    }
}
