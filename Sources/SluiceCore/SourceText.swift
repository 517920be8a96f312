/// The text of a script with its name, able to turn byte offsets into lines and columns.
///
/// When `${name}` variables were replaced, `origin` maps offsets in the replaced text back
/// to the text the user wrote, so a message points at the user's line and column.
public struct SourceText: Sendable {
    /// The name shown in messages: a file path, `<command line>` or `<stdin>`.
    public let name: String
    /// The text as written by the user, before variable replacement.
    public let original: String
    /// The text that is parsed.
    public let text: String
    /// Maps offsets in `text` to offsets in `original`.
    public let origin: OffsetMap
    /// The line number messages give the text's first line: 1 for a whole script, more for a
    /// piece of a longer input (statements read from a terminal or a pipe as they complete).
    public let firstLine: Int
    private let originalBytes: [UInt8]
    private let lineStarts: [Int]

    /// Creates a source whose parsed text is the text as written, its first line numbered `firstLine`.
    public init(name: String, text: String, firstLine: Int = 1) {
        self.init(name: name, original: text, text: text, origin: OffsetMap(), firstLine: firstLine)
    }

    /// Creates a source whose parsed `text` came from `original` by replacements described in `origin`,
    /// the first line of `original` numbered `firstLine`.
    public init(name: String, original: String, text: String, origin: OffsetMap, firstLine: Int = 1) {
        self.name = name
        self.original = original
        self.text = text
        self.origin = origin
        self.firstLine = firstLine
        self.originalBytes = Array(original.utf8)
        var starts = [0]
        for (index, byte) in originalBytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    /// The line (counted from `firstLine`) and 1-based column of byte `offset` of the parsed text.
    public func location(of offset: Int) -> SourceLocation {
        let originalOffset = min(max(0, origin.originalOffset(of: offset)), originalBytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= originalOffset { low = middle } else { high = middle - 1 }
        }
        let lineStart = lineStarts[low]
        let prefix = originalBytes[lineStart..<originalOffset]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return SourceLocation(line: low + firstLine, column: column)
    }

    /// The text of `line` (counted from `firstLine`) of the original, without its newline.
    public func lineText(_ numbered: Int) -> String {
        let line = numbered - firstLine + 1
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : originalBytes.count
        if end > start, originalBytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: originalBytes[start..<max(start, end)], as: UTF8.self)
    }

    /// Renders `message` at `span` as `name:line:column: error: message`, the source line and a caret.
    public func render(message: String, at span: SourceSpan?) -> String {
        guard let span else { return "\(name): error: \(message)" }
        let location = location(of: span.start)
        let line = SecretRedaction.maskingValues(in: lineText(location.line)).replacingTabs()
        let column = SecretRedaction.maskingValues(in: String(lineText(location.line).prefix(location.column - 1))).count + 1
        let caretIndent = String(repeating: " ", count: max(0, column - 1))
        return "\(name):\(location.line):\(location.column): error: \(message)\n\(line)\n\(caretIndent)^"
    }
}

extension String {
    /// Tabs become single spaces so a caret counted in characters stays under its spot.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}

/// A piecewise map from offsets in a rewritten text to offsets in the text it came from.
///
/// Each segment says: from `rewritten` on, offsets advance with the original starting at
/// `original`, up to `length` bytes; offsets inside a replaced region map to its start.
public struct OffsetMap: Sendable {
    /// One stretch of copied text.
    public struct Segment: Sendable {
        /// Offset of the stretch in the rewritten text.
        public var rewritten: Int
        /// Offset of the stretch in the original text.
        public var original: Int
        /// Length of the stretch, in bytes; replaced text has length 0 and maps to `original`.
        public var length: Int
    }

    /// The stretches, in increasing `rewritten` order.
    public private(set) var segments: [Segment] = []

    /// An identity map.
    public init() {}

    /// Records that `length` bytes at `rewritten` were copied from `original`.
    public mutating func copy(rewritten: Int, original: Int, length: Int) {
        segments.append(Segment(rewritten: rewritten, original: original, length: length))
    }

    /// Records that text at `rewritten` replaced the text starting at `original`.
    public mutating func replace(rewritten: Int, original: Int) {
        segments.append(Segment(rewritten: rewritten, original: original, length: 0))
    }

    /// The offset in the original text that `offset` in the rewritten text came from.
    public func originalOffset(of offset: Int) -> Int {
        guard !segments.isEmpty else { return offset }
        var best = segments[0]
        for segment in segments where segment.rewritten <= offset { best = segment }
        if best.length == 0 { return best.original }
        return best.original + min(offset - best.rewritten, best.length)
    }
}
