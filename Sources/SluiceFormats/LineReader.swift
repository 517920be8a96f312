import SluiceCore

/// The lines of a buffer: `\n` ends a line and a `\r` just before it is left out.
struct LineReader {
    /// The whole text.
    let text: UnsafeBufferPointer<UInt8>
    /// Where the next line starts.
    private var position = 0
    /// The 1-based number of the line `next()` returned last.
    private(set) var lineNumber = 0

    /// Creates a reader at the first line of `text`.
    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    /// The byte range of the next line, without its line break; `nil` at the end.
    mutating func next() -> Range<Int>? {
        guard position < text.count else { return nil }
        lineNumber += 1
        let (line, next) = Self.line(in: text, from: position)
        position = next
        return line
    }

    /// The line of `text` that starts at `start`, without its line break, and where the next
    /// one starts.
    static func line(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (line: Range<Int>, next: Int) {
        var index = SWAR.skipUntil(text, byte: Byte.newline, from: start, end: text.count)
        while index < text.count && text[index] != Byte.newline { index += 1 }
        let next = index < text.count ? index + 1 : index
        if index > start && text[index - 1] == Byte.carriageReturn { index -= 1 }
        return (start..<index, next)
    }
}
