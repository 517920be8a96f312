import SluiceCore

/// Replaces `${name}` (and `${hivevar:name}`) with values given by `-d name=value`, as
/// `spark-sql -d` does, before parsing. References inside comments are left alone.
public enum VariableSubstitution {
    /// The script with every variable replaced, with a map back to the text as written.
    /// - Parameters:
    ///   - text: the script as written.
    ///   - name: the name messages show for the script.
    ///   - variables: the values, by name (case-sensitive, as in Spark).
    ///   - firstLine: the line number messages give the text's first line.
    /// - Throws: `SQLError` of kind `.undefinedVariable` naming the first undefined variable.
    public static func apply(
        to text: String, name: String, variables: [String: String], firstLine: Int = 1
    ) throws(SQLError) -> SourceText {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var map = OffsetMap()
        var copiedFrom = 0
        var scanner = TriviaScanner(bytes: bytes)
        var replacements = 0
        while let index = scanner.nextCodeByte() {
            guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{")
            else { continue }
            guard let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) else { continue }
            var key = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
            if key.hasPrefix("hivevar:") { key.removeFirst("hivevar:".count) }
            guard isVariableName(key) else { continue }
            guard let value = variables[key] else {
                let names = variables.keys.sorted().joined(separator: ", ")
                let hint = names.isEmpty ? "no variables are defined" : "defined: \(names)"
                throw SQLError(
                    .undefinedVariable, "undefined variable '\(key)': pass -d \(key)=<value> (\(hint))",
                    at: SourceSpan(start: index, end: close + 1))
            }
            replacements += 1
            if replacements > Limits.variableReplacementsMax {
                throw SQLError(.limit, "more than \(Limits.variableReplacementsMax) variable references", at: .at(index))
            }
            map.copy(rewritten: output.count, original: copiedFrom, length: index - copiedFrom)
            output.append(contentsOf: bytes[copiedFrom..<index])
            map.replace(rewritten: output.count, original: index)
            output.append(contentsOf: value.utf8)
            copiedFrom = close + 1
            scanner.skip(to: copiedFrom)
        }
        if copiedFrom == 0 { return SourceText(name: name, text: text, firstLine: firstLine) }
        map.copy(rewritten: output.count, original: copiedFrom, length: bytes.count - copiedFrom)
        output.append(contentsOf: bytes[copiedFrom...])
        return SourceText(
            name: name, original: text, text: String(decoding: output, as: UTF8.self), origin: map, firstLine: firstLine)
    }

    /// Variable names: letters, digits, `_`, `.` and `-`, not empty.
    static func isVariableName(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { byte in
            (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }
}
