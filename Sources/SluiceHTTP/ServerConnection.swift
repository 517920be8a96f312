/// Serves the requests of one accepted connection, on the thread that calls `run`: reads a
/// request, calls the handler, writes the answer, and again while the connection stays open.
struct ServerConnection {
    let socket: Socket
    let limits: HTTPLimits
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    /// Whether the server is stopping (then the answer in progress is the last).
    let isStopping: () -> Bool

    /// What to do after an exchange.
    private enum Next {
        case keepAlive
        case close
        /// Close after an error answer, letting the client read it first.
        case closeAfterError
    }

    private static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Serves requests until the client closes, asks to close, misbehaves or idles out, or the
    /// server stops. Never throws: a broken connection just ends. The caller closes the socket.
    func run() {
        do {
            try socket.configureStream(timeout: limits.idleTimeout)
        } catch {
            return
        }
        let reader = MessageReader(socket: socket, limits: limits)
        var next = Next.keepAlive
        while next == .keepAlive {
            next = exchange(reader)
        }
        if next == .closeAfterError {
            socket.shutdownWrite()
            _ = try? socket.setTimeouts(.milliseconds(500))
            reader.discardIncoming(maxBytes: 4 * 1024 * 1024, until: ContinuousClock.now + .seconds(2))
        }
    }

    /// Answers a connection the server has no room for with 503, and closes it.
    static func refuse(_ socket: Socket) {
        _ = try? socket.setTimeouts(.seconds(1))
        let response = HTTPResponse.plainText(status: 503, "the server is at its connection limit")
        let head = HTTPSerializer.responseHead(response, contentLength: response.body.count, connection: "close")
        _ = try? socket.send(head: head, body: response.body)
        socket.shutdownWrite()
        socket.close()
    }

    // MARK: Private

    /// Reads one request, answers it, and says whether to go on.
    private func exchange(_ reader: MessageReader) -> Next {
        let head: [UInt8]?
        do {
            head = try reader.readHead(skippingBlankLines: true)
        } catch {
            return error.kind == .messageTooLarge ? answerError(431, error) : .close
        }
        guard let head else { return .close }
        let parser = HTTPMessageParser(limits: limits)
        var request: HTTPRequest
        let framing: BodyFraming
        do {
            request = try parser.parseRequestHead(head)
            framing = try parser.requestFraming(request.headers)
        } catch {
            return answerError(error.kind == .messageTooLarge ? 413 : 400, error)
        }
        if framing != .noBody, !reader.hasBufferedBytes, expectsContinue(request) {
            do {
                try socket.send(Self.continueLine)
            } catch {
                return .close
            }
        }
        do {
            request.body = try reader.readBody(framing)
        } catch {
            switch error.kind {
            case .malformedMessage: return answerError(400, error)
            case .messageTooLarge: return answerError(413, error)
            default: return .close
            }
        }
        let keepAlive = wantsKeepAlive(request) && !isStopping()
        let response = handler(request)
        let closing = !keepAlive || response.headers.containsToken("close", inField: "Connection")
        do {
            try write(response, closing: closing, version: request.version, isHead: request.method == "HEAD")
        } catch {
            return .close
        }
        return closing ? .close : .keepAlive
    }

    /// Writes `response` with the framing fields the server owns: Content-Length (but not for
    /// 1xx and 204, which have no body) and Connection.
    private func write(
        _ response: HTTPResponse, closing: Bool, version: HTTPVersion, isHead: Bool
    ) throws(HTTPError) {
        let hasNoBody = (100..<200).contains(response.status) || response.status == 204
        let sendsBody = !hasNoBody && !isHead && response.status != 304
        let connection: String? = closing ? "close" : (version == .http10 ? "keep-alive" : nil)
        if let parts = response.bodyParts {
            let length = parts.reduce(0) { $0 + $1.count }
            let head = HTTPSerializer.responseHead(response, contentLength: hasNoBody ? nil : length, connection: connection)
            try socket.send(parts: [.bytes(head)] + (sendsBody ? parts : []))
            return
        }
        let head = HTTPSerializer.responseHead(
            response, contentLength: hasNoBody ? nil : response.body.count, connection: connection)
        try socket.send(head: head, body: sendsBody ? response.body : [])
    }

    /// Answers a request that cannot be served with `status` and the error's message, to be
    /// followed by closing.
    private func answerError(_ status: Int, _ error: HTTPError) -> Next {
        let response = HTTPResponse.plainText(status: status, error.message)
        _ = try? write(response, closing: true, version: .http11, isHead: false)
        return .closeAfterError
    }

    /// HTTP/1.1 keeps the connection unless `Connection: close`; HTTP/1.0 closes it unless
    /// `Connection: keep-alive`.
    private func wantsKeepAlive(_ request: HTTPRequest) -> Bool {
        if request.version == .http10 {
            return request.headers.containsToken("keep-alive", inField: "Connection")
        }
        return !request.headers.containsToken("close", inField: "Connection")
    }

    /// Whether the client waits for "100 Continue" before sending the body.
    private func expectsContinue(_ request: HTTPRequest) -> Bool {
        request.version == .http11 && ASCII.equalsIgnoringCase(request.headers["Expect"] ?? "", "100-continue")
    }
}
