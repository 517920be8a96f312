/// One persistent client connection to `host:port`, blocking; not for sharing between threads
/// (use one per thread). It connects on the first `send`, keeps the connection for the next
/// ones, and reconnects when the server closed it.
public final class HTTPConnection {
    /// The server's host: a name, or an IPv4 or IPv6 address.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The bound on connecting and on each read and write.
    public let timeout: Duration
    /// The limits on responses.
    public let limits: HTTPLimits
    private var socket: Socket?
    private var reader: MessageReader?

    /// A connection to `host:port`, made at the first `send`; `timeout` bounds the connect and
    /// each read and write.
    public init(host: String, port: Int, timeout: Duration = .seconds(30), limits: HTTPLimits = HTTPLimits()) {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.limits = limits
    }

    deinit {
        close()
    }

    /// Whether a connection is open (it may still turn out closed by the server).
    public var isConnected: Bool { socket != nil }

    /// Sends `request` and reads its response. Writes `METHOD target HTTP/1.1`, the request's
    /// header fields (adding `Host: host:port` when it has none) and `Content-Length`, then the
    /// body. A kept connection the server closed before answering is replaced, and the request
    /// sent again, once.
    /// - Throws: `HTTPError` naming `host:port`: `connectionRefused`, `resolveFailed`,
    ///   `hostUnreachable`, `timedOut`, `connectionClosed`, `malformedMessage`, `messageTooLarge`.
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let head = HTTPSerializer.requestHead(request, defaultHost: hostField)
        let reused = socket != nil
        if let response = try exchange(request, head: head) { return response }
        close()
        guard reused, let response = try exchange(request, head: head) else {
            close()
            throw HTTPError(.connectionClosed, "\(endpoint) closed the connection without answering")
        }
        return response
    }

    /// Closes the connection; the next `send` opens another.
    public func close() {
        socket?.close()
        socket = nil
        reader = nil
    }

    // MARK: Private

    /// "host:port", for messages.
    private var endpoint: String { "\(host):\(port)" }

    /// The Host field: "host:port", an IPv6 address in brackets.
    private var hostField: String {
        host.utf8.contains(ASCII.colon) && !host.hasPrefix("[") ? "[\(host)]:\(port)" : endpoint
    }

    /// One attempt: the response, or nil when the connection turned out closed before any byte
    /// of a response arrived (the connection is then closed). Other failures close the
    /// connection and throw.
    private func exchange(_ request: HTTPRequest, head: [UInt8]) throws(HTTPError) -> HTTPResponse? {
        let (socket, reader) = try connection()
        do {
            try socket.send(head: head, body: request.body)
        } catch {
            guard error.kind == .connectionClosed else {
                close()
                throw error.prefixed("cannot send a request to \(endpoint)")
            }
            // The server may have answered (say, 413) before it stopped reading.
            let early = try? readResponse(reader, method: request.method)
            close()
            return early
        }
        do {
            return try readResponse(reader, method: request.method)
        } catch {
            close()
            throw error
        }
    }

    /// The open connection, or a new one (also when the open one holds stray bytes).
    private func connection() throws(HTTPError) -> (Socket, MessageReader) {
        if let socket, let reader {
            if !reader.hasBufferedBytes { return (socket, reader) }
            close()
        }
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: host, port: port, passive: false)
        } catch {
            throw error.prefixed("cannot connect to \(endpoint)")
        }
        var failure = HTTPError(.resolveFailed, "no address")
        for address in addresses {
            do {
                let socket = try Socket.connect(to: address, timeout: timeout)
                let reader = MessageReader(socket: socket, limits: limits)
                self.socket = socket
                self.reader = reader
                try socket.configureStream(timeout: timeout)
                return (socket, reader)
            } catch {
                close()
                failure = error
            }
        }
        throw failure.prefixed("cannot connect to \(endpoint)")
    }

    /// Reads the response to a `method` request (skipping interim 1xx answers); nil when the
    /// server closed before sending a byte of it. Closes the connection when the response says
    /// so or is delimited by the close.
    private func readResponse(_ reader: MessageReader, method: String) throws(HTTPError) -> HTTPResponse? {
        let receivedBefore = reader.bytesReceived
        let parser = HTTPMessageParser(limits: limits)
        while true {
            let bytes: [UInt8]?
            do {
                bytes = try reader.readHead(skippingBlankLines: false)
            } catch {
                if error.kind == .connectionClosed, reader.bytesReceived == receivedBefore { return nil }
                throw error.prefixed("no response from \(endpoint)")
            }
            guard let bytes else {
                if reader.bytesReceived == receivedBefore { return nil }
                throw HTTPError(.connectionClosed, "\(endpoint) closed the connection in the middle of a response")
            }
            let head: ResponseHead
            let framing: BodyFraming
            do {
                head = try parser.parseResponseHead(bytes)
                framing = try parser.responseFraming(
                    status: head.status, headers: head.headers, requestMethod: method)
            } catch {
                throw error.prefixed("bad response from \(endpoint)")
            }
            if (100..<200).contains(head.status), head.status != 101 { continue }
            let body: [UInt8]
            do {
                body = try reader.readBody(framing)
            } catch {
                throw error.prefixed("cannot read the response from \(endpoint)")
            }
            if framing == .untilClose || !keepsConnection(head) { close() }
            return HTTPResponse(status: head.status, reason: head.reason, headers: head.headers, body: body)
        }
    }

    /// Whether the server keeps the connection after `head`'s response.
    private func keepsConnection(_ head: ResponseHead) -> Bool {
        if head.version == .http10 { return head.headers.containsToken("keep-alive", inField: "Connection") }
        return !head.headers.containsToken("close", inField: "Connection")
    }
}
