/// Decodes a chunked body (RFC 9112 §7.1) as its bytes arrive. Chunk extensions and trailer
/// fields are read and dropped; a bare "\n" is accepted where "\r\n" belongs.
struct ChunkedDecoder {
    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    /// Longest chunk-size line (size and extensions), in bytes.
    static let maxSizeLineBytes = 4096

    /// Largest decoded body, in bytes.
    let maxBodyBytes: Int
    /// Largest trailer section, in bytes.
    let maxTrailerBytes: Int
    /// The body decoded so far.
    private(set) var body: [UInt8] = []
    private var state = State.size
    private var trailerBytes = 0

    /// A decoder for a body of at most `maxBodyBytes`, with at most `maxTrailerBytes` of trailer.
    init(maxBodyBytes: Int, maxTrailerBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Whether the last chunk and the trailer have been read.
    var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// Decodes what it can of `buffer[start...]` and returns the index of the first byte it did
    /// not use (the bytes after the body once `isComplete`). Call again from there when more bytes
    /// have arrived.
    /// - Throws: `malformedMessage` for a bad chunk size or missing line break;
    ///   `messageTooLarge` when the body or trailer goes over its limit.
    mutating func decode(_ buffer: [UInt8], from start: Int) throws(HTTPError) -> Int {
        var position = start
        while true {
            switch state {
            case .size:
                guard let line = Self.line(in: buffer, from: position) else {
                    guard buffer.count - position <= Self.maxSizeLineBytes else {
                        throw HTTPError.malformed("chunk size line too long")
                    }
                    return position
                }
                let size = try Self.chunkSize(buffer[position..<line.contentEnd])
                position = line.next
                if size == 0 {
                    state = .trailer
                } else {
                    guard size <= maxBodyBytes - body.count else {
                        throw HTTPError.tooLarge("the chunked body exceeds \(maxBodyBytes) bytes")
                    }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let available = min(remaining, buffer.count - position)
                guard available > 0 else { return position }
                body.append(contentsOf: buffer[position..<position + available])
                position += available
                state = available == remaining ? .dataEnd : .data(remaining: remaining - available)
            case .dataEnd:
                guard let line = Self.line(in: buffer, from: position) else {
                    guard buffer.count - position < 2 else { throw Self.missingLineBreak }
                    return position
                }
                guard line.contentEnd == position else { throw Self.missingLineBreak }
                position = line.next
                state = .size
            case .trailer:
                guard let line = Self.line(in: buffer, from: position) else {
                    guard trailerBytes + buffer.count - position <= maxTrailerBytes else {
                        throw HTTPError.tooLarge("the chunked trailer exceeds \(maxTrailerBytes) bytes")
                    }
                    return position
                }
                trailerBytes += line.next - position
                guard trailerBytes <= maxTrailerBytes else {
                    throw HTTPError.tooLarge("the chunked trailer exceeds \(maxTrailerBytes) bytes")
                }
                let isBlank = line.contentEnd == position
                position = line.next
                if isBlank { state = .done }
            case .done:
                return position
            }
        }
    }

    private static let missingLineBreak = HTTPError.malformed("missing line break after chunk data")

    /// The next line of `buffer` from `start`: where its content ends (before "\r\n" or "\n") and
    /// where the next line starts; nil when its line feed has not arrived.
    private static func line(in buffer: [UInt8], from start: Int) -> (contentEnd: Int, next: Int)? {
        var index = start
        while index < buffer.count {
            if buffer[index] == ASCII.lf {
                let contentEnd = index > start && buffer[index - 1] == ASCII.cr ? index - 1 : index
                return (contentEnd, index + 1)
            }
            index += 1
        }
        return nil
    }

    /// The size on a chunk-size line ("1a", "1a;name=value").
    private static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = ASCII.hexValue(line[index]) {
            guard index - line.startIndex < 15 else { throw HTTPError.malformed("chunk size too large") }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > line.startIndex else { throw HTTPError.malformed("invalid chunk size") }
        while index < line.endIndex, ASCII.isBlank(line[index]) { index += 1 }
        guard index == line.endIndex || line[index] == ASCII.semicolon else {
            throw HTTPError.malformed("invalid chunk size")
        }
        return size
    }
}
