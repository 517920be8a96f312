import Foundation
import SluicePlan
import SluiceRuntime
import Testing

/// Runs every `Cases/*.test` file; `SLUICE_REGENERATE=1` rewrites the expected outputs.
@Suite struct SQLCaseTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")
    /// Data files cases read, as `${fixtures}/name`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Runs one case's SQL in `session` and returns what `sluice sql` would print, stderr lines included.
    static func output(of testCase: SQLCaseFile.Case, in session: Session) -> [String] {
        let fixtures = Self.fixtures
        var lines: [String] = []
        var variables = testCase.defines
        if testCase.sql.contains("${fixtures}") { variables["fixtures"] = variables["fixtures"] ?? fixtures.path }
        ScriptRunner(session: session, trigger: .availableNow).run(text: testCase.sql, name: "case", variables: variables) { event in
            switch event {
            case .row(let line): lines.append(line)
            case .warning(let message), .error(let message): lines += message.components(separatedBy: "\n")
            }
        }
        return lines
    }

    @Test(arguments: files)
    func caseFile(_ path: URL) throws {
        let file = try SQLCaseFile(path: path)
        #expect(!file.cases.isEmpty, "no cases in \(path.lastPathComponent)")
        let session = Session(store: InMemoryCatalogStore())
        var actual: [[String]] = []
        for testCase in file.cases {
            let output = Self.output(of: testCase, in: session)
            actual.append(output)
            if ProcessInfo.processInfo.environment["SLUICE_REGENERATE"] == nil {
                #expect(
                    output == testCase.expected,
                    "\(path.lastPathComponent):\(testCase.line): \(testCase.sql)\n--- got:\n\(output.joined(separator: "\n"))")
            }
        }
        if ProcessInfo.processInfo.environment["SLUICE_REGENERATE"] != nil {
            try file.rendered(actual: actual).write(to: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func thereAreAtLeast150Cases() throws {
        let count = try Self.files.map { try SQLCaseFile(path: $0).cases.count }.reduce(0, +)
        #expect(count >= 150, "only \(count) SQL cases")
    }
}
