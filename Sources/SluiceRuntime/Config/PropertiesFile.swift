/// The Java properties format, as `spark-submit --properties-file` reads it
/// (`java.util.Properties.load`, in UTF-8, values trimmed as Spark trims them).
///
/// A line is `key=value`, `key: value` or `key value`; `#` and `!` start comment lines; a line
/// ending in an odd number of backslashes continues on the next, whose leading blanks are
/// dropped; `\t`, `\n`, `\r`, `\f`, `\uXXXX` and `\<char>` are escapes in keys and values. A key
/// given twice takes its last value. Pure: no I/O.
public enum PropertiesFile {
    /// One property, with the line it starts on (from 1) for messages.
    public struct Entry: Equatable, Sendable {
        /// The key, escapes resolved.
        public let key: String
        /// The value, escapes resolved, blanks around it trimmed.
        public let value: String
        /// The line the property starts on.
        public let line: Int

        /// Creates an entry.
        public init(key: String, value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// The properties of `text`, in the order written, a repeated key kept at its last value.
    /// - Throws: `RuntimeError` naming `name` and the line of a malformed `\u` escape.
    public static func parse(_ text: String, name: String) throws(RuntimeError) -> [Entry] {
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        for (line, number) in logicalLines(text) {
            let entry = try parseLine(line, number: number, name: name)
            if let earlier = index[entry.key] {
                entries[earlier] = entry
            } else {
                index[entry.key] = entries.count
                entries.append(entry)
            }
        }
        return entries
    }

    private static let blanks: Set<Character> = [" ", "\t", "\u{0C}"]

    /// The logical lines of `text` (continuations joined), without comments and blank lines,
    /// each with the number of the natural line it starts on.
    private static func logicalLines(_ text: String) -> [(String, Int)] {
        var lines: [(String, Int)] = []
        var pending: (text: String, line: Int)?
        let natural = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (offset, raw) in natural.enumerated() {
            var line = Substring(raw)
            while let first = line.first, blanks.contains(first) { line.removeFirst() }
            if pending == nil && (line.isEmpty || line.first == "#" || line.first == "!") { continue }
            let trailing = line.reversed().prefix { $0 == "\\" }.count
            let continues = trailing % 2 == 1
            if continues { line.removeLast() }
            let joined = (pending?.text ?? "") + line
            let start = pending?.line ?? offset + 1
            if continues {
                pending = (joined, start)
            } else {
                pending = nil
                lines.append((joined, start))
            }
        }
        if let pending { lines.append((pending.text, pending.line)) }
        return lines
    }

    private static func parseLine(_ line: String, number: Int, name: String) throws(RuntimeError) -> Entry {
        let characters = Array(line)
        var position = 0
        var keyEnd = characters.count
        var escaped = false
        while position < characters.count {
            let character = characters[position]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "=" || character == ":" || blanks.contains(character) {
                keyEnd = position
                break
            }
            position += 1
        }
        var valueStart = keyEnd
        while valueStart < characters.count, blanks.contains(characters[valueStart]) { valueStart += 1 }
        if valueStart < characters.count, characters[valueStart] == "=" || characters[valueStart] == ":" {
            valueStart += 1
        }
        let key = try unescape(characters[0..<keyEnd], line: number, name: name)
        let value = try unescape(characters[min(valueStart, characters.count)...], line: number, name: name)
        return Entry(key: key, value: value.trimmingCharacters(in: blanks), line: number)
    }

    private static func unescape(_ characters: ArraySlice<Character>, line: Int, name: String) throws(RuntimeError) -> String {
        var result = ""
        var iterator = characters.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                result.append(character)
                continue
            }
            guard let escaped = iterator.next() else { break }
            switch escaped {
            case "t": result.append("\t")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "f": result.append("\u{0C}")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let digit = iterator.next() { hex.append(digit) } }
                guard hex.count == 4, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                    throw RuntimeError("\(name):\(line): malformed \\uXXXX escape '\\u\(hex)'")
                }
                result.unicodeScalars.append(scalar)
            default: result.append(escaped)
            }
        }
        return result
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
