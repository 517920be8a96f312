import Testing

@testable import SluiceHTTP

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private let parser = HTTPMessageParser(limits: HTTPLimits())

/// Parses `text` as a complete request; fails the test when it is incomplete.
private func request(_ text: String, limits: HTTPLimits = HTTPLimits()) throws -> HTTPRequest {
    let parsed = try HTTPMessageParser(limits: limits).parseRequest(bytes(text))
    return try #require(parsed).request
}

/// The kind of error parsing `text` as a request throws, or nil when it parses (or is incomplete).
private func requestErrorKind(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPError.Kind? {
    do {
        _ = try HTTPMessageParser(limits: limits).parseRequest(bytes(text))
        return nil
    } catch {
        return error.kind
    }
}

@Suite struct RequestLineTests {
    @Test func originFormWithQuery() throws {
        let parsed = try request("GET /logstores/a%20b?cursor=MA%3D%3D&flag&x=1+2 HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(parsed.method == "GET")
        #expect(parsed.target == "/logstores/a%20b?cursor=MA%3D%3D&flag&x=1+2")
        #expect(parsed.path == "/logstores/a b")
        #expect(parsed.rawQuery == "cursor=MA%3D%3D&flag&x=1+2")
        #expect(parsed.query.map { "\($0.name)=\($0.value)" } == ["cursor=MA==", "flag=", "x=1+2"])
        #expect(parsed.queryValue("cursor") == "MA==")
        #expect(parsed.version == .http11)
        #expect(parsed.body.isEmpty)
    }

    @Test func absoluteFormKeepsHostHeader() throws {
        let parsed = try request(
            "POST http://proj.127.0.0.1:18080/logstores/s?x=1 HTTP/1.1\r\nHost: proj.127.0.0.1:18080\r\n\r\n")
        #expect(parsed.path == "/logstores/s")
        #expect(parsed.query.count == 1)
        #expect(parsed.queryValue("x") == "1")
        #expect(parsed.headers["host"] == "proj.127.0.0.1:18080")
        let bare = try request("GET http://example.com HTTP/1.1\r\n\r\n")
        #expect(bare.path == "/")
        #expect(bare.query.isEmpty)
    }

    @Test func asteriskFormAndHTTP10() throws {
        let parsed = try request("OPTIONS * HTTP/1.0\r\n\r\n")
        #expect(parsed.path == "*")
        #expect(parsed.version == .http10)
    }

    @Test func blankLinesBeforeTheRequestAndBareLineFeeds() throws {
        let parsed = try request("\r\n\nGET /x HTTP/1.1\nA: 1\n\n")
        #expect(parsed.path == "/x")
        #expect(parsed.headers["A"] == "1")
    }

    @Test func malformedRequestLinesAreRejected() {
        for text in [
            "GET /\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n", "GET / http/1.1\r\n\r\n", "GET noslash HTTP/1.1\r\n\r\n",
            "GET ftp://h/x HTTP/1.1\r\n\r\n", "GET http:///x HTTP/1.1\r\n\r\n", "\r\n\r\n\u{1}\r\n\r\n",
        ] {
            #expect(requestErrorKind(text) == .malformedMessage, "\(text.debugDescription)")
        }
    }

    @Test func clientTargetIsPercentEncoded() {
        let made = HTTPRequest(
            method: "GET", path: "/logstores/my store", query: [("cursor", "MA=="), ("a b", "x&y"), ("e", "")])
        #expect(made.target == "/logstores/my%20store?cursor=MA%3D%3D&a%20b=x%26y&e=")
        #expect(made.rawQuery == "cursor=MA%3D%3D&a%20b=x%26y&e=")
        #expect(HTTPRequest(method: "GET", path: "").target == "/")
        let parsed = RequestTarget.parseQuery(Substring(made.rawQuery))
        #expect(parsed.map { "\($0.name)|\($0.value)" } == ["cursor|MA==", "a b|x&y", "e|"])
    }

    @Test func percentDecodingLeavesBadEscapes() {
        #expect(PercentEncoding.decode("a%2Fb%zz%4") == "a/b%zz%4")
        #expect(PercentEncoding.decode("%E4%BD%A0+x") == "你+x")
        #expect(PercentEncoding.encode("a=b c~", keeping: PercentEncoding.isUnreserved) == "a%3Db%20c~")
    }
}

@Suite struct HeaderTests {
    @Test func namesAreCaseInsensitiveAndValuesTrimmed() throws {
        let parsed = try request("GET / HTTP/1.1\r\nX-Log-Cursor:  abc \t\r\nx-log-cursor: second\r\nEmpty:\r\n\r\n")
        #expect(parsed.headers["X-LOG-CURSOR"] == "abc")
        #expect(parsed.headers.values(for: "x-Log-cursor") == ["abc", "second"])
        #expect(parsed.headers["empty"] == "")
        #expect(parsed.headers.contains("EMPTY"))
        #expect(!parsed.headers.contains("missing"))
        #expect(parsed.headers.count == 3)
    }

    @Test func setReplacesAllAndAddAppends() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "a": "3"]
        headers.set("a", "9")
        #expect(headers.map { "\($0.name)=\($0.value)" } == ["a=9", "b=2"])
        headers.add("A", "10")
        #expect(headers.values(for: "a") == ["9", "10"])
        headers.remove("A")
        let expected: HTTPHeaders = ["b": "2"]
        #expect(headers == expected)
        headers.set("New", "x")
        #expect(headers["new"] == "x")
    }

    @Test func connectionTokens() {
        let headers: HTTPHeaders = ["Connection": "Keep-Alive, Close"]
        #expect(headers.containsToken("close", inField: "connection"))
        #expect(headers.containsToken("keep-alive", inField: "Connection"))
        #expect(!headers.containsToken("upgrade", inField: "Connection"))
    }

    @Test func malformedHeaderLinesAreRejected() {
        for text in [
            "GET / HTTP/1.1\r\nA: 1\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: 1\r\n\r\n",
            "GET / HTTP/1.1\r\nName : 1\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\n: v\r\n\r\n",
            "GET / HTTP/1.1\r\nA: x\u{0}y\r\n\r\n", "GET / HTTP/1.1\r\nA: x\ry\r\n\r\n",
        ] {
            #expect(requestErrorKind(text) == .malformedMessage, "\(text.debugDescription)")
        }
    }
}

