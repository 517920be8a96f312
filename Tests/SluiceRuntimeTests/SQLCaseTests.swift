import Foundation
import SluicePlan
import SluiceRuntime
import Testing

/// Runs every `Cases/*.test` file: its records in order, in one session over a fresh in-memory
/// catalog (a `stream` record in a session of its own). `docs/testing.md` describes the format.
@Suite struct SQLCaseTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")
    /// Data files records read, as `${fixtures}/name`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func records(_ path: URL) throws -> [SQLRecord] {
        try SQLRecordParser.parse(String(contentsOf: path, encoding: .utf8), file: path.lastPathComponent)
    }

    /// Runs a file's records; with `SLUICE_REGENERATE=1` writes each record's actual result into the file.
    @Test(arguments: files)
    func caseFile(_ path: URL) throws {
        let records = try Self.records(path)
        #expect(!records.isEmpty, "no records in \(path.lastPathComponent)")
        let regenerate = ProcessInfo.processInfo.environment["SLUICE_REGENERATE"] != nil
        let runner = SQLRecordRunner(session: Session(store: InMemoryCatalogStore()), fixtures: Self.fixtures)
        var results: [Int: [String]] = [:]
        for record in records {
            let verdict = try runner.check(record)
            if regenerate, let result = verdict.result { results[record.line] = result }
            if let failure = verdict.failure, !regenerate {
                let comments = record.comments.map { $0 + "\n" }.joined()
                Issue.record("\(path.lastPathComponent):\(record.line):\n\(comments)\(record.sql)\n--- \(failure)")
            }
        }
        if regenerate {
            let text = try String(contentsOf: path, encoding: .utf8)
            try SQLRecordRewriter.replacingResults(in: text, results: results).write(
                to: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func thereAreAtLeast150Records() throws {
        let count = try Self.files.map { try Self.records($0).count }.reduce(0, +)
        #expect(count >= 150, "only \(count) SQL records")
    }

    /// Records that compute rows, and stream records, are the point of the format: there are many.
    @Test func manyRecordsCheckComputedRowsAndStreams() throws {
        let records = try Self.files.flatMap { try Self.records($0) }
        let computed = records.filter { record in
            guard case .query = record.kind else { return false }
            return record.sql.uppercased().contains("SELECT") && !record.sql.uppercased().hasPrefix("EXPLAIN")
        }
        let streams = records.filter { if case .stream = $0.kind { return true } else { return false } }
        #expect(computed.count >= 100, "only \(computed.count) records compute rows")
        #expect(streams.count >= 10, "only \(streams.count) stream records")
    }
}
