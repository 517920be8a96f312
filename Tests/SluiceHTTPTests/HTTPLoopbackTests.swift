import Foundation
import Testing

@testable import SluiceHTTP

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct HTTPLoopbackTests {
    @Test func keepAliveReusesOneConnection() throws {
        let server = try EchoServer()
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
        let server = try EchoServer()
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
        let server = try EchoServer()
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

    @Test func connectionCloseIsHonoured() throws {
        let server = try EchoServer()
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
        let server = try EchoServer()
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        let head = try connection.send(HTTPRequest(method: "HEAD", path: "/fixed"))
        #expect(head.headers["Content-Length"] == "3")
        #expect(head.body.isEmpty)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/fixed")).body == Array("abc".utf8))
        #expect(server.acceptedConnections == 1)
    }

    @Test func concurrentClients() throws {
        let server = try EchoServer()
        defer { server.stop() }
        let port = server.port
        let outcomes = ClientOutcomes()
        let group = DispatchGroup()
        for client in 0..<6 {
            group.enter()
            Thread {
                defer { group.leave() }
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
            }.start()
        }
        group.wait()
        #expect(outcomes.failures.isEmpty)
        #expect(outcomes.successes == 120)
        #expect(server.acceptedConnections == 6)
    }

    @Test func idleClosedConnectionIsReplaced() throws {
        let server = try EchoServer(idleTimeout: .milliseconds(200))
        defer { server.stop() }
        let connection = HTTPConnection(host: "127.0.0.1", port: server.port)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/1")).status == 200)
        usleep(700_000)
        #expect(try connection.send(HTTPRequest(method: "GET", path: "/2")).status == 200)
        #expect(server.acceptedConnections == 2)
    }

    @Test func stoppedServerRefusesWithHostAndPort() throws {
        let server = try EchoServer()
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
        let server = try EchoServer()
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
}
