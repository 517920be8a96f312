import Foundation
import SluicePlan
import SluiceRuntime
import SluiceSQL

/// Runs a `stream` record through the engine: each batch is written as one JSON-lines file into
/// a directory, a json table over it reads one file per epoch (`maxFilesPerTrigger` 1, trigger
/// available-now), and the query writes to a console sink whose tables are read back per epoch.
/// Each stream runs in a session of its own over a fresh catalog.
struct StreamRecordRunner {
    /// The console sink's name in the stream's session.
    static let sinkTable = "stream_sink"
    /// The query's name, for its output mode setting.
    static let queryName = "stream_case"
    /// Rows the console sink prints per epoch before it cuts the table short.
    static let printedRowsMax = 100_000

    let fixtures: URL

    /// Runs the stream and compares its epochs with the record's.
    func check(_ stream: StreamRecord, sql: String, defines: [String: String]) throws -> SQLRecordRunner.Verdict {
        let (failure, printed) = try run(stream, sql: sql, defines: defines)
        guard let printed else { return SQLRecordRunner.Verdict(failure: failure) }
        let batches = stream.batches.enumerated().flatMap { ["batch \($0.offset)"] + $0.element }
        return SQLRecordRunner.Verdict(failure: failure, result: batches + printed.components(separatedBy: "\n"))
    }

    /// Why the stream's epochs differ from what the record expects (or nil), and its epochs as a
    /// record would write them (nil when it did not run).
    private func run(_ stream: StreamRecord, sql: String, defines: [String: String]) throws -> (String?, String?) {
        let input = try SluiceBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        for (index, lines) in stream.batches.enumerated() {
            let text = lines.map { $0 + "\n" }.joined()
            try text.write(
                to: input.appendingPathComponent(String(format: "part-%05d.json", index)), atomically: true,
                encoding: .utf8)
        }
        let session = Session(store: InMemoryCatalogStore())
        let runner = SQLRecordRunner(session: session, fixtures: fixtures)
        let setup = """
            CREATE TABLE \(stream.table) (\(stream.columns)) USING json OPTIONS (path '\(input.path)', maxFilesPerTrigger '1');
            CREATE TABLE \(Self.sinkTable) USING console OPTIONS (numRows '\(Self.printedRowsMax)', truncate 'false');
            SET streaming.query.name=\(Self.queryName);
            SET spark.sql.streaming.query.outputMode.\(Self.queryName)=\(stream.mode)
            """
        if let error = runner.run(setup, variables: [:]).error { return ("the stream's setup failed:\n\(error)", nil) }
        if let columns = runner.columnTypes(sql, variables: defines),
            let problem = ResultComparison.typeMismatch(stream.types, columns: columns)
        {
            return (problem, nil)
        }
        let output = runner.run("INSERT INTO \(Self.sinkTable)\n\(sql)", variables: defines)
        if let error = output.error { return ("unexpected error:\n\(error)", nil) }
        let printed = try ConsoleTableReader.epochs(output.rows)
        let late = Self.lateRows(output.warnings)
        let rendered = Self.render(printed, late: late)
        let got = "--- got:\n" + rendered
        guard printed.map(\.number) == stream.epochs.map(\.number) else {
            return (
                "expected epochs \(stream.epochs.map(\.number)), the sink wrote \(printed.map(\.number))\n\(got)",
                rendered
            )
        }
        for (want, epoch) in zip(stream.epochs, printed) {
            if let problem = ResultComparison.mismatch(
                expected: want.rows, actual: epoch.rows, types: stream.types, order: stream.order)
            {
                return ("epoch \(want.number) (line \(want.line)): \(problem)\n\(got)", rendered)
            }
            if let rows = want.lateRows, rows != late[want.number, default: 0] {
                let problem = "expected \(rows) late rows dropped, got \(late[want.number, default: 0])"
                return ("epoch \(want.number) (line \(want.line)): \(problem)\n\(got)", rendered)
            }
        }
        return (nil, rendered)
    }

    /// Late rows dropped per epoch, from the progress lines (`query q epoch 1: …, 2 late rows dropped`).
    static func lateRows(_ progress: [String]) -> [Int: Int] {
        var late: [Int: Int] = [:]
        let pattern = /query \S+ epoch (\d+):.*?(\d+) late rows dropped/
        for line in progress {
            if let match = line.firstMatch(of: pattern), let epoch = Int(match.1), let rows = Int(match.2) {
                late[epoch] = rows
            }
        }
        return late
    }

    /// The epochs as a record would write them, for failure messages.
    static func render(_ epochs: [ConsoleTableReader.Epoch], late: [Int: Int]) -> String {
        epochs.map { epoch in
            let rows = late[epoch.number, default: 0]
            let header = rows > 0 ? "epoch \(epoch.number) late \(rows)" : "epoch \(epoch.number)"
            return ([header] + epoch.rows.map { $0.joined(separator: "\t") }).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
