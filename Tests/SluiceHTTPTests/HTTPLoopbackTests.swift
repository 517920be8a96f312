import Testing

@testable import SluiceHTTP

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct HTTPLoopbackTests {
    @Test func keepAliveReusesOneConnection() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        for index in 0..<5 {
            let body = Array("request \(index)".utf8)
            let response = try connection.send(HTTPRequest(method: "POST", path: "/echo/\(index)", body: body))
            #expect(response.status == 200)
            #expect(response.reason == "OK")
            #expect(response.body == body)
            #expect(response.headers["x-method"] == "POST")
            #expect(response.headers["x-path"] == "/echo/\(index)")
            #expect(response.headers["content-length"] == String(body.count))
            #expect(response.headers["Connection"] == nil)
        }
        #expect(connection.isConnected)
        #expect(server.acceptedConnections == 1)
    }

    @Test func largeBodyRoundTrip() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let body = (0..<5 * 1024 * 1024).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let response = try connection.send(HTTPRequest(method: "POST", path: "/big", body: body))
        #expect(response.status == 200)
        #expect(response.body.count == body.count)
        #expect(response.body == body)
        let small = try connection.send(HTTPRequest(method: "POST", path: "/small", body: [1, 2, 3]))
        #expect(small.body == [1, 2, 3])
        #expect(server.acceptedConnections == 1)
    }

    @Test func queryIsPercentEncodedAndDecoded() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let built = HTTPRequest(method: "GET", path: "/logstores/s", query: [("cursor", "MA=="), ("type", "cursor")])
        #expect(built.target == "/logstores/s?cursor=MA%3D%3D&type=cursor")
        #expect(try connection.send(built).headers["X-Query"] == "cursor=MA==&type=cursor")

        let raw = try HTTPRequest(method: "GET", target: "/logstores/s?cursor=MA%3D%3D")
        #expect(try connection.send(raw).headers["X-Query"] == "cursor=MA==")

        let absolute = try HTTPRequest(method: "GET", target: "http://proj.127.0.0.1:\(server.port)/logstores/s?x=1")
        let answer = try connection.send(absolute)
        #expect(answer.headers["X-Path"] == "/logstores/s")
        #expect(answer.headers["X-Query"] == "x=1")
    }

    @Test func garbageGets400AndTheServerGoesOn() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let answer = try parseResponse(rawExchange(port: server.port, "THIS IS NOT HTTP\r\n\r\n"))
        #expect(answer.status == 400)
        #expect(answer.headers["Connection"] == "close")
        #expect(!answer.body.isEmpty)

        try rawSendAndClose(port: server.port, "POST /half HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly")
        try rawSendAndClose(port: server.port, "GET / HT")

        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let response = try connection.send(HTTPRequest(method: "GET", path: "/after"))
        #expect(response.status == 200)
        #expect(response.headers["X-Path"] == "/after")
    }

    @Test func chunkedRequestAndHTTP10() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let chunked = try parseResponse(
            rawExchange(
                port: server.port,
                "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"),
            to: "POST")
        #expect(chunked.status == 200)
        #expect(chunked.body == Array("hello world".utf8))
        #expect(chunked.headers["Connection"] == "close")

        let old = try parseResponse(rawExchange(port: server.port, "GET /old HTTP/1.0\r\n\r\n"))
        #expect(old.status == 200)
        #expect(old.headers["X-Path"] == "/old")
        #expect(old.headers["Connection"] == "close")
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let closing = try connection.send(HTTPRequest(method: "GET", path: "/a", headers: ["Connection": "close"]))
        #expect(closing.status == 200)
        #expect(closing.headers["Connection"] == "close")
        #expect(!connection.isConnected)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/b")).status == 200)
        #expect(server.acceptedConnections == 2)
    }

    @Test func headAnswersCarryLengthButNoBody() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let head = try connection.send(HTTPRequest(method: "HEAD", path: "/fixed"))
        #expect(head.headers["Content-Length"] == "3")
        #expect(head.body.isEmpty)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/fixed")).body == Array("abc".utf8))
        #expect(server.acceptedConnections == 1)
    }

    @Test func oversizedMessagesGet413And431() throws {
        let server = try makeEchoServer(limits: HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 1024))
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let large = try connection.send(
            HTTPRequest(method: "POST", path: "/", body: [UInt8](repeating: 7, count: 4096)))
        #expect(large.status == 413)
        #expect(large.headers["Connection"] == "close")
        #expect(!connection.isConnected)

        let headers: HTTPHeaders = ["X-Big": String(repeating: "b", count: 4000)]
        let wide = try connection.send(HTTPRequest(method: "GET", path: "/", headers: headers))
        #expect(wide.status == 431)

        #expect(try connection.send(HTTPRequest(method: "GET", path: "/fine")).status == 200)
    }

    @Test func concurrentClients() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        let port = server.port
        let outcomes = ClientOutcomes()
        let threads = try (0..<6).map { client in
            try spawnThread(detached: false) {
                let connection = HTTPConnection(host: "127.0.0.1", port: port)
                for index in 0..<20 {
                    let body = Array("client \(client) request \(index)".utf8)
                    do {
                        let response = try connection.send(HTTPRequest(method: "PUT", path: "/c\(client)", body: body))
                        outcomes.record(response.body == body ? nil : "client \(client): wrong body")
                    } catch {
                        outcomes.record("client \(client): \(error)")
                    }
                }
            }
        }
        for thread in threads { joinThread(thread) }
        #expect(outcomes.failures.isEmpty)
        #expect(outcomes.successes == 120)
        #expect(server.acceptedConnections == 6)
    }

    @Test func idleClosedConnectionIsReplaced() throws {
        let server = try makeEchoServer(limits: HTTPLimits(idleTimeout: .milliseconds(200)))
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/1")).status == 200)
        usleep(700_000)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/2")).status == 200)
        #expect(server.acceptedConnections == 2)
    }

    @Test func stoppedServerRefusesWithHostAndPort() throws {
        let server = try makeEchoServer()
        let port = server.port
        let connection = HTTPConnection(host: "127.0.0.1", port: port)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/")).status == 200)
        server.stop()
        #expect(server.openConnections == 0)
        do {
            _ = try connection.send(HTTPRequest(method: "GET", path: "/"))
            Issue.record("a stopped server answered")
        } catch {
            #expect(error.kind == .connectionRefused)
            #expect(error.description == "cannot connect to 127.0.0.1:\(port): connection refused")
        }
    }

    @Test func closedPortFailsFast() throws {
        let server = try HTTPServer(host: "127.0.0.1", port: 0) { _ in HTTPResponse(status: 204) }
        let port = server.port
        server.stop()
        let connection = HTTPConnection(host: "127.0.0.1", port: port, timeout: .seconds(10))
        let start = ContinuousClock.now
        do {
            _ = try connection.send(HTTPRequest(method: "GET", path: "/"))
            Issue.record("a closed port answered")
        } catch {
            #expect(error.kind == .connectionRefused)
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func listeningOnABusyPortFails() throws {
        let server = try makeEchoServer()
        defer { server.stop() }
        do {
            _ = try HTTPServer(host: "127.0.0.1", port: server.port) { _ in HTTPResponse(status: 200) }
            Issue.record("two servers listen on one port")
        } catch {
            #expect(error.description.hasPrefix("cannot listen on 127.0.0.1:\(server.port):"))
        }
    }
}
