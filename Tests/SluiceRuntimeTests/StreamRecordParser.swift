/// Reads the body of a `stream <mode> <types> [rowsort]` record:
///
///     source <table> (<columns>)
///     <SQL over the table>
///     ----
///     batch 0
///     <JSON lines of the first file>
///     epoch 0 [late <k>]
///     <rows the sink writes in epoch 0>
///     …
enum StreamRecordParser {
    static let modes = ["update", "append", "complete"]

    static func parse(
        words: [String], body: [String], lines: (header: Int, body: Int), fail: (String, Int) -> SQLRecordError
    ) throws(SQLRecordError) -> (SQLRecord.Kind, [String]) {
        guard words.count >= 3, modes.contains(words[1]) else {
            throw fail("stream needs an output mode and column types, e.g. 'stream update TIR'", lines.header)
        }
        let types = try SQLRecordParser.parseTypes(words[2], fail: { fail($0, lines.header) })
        let order = try SQLRecordParser.parseOrder(Array(words.dropFirst(3)), fail: { fail($0, lines.header) })
        guard let sourceLine = body.first, sourceLine.hasPrefix("source "), let open = sourceLine.firstIndex(of: "("),
            sourceLine.hasSuffix(")")
        else {
            throw fail("stream's first line must be 'source <table> (<columns>)'", lines.body)
        }
        let table = SQLRecordParser.trimmed(
            String(sourceLine[sourceLine.index(sourceLine.startIndex, offsetBy: 7)..<open]))
        let columns = String(sourceLine[sourceLine.index(after: open)..<sourceLine.index(before: sourceLine.endIndex)])
        guard !table.isEmpty, !table.contains(" ") else {
            throw fail("stream's source needs one table name", lines.body)
        }
        guard let divider = body.firstIndex(of: "----") else {
            throw fail("stream needs a ---- line between its SQL and its batches", lines.header)
        }
        var record = StreamRecord(
            mode: words[1], types: types, order: order, table: table, columns: columns, batches: [], epochs: [])
        var inEpoch = false
        for offset in (divider + 1)..<body.count {
            let line = body[offset]
            let number = lines.body + offset
            let parts = line.split(separator: " ").map(String.init)
            if parts.first == "batch" {
                guard parts.count == 2, Int(parts[1]) == record.batches.count else {
                    throw fail(
                        "expected 'batch \(record.batches.count)' (batches are numbered from 0 in order)", number)
                }
                record.batches.append([])
                inEpoch = false
            } else if parts.first == "epoch" {
                let previous = record.epochs.last?.number ?? -1
                guard parts.count == 2 || (parts.count == 4 && parts[2] == "late" && Int(parts[3]) != nil),
                    let epoch = Int(parts[1]), epoch > previous
                else {
                    throw fail("expected 'epoch <n>' or 'epoch <n> late <k>' with n above \(previous)", number)
                }
                record.epochs.append(
                    StreamRecord.Epoch(
                        number: epoch, lateRows: parts.count == 4 ? Int(parts[3]) : nil, rows: [], line: number))
                inEpoch = true
            } else if inEpoch {
                let row = try SQLRecordParser.parseRow(line, types: types, fail: { fail($0, number) })
                record.epochs[record.epochs.count - 1].rows.append(row)
            } else if !record.batches.isEmpty {
                record.batches[record.batches.count - 1].append(line)
            } else {
                throw fail("expected 'batch 0' after ----", number)
            }
        }
        guard !record.batches.isEmpty, !record.epochs.isEmpty else {
            throw fail("stream needs at least one batch and one epoch", lines.header)
        }
        return (.stream(record), Array(body[1..<divider]))
    }
}
