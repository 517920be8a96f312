/// The status line and header fields of a response.
struct ResponseHead: Sendable {
    var version: HTTPVersion
    var status: Int
    var reason: String
    var headers: HTTPHeaders
}

/// Parses HTTP/1.x message heads (RFC 9112 §2–5) out of received bytes. No I/O: the socket code
/// feeds it, and tests call it on byte arrays. Body framing is in `BodyFraming.swift`, whole
/// messages in `HTTPMessageParser+Messages.swift`, chunked bodies in `ChunkedDecoder.swift`.
struct HTTPMessageParser: Sendable {
    /// The limits enforced.
    let limits: HTTPLimits

    // MARK: Head boundaries

    /// The index just past the blank line that ends the head at the start of `buffer`
    /// ("\r\n\r\n", or a bare "\n\n"), or nil when it has not arrived. `start` is where to
    /// resume looking: bytes before it were looked at already (each line feed is checked against
    /// the bytes before it).
    static func headEnd(in buffer: [UInt8], from start: Int) -> Int? {
        var index = max(start, 0)
        while index < buffer.count {
            if buffer[index] == ASCII.lf, index >= 1 {
                if buffer[index - 1] == ASCII.lf { return index + 1 }
                if index >= 2, buffer[index - 1] == ASCII.cr, buffer[index - 2] == ASCII.lf { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    /// The lines of `head` before its blank line, each without its "\r\n" (or bare "\n").
    static func lines(of head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            if head[index] == ASCII.lf {
                var lineEnd = index
                if lineEnd > lineStart, head[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
                if lineEnd == lineStart { break }
                lines.append(head[lineStart..<lineEnd])
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < head.endIndex, index == head.endIndex {
            lines.append(head[lineStart..<head.endIndex])
        }
        return lines
    }

    // MARK: Requests

    /// The request described by `head` (the bytes up to and including its blank line), with an
    /// empty body.
    /// - Throws: `malformedMessage` for a bad request line, header line or target;
    ///   `messageTooLarge` for a head over `limits.maxHeaderBytes`.
    func parseRequestHead(_ head: [UInt8]) throws(HTTPError) -> HTTPRequest {
        try checkHeadSize(head.count)
        let lines = Self.lines(of: head[...])
        guard let first = lines.first else { throw HTTPError.malformed("empty request") }
        let line = try Self.requestLine(first)
        let headers = try Self.headerFields(lines.dropFirst())
        return try HTTPRequest(method: line.method, target: line.target, headers: headers, version: line.version)
    }

    /// Method, target and version of a request line ("GET /path HTTP/1.1").
    static func requestLine(
        _ line: ArraySlice<UInt8>
    ) throws(HTTPError) -> (method: String, target: String, version: HTTPVersion) {
        let parts = line.split(separator: ASCII.space, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw HTTPError.malformed("malformed request line") }
        guard !parts[0].isEmpty, parts[0].allSatisfy(ASCII.isTokenByte) else {
            throw HTTPError.malformed("invalid method in the request line")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 > ASCII.space && $0 != 0x7F }) else {
            throw HTTPError.malformed("invalid request target")
        }
        guard let parsed = Self.version(parts[2]), parsed.major == 1, parsed.minor <= 1 else {
            throw HTTPError.malformed("unsupported protocol version in the request line")
        }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self), parsed)
    }

    // MARK: Responses

    /// The status line and headers described by `head` (the bytes up to and including its blank
    /// line).
    /// - Throws: `malformedMessage` for a bad status line or header line; `messageTooLarge` for
    ///   a head over `limits.maxHeaderBytes`.
    func parseResponseHead(_ head: [UInt8]) throws(HTTPError) -> ResponseHead {
        try checkHeadSize(head.count)
        let lines = Self.lines(of: head[...])
        guard let first = lines.first else { throw HTTPError.malformed("empty response") }
        let parts = first.split(separator: ASCII.space, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let version = Self.version(parts[0]), version.major == 1 else {
            throw HTTPError.malformed("malformed status line")
        }
        guard parts[1].count == 3, parts[1].allSatisfy(ASCII.isDigit) else {
            throw HTTPError.malformed("malformed status code in the status line")
        }
        let status = parts[1].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let reason = parts.count == 3 ? String(decoding: parts[2], as: UTF8.self) : ""
        let headers = try Self.headerFields(lines.dropFirst())
        return ResponseHead(version: version, status: status, reason: reason, headers: headers)
    }

    // MARK: Shared pieces

    /// "HTTP/d.d" → the version, or nil.
    static func version(_ bytes: ArraySlice<UInt8>) -> HTTPVersion? {
        let text = Array(bytes)
        guard text.count == 8, text[0..<5].elementsEqual("HTTP/".utf8), ASCII.isDigit(text[5]), text[6] == ASCII.dot,
            ASCII.isDigit(text[7])
        else { return nil }
        return HTTPVersion(major: Int(text[5] - UInt8(ascii: "0")), minor: Int(text[7] - UInt8(ascii: "0")))
    }

    /// The header fields of `lines` ("Name: value"), values trimmed.
    /// - Throws: `malformedMessage` for obsolete line folding, a line without a colon, a name that
    ///   is not a token (spaces included) or a control character in a value.
    static func headerFields(_ lines: ArraySlice<ArraySlice<UInt8>>) throws(HTTPError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for line in lines {
            let field = try headerField(line)
            headers.add(field.name, field.value)
        }
        return headers
    }

    /// One "Name: value" line.
    static func headerField(_ line: ArraySlice<UInt8>) throws(HTTPError) -> (name: String, value: String) {
        guard let first = line.first, !ASCII.isBlank(first) else {
            throw HTTPError.malformed("obsolete header line folding is not supported")
        }
        guard let colon = line.firstIndex(of: ASCII.colon) else {
            throw HTTPError.malformed("header line without a colon")
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(ASCII.isTokenByte) else {
            let quoted = String(decoding: name.prefix(40), as: UTF8.self)
            throw HTTPError.malformed("invalid header field name \"\(quoted)\"")
        }
        var valueStart = colon + 1
        var valueEnd = line.endIndex
        while valueStart < valueEnd, ASCII.isBlank(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, ASCII.isBlank(line[valueEnd - 1]) { valueEnd -= 1 }
        let value = line[valueStart..<valueEnd]
        guard value.allSatisfy({ $0 == ASCII.tab || ($0 >= ASCII.space && $0 != 0x7F) }) else {
            throw HTTPError.malformed("control character in header field \(String(decoding: name, as: UTF8.self))")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Throws `messageTooLarge` when a head of `count` bytes is over the limit.
    func checkHeadSize(_ count: Int) throws(HTTPError) {
        guard count <= limits.maxHeaderBytes else {
            throw HTTPError.tooLarge("the message head exceeds \(limits.maxHeaderBytes) bytes")
        }
    }
}
