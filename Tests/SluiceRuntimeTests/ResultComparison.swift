import SluiceCore

/// Compares result rows value by value, as a record's types say.
enum ResultComparison {
    /// How far apart two `R` values may be, relative to the larger magnitude.
    static let realTolerance = 1e-9

    /// Why `actual` differs from `expected`, or nil when they match.
    static func mismatch(
        expected: [[String]], actual: [[String]], types: [ResultType], order: RowOrder
    ) -> String? {
        for row in actual where row.count != types.count {
            return
                "a printed row has \(row.count) values, the record declares \(types.count): \(row.joined(separator: "\t"))"
        }
        var expected = expected.map { $0.map(normalized) }
        var actual = actual.map { $0.map(normalized) }
        if order == .sorted {
            expected.sort { $0.joined(separator: "\t") < $1.joined(separator: "\t") }
            actual.sort { $0.joined(separator: "\t") < $1.joined(separator: "\t") }
        }
        if expected.count != actual.count {
            return "expected \(expected.count) rows, got \(actual.count)"
        }
        for (index, (want, got)) in zip(expected, actual).enumerated() {
            for column in types.indices where !equal(want[column], got[column], as: types[column]) {
                return
                    "row \(index + 1) column \(column + 1) (\(types[column].rawValue)): expected '\(want[column])', got '\(got[column])'"
            }
        }
        return nil
    }

    /// The empty string as `(empty)`, so a blank printed value and a written `(empty)` compare equal.
    static func normalized(_ value: String) -> String {
        value.isEmpty ? SQLRecordParser.emptyValue : value
    }

    /// Whether two printed values are equal as `type`: `NULL` equals only `NULL`.
    static func equal(_ expected: String, _ actual: String, as type: ResultType) -> Bool {
        if expected == "NULL" || actual == "NULL" { return expected == actual }
        switch type {
        case .text:
            return expected == actual
        case .integer:
            guard let want = Int64(expected), let got = Int64(actual) else { return false }
            return want == got
        case .real:
            guard let want = real(expected), let got = real(actual) else { return false }
            if want.isNaN || got.isNaN { return want.isNaN && got.isNaN }
            if want.isInfinite || got.isInfinite { return want == got }
            return abs(want - got) <= realTolerance * max(abs(want), abs(got))
        }
    }

    /// A real as Spark prints it: digits, `1.5E9`, `NaN`, `Infinity`, `-Infinity`.
    static func real(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true else { return nil }
            return Double(text)
        }
    }

    /// Why a query's column types do not fit the record's letters, or nil: `I` needs an integral
    /// column, `R` a float, double or decimal one; `T` fits any.
    static func typeMismatch(_ types: [ResultType], columns: [DataType]) -> String? {
        guard types.count == columns.count else {
            return "the query has \(columns.count) columns, the record declares \(types.count)"
        }
        for (index, (letter, column)) in zip(types, columns).enumerated() {
            switch (letter, column) {
            case (.integer, _) where !column.isIntegral, (.real, _) where !isFractional(column):
                return
                    "column \(index + 1) is \(column.sqlName), not \(letter == .integer ? "an integer" : "a real") (\(letter.rawValue))"
            default: continue
            }
        }
        return nil
    }

    static func isFractional(_ type: DataType) -> Bool {
        switch type {
        case .float, .double, .decimal: return true
        default: return false
        }
    }
}
