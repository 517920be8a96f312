import Testing

@testable import SluiceZMQ

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct ZMQSocketTests {
    @Test func routerServesTwoDealersOnTheirOwnThreads() throws {
        let context = try ZMQContext(blocky: false)
        let router = try ZMQSocket(context: context, kind: .router, options: [.receiveTimeout(.seconds(10))])
        defer { router.close() }
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(Int(endpoint.dropFirst("tcp://127.0.0.1:".count)) != nil)

        let failures = Recorder<String>()
        let ids = ["client-a", "client-b"]
        let clients = try ids.map { id in
            try onThread {
                failures.run(id) {
                    let dealer = try ZMQSocket(
                        context: context, kind: .dealer, options: [.routingId(bytes(id)), .receiveTimeout(.seconds(10))])
                    defer { dealer.close() }
                    try dealer.connect(endpoint)
                    for index in 0..<3 { try dealer.send([bytes("\(id) \(index)")]) }
                    for index in 0..<3 {
                        let reply = try dealer.receive()
                        guard reply == [bytes("echo"), bytes("\(id) \(index)")] else {
                            throw ThreadFailure(description: "unexpected reply \(reply)")
                        }
                    }
                }
            }
        }

        var seen: [String: [String]] = [:]
        for _ in 0..<6 {
            let message = try router.receive()
            try #require(message.count == 2)
            seen[String(decoding: message[0], as: UTF8.self), default: []].append(String(decoding: message[1], as: UTF8.self))
            try router.send([message[0], bytes("echo"), message[1]])
        }
        for client in clients { client.join() }
        #expect(seen == Dictionary(uniqueKeysWithValues: ids.map { id in (id, (0..<3).map { "\(id) \($0)" }) }))
        #expect(failures.values.isEmpty)
    }

    @Test func multipartRoundTripKeepsEmptyAndLargeFrames() throws {
        let context = try ZMQContext(blocky: false)
        let router = try ZMQSocket(context: context, kind: .router, options: [.receiveTimeout(.seconds(10))])
        try router.bind("tcp://127.0.0.1:*")
        let dealer = try ZMQSocket(context: context, kind: .dealer, options: [.receiveTimeout(.seconds(10))])
        try dealer.connect(try router.lastEndpoint)

        let large = (0..<5 * 1024 * 1024).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let frames: [[UInt8]] = [[], bytes("head"), [], large, []]
        try dealer.send(frames)
        let received = try router.receive()
        try #require(received.count == frames.count + 1)
        #expect(Array(received.dropFirst()) == frames)

        try router.send([received[0]] + frames.reversed())
        #expect(try dealer.receive() == Array(frames.reversed()))

        try dealer.send([[]])
        #expect(try router.receive().dropFirst() == [[]])

        let error = #expect(throws: ZMQError.self) { try dealer.send([]) }
        #expect(error?.errno == EINVAL)
        dealer.close()
        router.close()
    }

    @Test func maxMessageSizeDropsOversizedMessages() throws {
        let context = try ZMQContext(blocky: false)
        let router = try ZMQSocket(
            context: context, kind: .router, options: [.maxMessageSize(1024), .receiveTimeout(.milliseconds(300))])
        defer { router.close() }
        try router.bind("tcp://127.0.0.1:*")
        let dealer = try ZMQSocket(
            context: context, kind: .dealer, options: [.routingId(bytes("sender")), .reconnectInterval(.milliseconds(20))])
        defer { dealer.close() }
        try dealer.connect(try router.lastEndpoint)

        try dealer.send([[UInt8](repeating: 7, count: 4096)])
        let dropped = #expect(throws: ZMQError.self) { try router.receive() }
        #expect(dropped?.isTimeout == true)

        // The dealer reconnects; small messages get through, the large one never does.
        let first = try #require(try firstArrival(at: router) { attempt in try dealer.send([bytes("small \(attempt)")]) })
        #expect(first.count == 2)
        #expect(first.first == bytes("sender"))
        #expect(first.last.map { String(decoding: $0, as: UTF8.self).hasPrefix("small ") } == true)
        var sizes: [Int] = []
        while let more = receiveOrNil(router) { sizes.append(more.last?.count ?? 0) }
        #expect(sizes.allSatisfy { $0 < 1024 })
    }

    /// Calls `send(attempt)` and then receives on `socket`, until a message arrives (returned)
    /// or 50 receives timed out (nil).
    private func firstArrival(at socket: ZMQSocket, _ send: (Int) throws -> Void) throws -> [[UInt8]]? {
        for attempt in 0..<50 {
            try send(attempt)
            if let message = receiveOrNil(socket) { return message }
        }
        return nil
    }

    /// The next message on `socket`, or nil when its receive failed (timed out).
    private func receiveOrNil(_ socket: ZMQSocket) -> [[UInt8]]? {
        do {
            return try socket.receive()
        } catch {
            return nil
        }
    }

    @Test func timeoutsReportIsTimeout() throws {
        let context = try ZMQContext(blocky: false)
        let socket = try ZMQSocket(
            context: context, kind: .dealer, options: [.receiveTimeout(.milliseconds(50)), .sendTimeout(.milliseconds(50))])
        defer { socket.close() }
        let clock = ContinuousClock()
        let start = clock.now
        let timedOut = #expect(throws: ZMQError.self) { try socket.receive() }
        #expect(timedOut?.isTimeout == true)
        #expect(start.duration(to: clock.now) >= .milliseconds(40))

        let empty = #expect(throws: ZMQError.self) { try socket.receive(dontWait: true) }
        #expect(empty?.isTimeout == true)
        // A dealer without peers has nowhere to queue a message.
        let unsent = #expect(throws: ZMQError.self) { try socket.send([bytes("nobody")]) }
        #expect(unsent?.isTimeout == true)
        #expect(unsent?.isTerminated == false)
        #expect(unsent?.description.hasPrefix("zmq_send: ") == true)
    }

    @Test func pollReportsReadability() throws {
        let context = try ZMQContext(blocky: false)
        let pull = try ZMQSocket(context: context, kind: .pull)
        defer { pull.close() }
        try pull.bind("tcp://127.0.0.1:*")
        let push = try ZMQSocket(context: context, kind: .push)
        defer { push.close() }
        try push.connect(try pull.lastEndpoint)

        #expect(try ZMQPoll.poll([ZMQPollItem(socket: pull)], timeout: .milliseconds(50)) == [false])
        #expect(try ZMQPoll.pollEvents([ZMQPollItem(socket: push, events: .writable)], timeout: .seconds(5)) == [.writable])
        try push.send([bytes("ready")])
        #expect(try ZMQPoll.poll([ZMQPollItem(socket: pull), ZMQPollItem(socket: push)], timeout: .seconds(10)) == [true, false])
        #expect(try pull.receive(dontWait: true) == [bytes("ready")])
        #expect(try ZMQPoll.poll([ZMQPollItem(socket: pull)], timeout: .zero) == [false])

        var descriptors: [Int32] = [-1, -1]
        try #require(pipe(&descriptors) == 0)
        defer { for descriptor in descriptors { _ = close(descriptor) } }
        let pipeItem = ZMQPollItem(descriptor: descriptors[0])
        #expect(try ZMQPoll.poll([pipeItem, ZMQPollItem(socket: pull)], timeout: .zero) == [false, false])
        var byte: UInt8 = 1
        try #require(write(descriptors[1], &byte, 1) == 1)
        #expect(try ZMQPoll.poll([pipeItem, ZMQPollItem(socket: pull)], timeout: .seconds(10)) == [true, false])
    }

    @Test func closedSocketsAndTerminatedContextsFail() throws {
        let context = try ZMQContext(blocky: false)
        let socket = try ZMQSocket(context: context, kind: .pair)
        socket.close()
        socket.close()
        #expect(socket.isClosed)
        let closed = #expect(throws: ZMQError.self) { try socket.bind("inproc://closed") }
        #expect(closed?.errno == ENOTSOCK)

        let invalid = #expect(throws: ZMQError.self) { try ZMQSocket(context: context, kind: .pair).bind("nonsense") }
        #expect(invalid?.operation == "zmq_bind nonsense")

        context.terminate()
        context.terminate()
        #expect(context.isTerminated)
        let late = #expect(throws: ZMQError.self) { try ZMQSocket(context: context, kind: .pair) }
        #expect(late?.isTerminated == true)
    }

    #if DEBUG
        @Test func usingASocketOffItsThreadStopsDebugBuilds() async {
            await #expect(processExitsWith: .failure) {
                let context = try ZMQContext(blocky: false)
                nonisolated(unsafe) let socket = try ZMQSocket(context: context, kind: .pair)
                try ZMQThread.start { _ = try? socket.bind("inproc://elsewhere") }.join()
            }
        }
    #endif

    @Test func terminatingTheContextWakesABlockedReceiver() throws {
        let context = try ZMQContext(blocky: false)
        let outcome = Recorder<ZMQError>()
        let ready = Recorder<Bool>()
        let receiver = try onThread {
            do throws(ZMQError) {
                let socket = try ZMQSocket(context: context, kind: .pull)
                defer { socket.close() }
                try socket.bind("inproc://blocked")
                ready.append(true)
                _ = try socket.receive()
            } catch {
                outcome.append(error)
            }
        }
        #expect(waitUntil { ready.count == 1 })
        usleep(20_000)
        context.terminate()
        receiver.join()
        #expect(outcome.values.map(\.isTerminated) == [true])
    }
}
