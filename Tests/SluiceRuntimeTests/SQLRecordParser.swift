/// Reads a case file's text into records. Records are separated by blank lines; `#` lines
/// between records are comments, kept with the record that follows; `halt` ends the file early.
enum SQLRecordParser {
    /// The value written for an empty string (and an empty printed line), as in sqllogictest.
    static let emptyValue = "(empty)"

    /// Parses `text`, naming `file` in errors.
    /// - Throws: `SQLRecordError` with the line of the first malformed record.
    static func parse(_ text: String, file: String) throws(SQLRecordError) -> [SQLRecord] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        var records: [SQLRecord] = []
        var comments: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if isBlank(line) {
                comments = []
                index += 1
                continue
            }
            if line.hasPrefix("#") {
                comments.append(line)
                index += 1
                continue
            }
            if trimmed(line) == "halt" { break }
            var end = index + 1
            while end < lines.count && !isBlank(lines[end]) { end += 1 }
            let body = Array(lines[(index + 1)..<end])
            var record = try parseRecord(header: line, body: body, line: index + 1, file: file)
            record.comments = comments
            records.append(record)
            comments = []
            index = end
        }
        return records
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// `line` without spaces and tabs at either end.
    static func trimmed(_ line: String) -> String {
        String(line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// One record from its header and the lines up to the next blank line.
    private static func parseRecord(
        header: String, body: [String], line: Int, file: String
    ) throws(SQLRecordError) -> SQLRecord {
        func fail(_ message: String, at absolute: Int) -> SQLRecordError {
            SQLRecordError(file: file, line: absolute, message: message)
        }
        var defines: [String: String] = [:]
        var first = 0
        while first < body.count, body[first].hasPrefix("@define ") {
            let pair = body[first].dropFirst("@define ".count).split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = pair.first, !name.isEmpty else {
                throw fail("@define needs name=value", at: line + first + 1)
            }
            defines[String(name)] = pair.count > 1 ? String(pair[1]) : ""
            first += 1
        }
        let rest = Array(body[first...])
        let restLine = line + first + 1
        let words = header.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let kind: SQLRecord.Kind
        var sqlLines: [String]
        switch words.first {
        case "statement":
            (kind, sqlLines) = try parseStatement(
                words: words, header: header, body: rest, lines: (line, restLine), fail: { fail($0, at: $1) })
        case "query":
            (kind, sqlLines) = try parseQuery(
                words: words, body: rest, lines: (line, restLine), fail: { fail($0, at: $1) })
        case "stream":
            (kind, sqlLines) = try StreamRecordParser.parse(
                words: words, body: rest, lines: (line, restLine), fail: { fail($0, at: $1) })
        default:
            throw fail(
                "unknown record '\(header)': expected statement ok, statement error, statement warning, query, stream or halt",
                at: line)
        }
        if sqlLines.allSatisfy(isBlank) {
            throw fail("record '\(header)' has no SQL", at: line)
        }
        return SQLRecord(kind: kind, comments: [], defines: defines, sql: sqlLines.joined(separator: "\n"), line: line)
    }

    private static func parseStatement(
        words: [String], header: String, body: [String], lines: (header: Int, body: Int),
        fail: (String, Int) -> SQLRecordError
    ) throws(SQLRecordError) -> (SQLRecord.Kind, [String]) {
        let divider = body.firstIndex(of: "----")
        let mode = words.count > 1 ? words[1] : ""
        // The regex: everything after `statement <mode> `, spaces included.
        var argument = Substring(header).drop { $0 == " " }.dropFirst("statement".count).drop { $0 == " " }.dropFirst(
            mode.count)
        if argument.first == " " { argument = argument.dropFirst() }
        if words.count == 3, words[2] == "exact", mode == "ok" || mode == "error" {
            guard let divider else {
                throw fail("'\(header)' needs a ---- line before the expected output", lines.header)
            }
            let expected = body[(divider + 1)...].map { $0 == emptyValue ? "" : $0 }
            return (.exact(failing: mode == "error", lines: expected), Array(body[..<divider]))
        }
        if let divider {
            throw fail(
                "'\(header)' has no expected output: use query or 'statement \(mode) exact'", lines.body + divider)
        }
        if mode == "error" || mode == "warning", (try? Regex(String(argument))) == nil {
            throw fail("'\(argument)' is not a valid regular expression", lines.header)
        }
        switch mode {
        case "ok" where words.count == 2: return (.statementOK, body)
        case "error": return (.statementError(pattern: String(argument)), body)
        case "warning": return (.statementWarning(pattern: String(argument)), body)
        default:
            throw fail(
                "unknown record '\(header)': expected statement ok, statement error <regex>, statement warning <regex> or statement ok|error exact",
                lines.header)
        }
    }

    private static func parseQuery(
        words: [String], body: [String], lines: (header: Int, body: Int), fail: (String, Int) -> SQLRecordError
    ) throws(SQLRecordError) -> (SQLRecord.Kind, [String]) {
        let headerLine = lines.header
        guard words.count >= 2 else { throw fail("query needs its column types, e.g. 'query ITR'", headerLine) }
        let types = try parseTypes(words[1], fail: { fail($0, headerLine) })
        let order = try parseOrder(Array(words.dropFirst(2)), fail: { fail($0, headerLine) })
        guard let divider = body.firstIndex(of: "----") else {
            throw fail("query needs a ---- line between its SQL and its rows", headerLine)
        }
        var rows: [[String]] = []
        for (offset, line) in body[(divider + 1)...].enumerated() {
            rows.append(try parseRow(line, types: types, fail: { fail($0, lines.body + divider + 1 + offset) }))
        }
        return (.query(types: types, order: order, rows: rows), Array(body[..<divider]))
    }

    /// `ITR` as result types.
    static func parseTypes(_ letters: String, fail: (String) -> SQLRecordError) throws(SQLRecordError) -> [ResultType] {
        var types: [ResultType] = []
        for letter in letters {
            guard let type = ResultType(rawValue: letter) else {
                throw fail("unknown column type '\(letter)' in '\(letters)': use I (integer), R (real) or T (text)")
            }
            types.append(type)
        }
        return types
    }

    /// The words after the types: nothing or `rowsort`.
    static func parseOrder(_ words: [String], fail: (String) -> SQLRecordError) throws(SQLRecordError) -> RowOrder {
        switch words {
        case []: return .asPrinted
        case ["rowsort"]: return .sorted
        default: throw fail("unexpected '\(words.joined(separator: " "))' after the types: only rowsort may follow")
        }
    }

    /// A result line as values: split at tabs, as many as there are types.
    static func parseRow(
        _ line: String, types: [ResultType], fail: (String) -> SQLRecordError
    ) throws(SQLRecordError) -> [String] {
        let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard values.count == types.count else {
            let letters = String(types.map(\.rawValue))
            throw fail("row has \(values.count) values, the record declares \(types.count) (\(letters)): '\(line)'")
        }
        return values
    }
}
