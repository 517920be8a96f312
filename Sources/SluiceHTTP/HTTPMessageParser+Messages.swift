extension HTTPMessageParser {
    /// The complete request at the start of `buffer` (blank lines before it skipped) and the
    /// number of bytes it used, or nil when more bytes are needed.
    /// - Throws: as `parseRequestHead`, `requestFraming` and `ChunkedDecoder.decode`.
    func parseRequest(_ buffer: [UInt8]) throws(HTTPError) -> (request: HTTPRequest, consumed: Int)? {
        let start = buffer.prefix(while: { $0 == ASCII.cr || $0 == ASCII.lf }).count
        guard let end = Self.headEnd(in: buffer, from: start) else {
            try checkHeadSize(buffer.count - start)
            return nil
        }
        var request = try parseRequestHead(Array(buffer[start..<end]))
        let framing = try requestFraming(request.headers)
        guard let decoded = try extractBody(framing, in: buffer, from: end, atEndOfStream: false) else { return nil }
        request.body = decoded.bytes
        return (request, decoded.end)
    }

    /// The complete response at the start of `buffer` to a `requestMethod` request and the number
    /// of bytes it used, or nil when more bytes are needed. `atEndOfStream` says the peer has
    /// closed, which ends a body delimited by the close.
    /// - Throws: as `parseResponseHead`, `responseFraming` and `ChunkedDecoder.decode`.
    func parseResponse(
        _ buffer: [UInt8], requestMethod: String, atEndOfStream: Bool
    ) throws(HTTPError) -> (response: HTTPResponse, consumed: Int)? {
        guard let end = Self.headEnd(in: buffer, from: 0) else {
            try checkHeadSize(buffer.count)
            return nil
        }
        let head = try parseResponseHead(Array(buffer[..<end]))
        let framing = try responseFraming(status: head.status, headers: head.headers, requestMethod: requestMethod)
        guard let decoded = try extractBody(framing, in: buffer, from: end, atEndOfStream: atEndOfStream) else {
            return nil
        }
        let response = HTTPResponse(
            status: head.status, reason: head.reason, headers: head.headers, body: decoded.bytes)
        return (response, decoded.end)
    }

    /// The body framed by `framing` starting at `start`, and the index after it; nil when
    /// incomplete.
    private func extractBody(
        _ framing: BodyFraming, in buffer: [UInt8], from start: Int, atEndOfStream: Bool
    ) throws(HTTPError) -> (bytes: [UInt8], end: Int)? {
        switch framing {
        case .noBody:
            return ([], start)
        case .length(let count):
            guard buffer.count - start >= count else { return nil }
            return (Array(buffer[start..<start + count]), start + count)
        case .chunked:
            var decoder = ChunkedDecoder(maxBodyBytes: limits.maxBodyBytes, maxTrailerBytes: limits.maxHeaderBytes)
            let end = try decoder.decode(buffer, from: start)
            guard decoder.isComplete else { return nil }
            return (decoder.body, end)
        case .untilClose:
            guard buffer.count - start <= limits.maxBodyBytes else {
                throw HTTPError.tooLarge("the body exceeds \(limits.maxBodyBytes) bytes")
            }
            guard atEndOfStream else { return nil }
            return (Array(buffer[start...]), buffer.count)
        }
    }
}
