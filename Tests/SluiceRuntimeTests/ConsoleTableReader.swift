/// Reads what the console sink prints per epoch (`Batch: N`, then Spark's `show()` table) back
/// into rows of values: cells trimmed, `null` as `NULL`, an empty cell as `(empty)`.
enum ConsoleTableReader {
    /// One epoch as printed.
    struct Epoch: Equatable {
        var number: Int
        var rows: [[String]]
    }

    /// The epochs in `lines`, in the order printed.
    /// - Throws: `SQLRecordError` (line 0 of `console`) when a table line comes before a `Batch:` header.
    static func epochs(_ lines: [String]) throws(SQLRecordError) -> [Epoch] {
        var epochs: [Epoch] = []
        var sawHeader = false
        for line in lines {
            if line.hasPrefix("Batch: "), let number = Int(line.dropFirst("Batch: ".count)) {
                epochs.append(Epoch(number: number, rows: []))
                sawHeader = false
                continue
            }
            guard line.hasPrefix("|"), line.hasSuffix("|"), line.count >= 2 else { continue }
            guard !epochs.isEmpty else {
                throw SQLRecordError(file: "console", line: 0, message: "a table row before any 'Batch:' line: \(line)")
            }
            if !sawHeader {
                sawHeader = true
                continue
            }
            let cells = line.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false).map {
                cell in
                let value = SQLRecordParser.trimmed(String(cell))
                return value == "null" ? "NULL" : ResultComparison.normalized(value)
            }
            epochs[epochs.count - 1].rows.append(cells)
        }
        return epochs
    }
}
