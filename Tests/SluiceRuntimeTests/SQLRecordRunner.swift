import Foundation
import SluiceCore
import SluicePlan
import SluiceRuntime
import SluiceSQL

/// Runs records in one session, as `sluice sql` runs a script, and says how each differs from
/// what it expects.
struct SQLRecordRunner {
    /// What a record's SQL printed.
    struct Output {
        var rows: [String] = []
        var warnings: [String] = []
        var error: String?
        /// Every line in the order printed, as `sluice sql` prints them to stdout and stderr.
        var lines: [String] = []
    }

    let session: Session
    /// Data files records read, as `${fixtures}/name`.
    let fixtures: URL

    /// What checking a record found.
    struct Verdict {
        /// Why the record failed, or nil when it passed.
        var failure: String?
        /// The lines after `----` that would make the record pass (`SLUICE_REGENERATE`), for
        /// records with a result.
        var result: [String]?
    }

    /// Runs `record` and compares what it printed with what it expects.
    func check(_ record: SQLRecord) throws -> Verdict {
        if case .stream(let stream) = record.kind {
            return try StreamRecordRunner(fixtures: fixtures).check(stream, sql: record.sql, defines: variables(record))
        }
        let output = run(record.sql, variables: variables(record))
        switch record.kind {
        case .exact(let failing, let lines):
            let result = output.lines.map { $0.isEmpty ? SQLRecordParser.emptyValue : $0 }
            if failing != (output.error != nil) {
                let problem =
                    failing ? "expected an error, the statement succeeded" : "unexpected error:\n\(output.error ?? "")"
                return Verdict(failure: problem, result: result)
            }
            let problem =
                "expected:\n\(lines.joined(separator: "\n"))\n--- got:\n\(output.lines.joined(separator: "\n"))"
            return Verdict(failure: lines == output.lines ? nil : problem, result: result)
        case .query(let types, let order, let rows):
            let result = output.rows.map { row in
                row.split(separator: "\t", omittingEmptySubsequences: false).map {
                    ResultComparison.normalized(String($0))
                }
                .joined(separator: "\t")
            }
            return Verdict(
                failure: try queryFailure(record, output: output, types: types, order: order, rows: rows),
                result: result)
        default:
            return Verdict(failure: try statementFailure(record.kind, output: output))
        }
    }

    private func statementFailure(_ kind: SQLRecord.Kind, output: Output) throws -> String? {
        switch kind {
        case .statementOK:
            return unexpected(output, rows: true, warnings: true)
        case .statementError(let pattern):
            guard let error = output.error else {
                return "expected an error matching /\(pattern)/, the statement succeeded"
            }
            if !output.rows.isEmpty {
                return "expected no rows before the error, got:\n\(output.rows.joined(separator: "\n"))"
            }
            return try error.contains(Regex(pattern)) ? nil : "the error does not match /\(pattern)/:\n\(error)"
        case .statementWarning(let pattern):
            if let problem = unexpected(output, rows: true, warnings: false) { return problem }
            if output.warnings.isEmpty { return "expected a warning matching /\(pattern)/, got none" }
            let regex = try Regex(pattern)
            let unmatched = output.warnings.filter { !$0.contains(regex) }
            return unmatched.isEmpty
                ? nil : "the warning does not match /\(pattern)/:\n\(unmatched.joined(separator: "\n"))"
        default:
            return nil
        }
    }

    private func queryFailure(
        _ record: SQLRecord, output: Output, types: [ResultType], order: RowOrder, rows: [[String]]
    ) throws -> String? {
        if let problem = unexpected(output, rows: false, warnings: true) { return problem }
        if let columns = columnTypes(record.sql, variables: variables(record)),
            let problem = ResultComparison.typeMismatch(types, columns: columns)
        {
            return problem
        }
        let actual = output.rows.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let problem = ResultComparison.mismatch(expected: rows, actual: actual, types: types, order: order) else {
            return nil
        }
        return "\(problem)\n--- got:\n\(output.rows.joined(separator: "\n"))"
    }

    /// The record's defines, plus `fixtures` when its SQL names it.
    func variables(_ record: SQLRecord) -> [String: String] {
        var variables = record.defines
        if record.sql.contains("${fixtures}") { variables["fixtures"] = variables["fixtures"] ?? fixtures.path }
        return variables
    }

    /// Runs `sql` as a script named `case` with queries triggered available-now.
    func run(_ sql: String, variables: [String: String]) -> Output {
        var output = Output()
        ScriptRunner(session: session, trigger: .availableNow).run(text: sql, name: "case", variables: variables) {
            event in
            switch event {
            case .row(let line):
                output.rows.append(line)
                output.lines.append(line)
            case .warning(let message):
                output.warnings.append(message)
                output.lines += message.components(separatedBy: "\n")
            case .error(let message):
                output.error = message
                output.lines += message.components(separatedBy: "\n")
            }
        }
        return output
    }

    /// What a record that should print no error (and maybe no rows or warnings) printed that it should not.
    func unexpected(_ output: Output, rows: Bool, warnings: Bool) -> String? {
        if let error = output.error { return "unexpected error:\n\(error)" }
        if rows && !output.rows.isEmpty {
            return "unexpected rows (use query):\n\(output.rows.joined(separator: "\n"))"
        }
        if warnings && !output.warnings.isEmpty {
            return
                "unexpected warnings (use statement warning or an exact record):\n\(output.warnings.joined(separator: "\n"))"
        }
        return nil
    }

    /// The column types of `sql` when it is one SELECT that binds; nil otherwise.
    func columnTypes(_ sql: String, variables: [String: String]) -> [DataType]? {
        guard let source = try? VariableSubstitution.apply(to: sql, name: "case", variables: variables),
            let statements = try? ScriptSplitter.split(source.text), statements.count == 1,
            let statement = try? Parser.parseStatement(statements[0]), case .query = statement.kind,
            let bound = try? session.bindForExecution(statement)
        else { return nil }
        return bound.plan.output.map(\.type)
    }
}
