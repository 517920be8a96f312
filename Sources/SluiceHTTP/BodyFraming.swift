/// How a message's body is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable, Sendable {
    /// No body.
    case noBody
    /// Exactly this many bytes (more than zero).
    case length(Int)
    /// Chunked transfer coding.
    case chunked
    /// Everything until the peer closes (responses only).
    case untilClose
}

extension HTTPMessageParser {
    /// How the body of a request with `headers` is delimited: chunked when `Transfer-Encoding`
    /// says so, else by `Content-Length`, else none.
    /// - Throws: `malformedMessage` for a transfer coding other than chunked or a bad or
    ///   conflicting `Content-Length`; `messageTooLarge` for a length over `limits.maxBodyBytes`.
    func requestFraming(_ headers: HTTPHeaders) throws(HTTPError) -> BodyFraming {
        if let codings = Self.transferCodings(headers) {
            guard codings.count == 1, ASCII.equalsIgnoringCase(codings[0], "chunked") else {
                throw HTTPError.malformed("unsupported Transfer-Encoding \"\(headers["Transfer-Encoding"] ?? "")\"")
            }
            return .chunked
        }
        return try lengthFraming(headers)
    }

    /// How the body of a response with `status` and `headers` to a `requestMethod` request is
    /// delimited: none for HEAD, 1xx, 204 and 304; chunked when the last transfer coding is
    /// chunked; until close for another coding; else by `Content-Length`, else until close.
    /// - Throws: `malformedMessage` for a bad or conflicting `Content-Length`; `messageTooLarge`
    ///   for a length over `limits.maxBodyBytes`.
    func responseFraming(status: Int, headers: HTTPHeaders, requestMethod: String) throws(HTTPError) -> BodyFraming {
        if requestMethod == "HEAD" || (100..<200).contains(status) || status == 204 || status == 304 { return .noBody }
        if let codings = Self.transferCodings(headers) {
            guard let last = codings.last, ASCII.equalsIgnoringCase(last, "chunked") else { return .untilClose }
            return .chunked
        }
        if Self.hasContentLength(headers) { return try lengthFraming(headers) }
        return .untilClose
    }

    /// The body framing from `Content-Length`: none when absent or zero.
    private func lengthFraming(_ headers: HTTPHeaders) throws(HTTPError) -> BodyFraming {
        guard let length = try Self.contentLength(headers), length > 0 else { return .noBody }
        guard length <= limits.maxBodyBytes else {
            throw HTTPError.tooLarge("the body of \(length) bytes exceeds \(limits.maxBodyBytes) bytes")
        }
        return .length(length)
    }

    /// The value of the `Content-Length` fields, or nil when there is none. Repeated fields (or
    /// comma-separated values) must agree.
    /// - Throws: `malformedMessage` for a value that is not a decimal number or for values that
    ///   differ.
    static func contentLength(_ headers: HTTPHeaders) throws(HTTPError) -> Int? {
        var length: Int?
        for field in headers where ASCII.equalsIgnoringCase(field.name, "Content-Length") {
            for piece in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                let text = ASCII.trimmed(piece)
                guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(ASCII.isDigit), let value = Int(text)
                else {
                    throw HTTPError.malformed("invalid Content-Length \"\(field.value)\"")
                }
                if let length, length != value { throw HTTPError.malformed("conflicting Content-Length values") }
                length = value
            }
        }
        return length
    }

    /// Whether a `Content-Length` field is present.
    private static func hasContentLength(_ headers: HTTPHeaders) -> Bool {
        headers.contains("Content-Length")
    }

    /// The transfer codings listed by the `Transfer-Encoding` fields, in order, or nil when there
    /// is no such field.
    private static func transferCodings(_ headers: HTTPHeaders) -> [Substring]? {
        let values = headers.values(for: "Transfer-Encoding")
        guard !values.isEmpty else { return nil }
        return values.flatMap { $0.split(separator: ",") }.map(ASCII.trimmed).filter { !$0.isEmpty }
    }
}
