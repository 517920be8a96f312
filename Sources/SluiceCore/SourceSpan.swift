/// A range of UTF-8 byte offsets into a script, `[start, end)`.
///
/// Spans are byte offsets so the lexer can produce them without decoding; `SourceText`
/// turns them into 1-based lines and columns (in characters) when a message is rendered.
public struct SourceSpan: Hashable, Sendable, Codable {
    /// The first byte of the range.
    public var start: Int
    /// One past the last byte of the range.
    public var end: Int

    /// Creates a span over `[start, end)`.
    public init(start: Int, end: Int) {
        precondition(start <= end, "span start \(start) after end \(end)")
        self.start = start
        self.end = end
    }

    /// An empty span at `offset`.
    public static func at(_ offset: Int) -> SourceSpan { SourceSpan(start: offset, end: offset) }

    /// The smallest span covering both `self` and `other`.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    /// This span moved by `delta` bytes.
    public func shifted(by delta: Int) -> SourceSpan {
        SourceSpan(start: start + delta, end: end + delta)
    }
}

/// A position a person reads: 1-based line and column.
public struct SourceLocation: Hashable, Sendable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