@Suite struct BodyFramingTests {
    @Test func contentLengthBody() throws {
        let head = "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
        let parsed = try #require(try parser.parseRequest(bytes(head + "helloEXTRA")))
        #expect(parsed.request.body == bytes("hello"))
        #expect(parsed.consumed == bytes(head + "hello").count)
        let incomplete = try parser.parseRequest(bytes(head + "hel"))
        #expect(incomplete == nil)
        let same = try request("POST /p HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2, 2\r\n\r\nok")
        #expect(same.body == bytes("ok"))
    }

    @Test func badContentLengthsAreRejected() {
        for value in ["-1", "5x", "", "0x10", "1 2", "99999999999999999999"] {
            let text = "POST / HTTP/1.1\r\nContent-Length: \(value)\r\n\r\n"
            #expect(requestErrorKind(text) == .malformedMessage, "\(value)")
        }
        let conflicting = "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
        #expect(requestErrorKind(conflicting) == .malformedMessage)
        #expect(requestErrorKind("POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\nab") == .malformedMessage)
    }

    @Test func chunkedBodyIsDecoded() throws {
        let text =
            "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1\r\n \r\nA \r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nNEXT"
        let parsed = try #require(try parser.parseRequest(bytes(text)))
        #expect(parsed.request.body == bytes("hello 0123456789"))
        #expect(parsed.consumed == bytes(text).count - 4)
    }

    @Test func chunkedDecoderTakesBytesOneAtATime() throws {
        var decoder = ChunkedDecoder(maxBodyBytes: 100, maxTrailerBytes: 100)
        var buffer: [UInt8] = []
        var position = 0
        for byte in bytes("3\r\nabc\r\n2\nde\n0\r\n\r\n") {
            #expect(!decoder.isComplete)
            buffer.append(byte)
            position = try decoder.decode(buffer, from: position)
        }
        #expect(decoder.isComplete)
        #expect(decoder.body == bytes("abcde"))
        #expect(position == buffer.count)
    }

    @Test func malformedChunksAreRejected() {
        let head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        for body in ["x\r\n", "5\r\nhelloX\r\n", "-1\r\n", "1000000000000000\r\n", "5 x\r\nhello\r\n0\r\n\r\n"] {
            #expect(requestErrorKind(head + body) == .malformedMessage, "\(body.debugDescription)")
        }
        #expect(requestErrorKind("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") == .malformedMessage)
    }

    @Test func responseFraming() throws {
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        let response = try #require(
            try parser.parseResponse(bytes(chunked), requestMethod: "GET", atEndOfStream: false)?.response)
        #expect(response.status == 200)
        #expect(response.reason == "OK")
        #expect(response.body == bytes("ok"))

        let head = try #require(
            try parser.parseResponse(
                bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), requestMethod: "HEAD", atEndOfStream: false))
        #expect(head.response.body.isEmpty)

        let noContent = "HTTP/1.1 204 No Content\r\n\r\n"
        #expect(try parser.parseResponse(bytes(noContent), requestMethod: "GET", atEndOfStream: false) != nil)

        let toClose = bytes("HTTP/1.0 200 OK\r\n\r\nall of it")
        #expect(try parser.parseResponse(toClose, requestMethod: "GET", atEndOfStream: false) == nil)
        let closed = try #require(try parser.parseResponse(toClose, requestMethod: "GET", atEndOfStream: true))
        #expect(closed.response.body == bytes("all of it"))

        let noReason = try #require(
            try parser.parseResponse(bytes("HTTP/1.1 404\r\n\r\n"), requestMethod: "HEAD", atEndOfStream: false))
        #expect(noReason.response.status == 404)
        #expect(noReason.response.reason == "")
    }

    @Test func malformedStatusLinesAreRejected() {
        for text in ["HTTP/1.1 2000 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 OK\r\n\r\n", "ICY 200 OK\r\n\r\n"] {
            #expect(throws: HTTPError.self) {
                _ = try parser.parseResponse(bytes(text), requestMethod: "GET", atEndOfStream: true)
            }
        }
    }
}

@Suite struct LimitTests {
    private let small = HTTPLimits(maxHeaderBytes: 64, maxBodyBytes: 10)

    @Test func headOverTheLimit() {
        let long = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\n\r\n"
        #expect(requestErrorKind(long, limits: small) == .messageTooLarge)
        let unfinished = "GET /" + String(repeating: "a", count: 100)
        #expect(requestErrorKind(unfinished, limits: small) == .messageTooLarge)
        #expect(requestErrorKind("GET /a HTTP/1.1\r\n", limits: small) == nil)
    }

    @Test func bodyOverTheLimit() {
        #expect(requestErrorKind("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits: small) == .messageTooLarge)
        #expect(requestErrorKind("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", limits: small) == nil)
        let chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n"
        #expect(requestErrorKind(chunked, limits: small) == .messageTooLarge)
    }

    @Test func reasonPhrases() {
        #expect(HTTPResponse(status: 413).reason == "Content Too Large")
        #expect(HTTPResponse(status: 431).reason == "Request Header Fields Too Large")
        #expect(HTTPResponse(status: 299).reason == "Unknown")
    }
}
