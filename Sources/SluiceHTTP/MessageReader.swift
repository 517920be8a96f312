/// Reads HTTP messages from one connection: heads are found in buffered bytes, bodies are read
/// by their framing (a `Content-Length` body straight into its final array). One reader per
/// connection, used by one thread at a time.
final class MessageReader {
    /// Bytes asked of each `recv`.
    static let readSize = 64 * 1024

    private let socket: Socket
    private let limits: HTTPLimits
    /// Received bytes not consumed yet; the next message starts at index 0.
    private var buffer: [UInt8] = []
    private var scratch = [UInt8](repeating: 0, count: MessageReader.readSize)
    /// Bytes received over the connection's life.
    private(set) var bytesReceived = 0

    /// A reader of `socket`'s bytes, enforcing `limits`.
    init(socket: Socket, limits: HTTPLimits) {
        self.socket = socket
        self.limits = limits
    }

    /// Whether bytes of the next message have arrived already.
    var hasBufferedBytes: Bool { !buffer.isEmpty }

    /// The next message head, through its blank line; nil when the peer closed before sending a
    /// byte of it. Blank lines before a request head are skipped when `skippingBlankLines`.
    /// - Throws: `messageTooLarge` for a head over `limits.maxHeaderBytes`; `connectionClosed`
    ///   when the peer closed in the middle of it; socket errors (`timedOut` …).
    func readHead(skippingBlankLines: Bool) throws(HTTPError) -> [UInt8]? {
        var searchFrom = 0
        while true {
            if skippingBlankLines {
                let blank = buffer.prefix(while: { $0 == ASCII.cr || $0 == ASCII.lf }).count
                if blank > 0 {
                    buffer.removeFirst(blank)
                    searchFrom = 0
                }
            }
            if let end = HTTPMessageParser.headEnd(in: buffer, from: searchFrom) {
                try checkHeadSize(end)
                let head = Array(buffer[..<end])
                buffer.removeFirst(end)
                return head
            }
            try checkHeadSize(buffer.count)
            searchFrom = buffer.count
            let hadBytes = !buffer.isEmpty
            guard try fill() else {
                guard !hadBytes else {
                    throw HTTPError(.connectionClosed, "the connection closed in the middle of a message head")
                }
                return nil
            }
        }
    }

    /// The body that follows the head just read, delimited by `framing`.
    /// - Throws: `malformedMessage` for bad chunked framing; `messageTooLarge` for a body over
    ///   `limits.maxBodyBytes`; `connectionClosed` when the peer closed before its end; socket
    ///   errors.
    func readBody(_ framing: BodyFraming) throws(HTTPError) -> [UInt8] {
        switch framing {
        case .noBody: return []
        case .length(let count): return try readBody(count: count)
        case .chunked: return try readChunkedBody()
        case .untilClose: return try readBodyUntilClose()
        }
    }

    // MARK: Private

    /// A body of exactly `count` bytes, received straight into the array returned.
    private func readBody(count: Int) throws(HTTPError) -> [UInt8] {
        guard count <= limits.maxBodyBytes else {
            throw HTTPError.tooLarge("the body of \(count) bytes exceeds \(limits.maxBodyBytes) bytes")
        }
        if buffer.count >= count {
            let body = Array(buffer[..<count])
            buffer.removeFirst(count)
            return body
        }
        let socket = self.socket
        let buffered = buffer
        buffer.removeAll()
        let body = try [UInt8](unsafeUninitializedCapacity: count) {
            (storage: inout UnsafeMutableBufferPointer<UInt8>, initialized: inout Int) throws(HTTPError) -> Void in
            let target = UnsafeMutableRawBufferPointer(storage)
            if !buffered.isEmpty { buffered.withUnsafeBytes { target.copyMemory(from: $0) } }
            initialized = buffered.count
            while initialized < count {
                let rest = UnsafeMutableRawBufferPointer(rebasing: target[initialized...])
                let received = try socket.receive(into: rest)
                guard received > 0 else {
                    let missing = count - initialized
                    throw HTTPError(.connectionClosed, "the connection closed \(missing) bytes before the body's end")
                }
                initialized += received
            }
        }
        bytesReceived += count - buffered.count
        return body
    }

    /// A chunked body, decoded as it arrives.
    private func readChunkedBody() throws(HTTPError) -> [UInt8] {
        var decoder = ChunkedDecoder(maxBodyBytes: limits.maxBodyBytes, maxTrailerBytes: limits.maxHeaderBytes)
        while true {
            let used = try decoder.decode(buffer, from: 0)
            buffer.removeFirst(used)
            if decoder.isComplete { return decoder.body }
            guard try fill() else {
                throw HTTPError(.connectionClosed, "the connection closed in the middle of a chunked body")
            }
        }
    }

    /// Everything the peer sends until it closes.
    private func readBodyUntilClose() throws(HTTPError) -> [UInt8] {
        while try fill() {
            guard buffer.count <= limits.maxBodyBytes else {
                throw HTTPError.tooLarge("the body exceeds \(limits.maxBodyBytes) bytes")
            }
        }
        let body = buffer
        buffer = []
        return body
    }

    /// Receives more bytes into the buffer; false when the peer closed.
    private func fill() throws(HTTPError) -> Bool {
        let socket = self.socket
        let count = try scratch.withUnsafeMutableBufferPointer {
            (storage: inout UnsafeMutableBufferPointer<UInt8>) throws(HTTPError) -> Int in
            try socket.receive(into: UnsafeMutableRawBufferPointer(storage))
        }
        guard count > 0 else { return false }
        buffer.append(contentsOf: scratch[..<count])
        bytesReceived += count
        return true
    }

    /// Throws `messageTooLarge` when a head of `count` bytes is over the limit.
    private func checkHeadSize(_ count: Int) throws(HTTPError) {
        guard count <= limits.maxHeaderBytes else {
            throw HTTPError.tooLarge("the message head exceeds \(limits.maxHeaderBytes) bytes")
        }
    }
}
