import SluiceCore
import SluiceExec

/// Spark's console sink: each epoch's rows as a table under a `Batch: N` header; or, for a
/// bounded `SELECT` in `sluice sql`, rows tab-separated as `spark-sql` prints them.
final class ConsoleSink: QuerySink {
    /// How rows are printed.
    enum Style {
        /// Spark's `show()` table per epoch.
        case table(numRows: Int, truncate: Bool)
        /// Tab-separated values, NULL as `NULL`.
        case tabSeparated
    }

    /// Rows shown per epoch unless the table's `numRows` says otherwise (Spark's `show()` default).
    static let rowsShownDefault = 20

    let columns: [Column]
    let style: Style
    let utcOffsetSeconds: Int
    let emit: (String) -> Void

    init(columns: [Column], style: Style, utcOffsetSeconds: Int, emit: @escaping (String) -> Void) {
        self.columns = columns
        self.style = style
        self.utcOffsetSeconds = utcOffsetSeconds
        self.emit = emit
    }

    func text(_ value: Value, _ type: DataType) -> String {
        if style.isTable {
            return value == .null ? "null" : Cast.string(value, from: type, utcOffsetSeconds: utcOffsetSeconds) ?? "null"
        }
        return HiveText.render(value, type: type, utcOffsetSeconds: utcOffsetSeconds)
    }

    func write(queryID: String, epoch: Int, rows: [[Value]]) throws -> Bool {
        switch style {
        case .tabSeparated:
            for row in rows { emit(zip(row, columns).map { text($0, $1.type) }.joined(separator: "\t")) }
        case .table(let numRows, let truncate):
            emit("-------------------------------------------")
            emit("Batch: \(epoch)")
            emit("-------------------------------------------")
            let shown = rows.prefix(numRows).map { row in
                zip(row, columns).map { value, column -> String in
                    let cell = text(value, column.type)
                    return truncate && cell.count > 20 ? String(cell.prefix(17)) + "..." : cell
                }
            }
            let headers = columns.map(\.name)
            let widths = headers.indices.map { index in
                max(headers[index].count, shown.map { $0[index].count }.max() ?? 0)
            }
            let rule = "+" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "+") + "+"
            func line(_ cells: [String]) -> String {
                "|" + cells.enumerated().map { String(repeating: " ", count: widths[$0.offset] - $0.element.count) + $0.element }
                    .joined(separator: "|") + "|"
            }
            emit(rule)
            emit(line(headers))
            emit(rule)
            for row in shown { emit(line(row)) }
            emit(rule)
            if rows.count > numRows { emit("only showing top \(numRows) rows") }
            emit("")
        }
        return true
    }
}

extension ConsoleSink.Style {
    var isTable: Bool {
        if case .table = self { return true }
        return false
    }
}
