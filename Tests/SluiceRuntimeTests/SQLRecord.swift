/// One record of a case file (`Cases/*.test`), in the style of sqllogictest: a header line
/// saying what to check, the SQL, and for some kinds a `----` line and the expected result.
/// `docs/testing.md` describes the format.
struct SQLRecord: Equatable {
    /// What a record checks.
    enum Kind: Equatable {
        /// `statement ok`: the SQL succeeds and prints no rows and no warnings.
        case statementOK
        /// `statement error <regex>`: the SQL fails and the regex is found in the error as printed
        /// (location, message, source line and caret); an empty regex accepts any error.
        case statementError(pattern: String)
        /// `statement warning <regex>`: the SQL succeeds, prints no rows, and every warning it
        /// prints contains a match of the regex (there is at least one).
        case statementWarning(pattern: String)
        /// `statement ok exact` / `statement error exact`: the output as `sluice sql` prints it
        /// (rows, warnings, the error with its caret), compared line by line; `(empty)` is an empty line.
        case exact(failing: Bool, lines: [String])
        /// `query <types> [rowsort]`: the SQL succeeds, prints no warnings, and its rows equal `rows`
        /// value by value as `types` say.
        case query(types: [ResultType], order: RowOrder, rows: [[String]])
        /// `stream <mode> <types> [rowsort]`: batches in, the sink's rows out per epoch.
        case stream(StreamRecord)
    }

    var kind: Kind
    /// The `#` lines just before the record.
    var comments: [String]
    /// The record's `@define name=value` lines, for `${name}` in its SQL.
    var defines: [String: String]
    var sql: String
    /// The line of the record's header, 1-based.
    var line: Int
}

/// How a result column is compared (sqllogictest's type letters).
enum ResultType: Character, Equatable {
    /// `I`: an integer, compared as a 64-bit integer; a query's column must be integral.
    case integer = "I"
    /// `R`: a real, compared with a relative tolerance (`ResultComparison.realTolerance`); NaN equals
    /// NaN; a query's column must be float, double or decimal.
    case real = "R"
    /// `T`: any value, compared as printed.
    case text = "T"
}

/// Whether rows are compared in the order printed or sorted first.
enum RowOrder: Equatable {
    /// The order printed (the query's `ORDER BY`, or an order the engine guarantees).
    case asPrinted
    /// Both sides sorted by their printed text first (`rowsort`).
    case sorted
}

/// A `stream` record: a directory source fed one JSON-lines file per epoch, a query over it,
/// and the rows its sink writes in each epoch.
struct StreamRecord: Equatable {
    /// An `epoch <n> [late <k>]` block.
    struct Epoch: Equatable {
        var number: Int
        /// Late rows the epoch drops, when the block says.
        var lateRows: Int?
        var rows: [[String]]
        var line: Int
    }

    /// `update`, `append` or `complete`.
    var mode: String
    var types: [ResultType]
    var order: RowOrder
    /// The source table's name (`source <name> (<columns>)`).
    var table: String
    /// The source table's column list, as written between the parentheses.
    var columns: String
    /// The JSON lines of each `batch <n>` block, by batch number.
    var batches: [[String]]
    var epochs: [Epoch]
}

/// A malformed case file: the file's name, the line and what is wrong.
struct SQLRecordError: Error, CustomStringConvertible, Equatable {
    var file: String
    var line: Int
    var message: String

    var description: String { "\(file):\(line): \(message)" }
}
