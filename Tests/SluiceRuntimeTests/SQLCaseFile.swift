import Foundation

/// A data-driven SQL test file: cases separated by `====` lines; each case has optional
/// `@define name=value` lines, SQL, a `----` line and the expected output (rows as printed,
/// warnings and errors as `sluice sql` prints them to stderr). The cases of a file run in
/// order in one session over a fresh in-memory catalog.
struct SQLCaseFile {
    struct Case {
        var comments: [String]
        var defines: [String: String]
        var sql: String
        var expected: [String]
        var line: Int
    }

    let path: URL
    var cases: [Case]

    init(path: URL) throws {
        self.path = path
        let text = try String(contentsOf: path, encoding: .utf8)
        var cases: [Case] = []
        var lineNumber = 0
        for block in text.components(separatedBy: "\n====\n") {
            let startLine = lineNumber + 1
            lineNumber += block.components(separatedBy: "\n").count + 1  // the block, then its `====` line
            let lines = block.components(separatedBy: "\n")
            guard let divider = lines.firstIndex(of: "----") else { continue }
            var defines: [String: String] = [:]
            var sqlLines: [String] = []
            var comments: [String] = []
            for line in lines[..<divider] {
                if sqlLines.isEmpty && line.hasPrefix("#") {
                    comments.append(line)
                } else if line.hasPrefix("@define ") {
                    let pair = line.dropFirst("@define ".count).split(separator: "=", maxSplits: 1)
                    defines[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
                } else {
                    sqlLines.append(line)
                }
            }
            var expected = Array(lines[(divider + 1)...])
            while expected.last == "" { expected.removeLast() }
            cases.append(Case(comments: comments, defines: defines, sql: sqlLines.joined(separator: "\n"), expected: expected, line: startLine))
        }
        self.cases = cases
    }

    /// The file's text with each case's expected output replaced by `actual`.
    func rendered(actual: [[String]]) -> String {
        zip(cases, actual).map { testCase, output in
            let defines = testCase.defines.keys.sorted().map { "@define \($0)=\(testCase.defines[$0]!)" }
            return (testCase.comments + defines + [testCase.sql, "----"] + output).joined(separator: "\n")
        }.joined(separator: "\n====\n") + "\n"
    }
}
