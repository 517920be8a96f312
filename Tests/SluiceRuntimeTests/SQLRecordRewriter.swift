/// Writes new results into a case file's text (`SLUICE_REGENERATE=1`): for each record named by
/// its header line, the lines after its `----` up to the blank line that ends it are replaced;
/// everything else stays as written.
enum SQLRecordRewriter {
    static func replacingResults(in text: String, results: [Int: [String]]) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // From the last record up, so earlier line numbers stay valid.
        for header in results.keys.sorted(by: >) {
            var divider = header
            while divider < lines.count && lines[divider] != "----" && !SQLRecordParser.isBlank(lines[divider]) {
                divider += 1
            }
            guard divider < lines.count, lines[divider] == "----" else { continue }
            var end = divider + 1
            while end < lines.count && !SQLRecordParser.isBlank(lines[end]) { end += 1 }
            lines.replaceSubrange((divider + 1)..<end, with: results[header] ?? [])
        }
        return lines.joined(separator: "\n")
    }
}
