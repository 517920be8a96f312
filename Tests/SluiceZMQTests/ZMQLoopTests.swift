import Testing

@testable import SluiceZMQ

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct ZMQLoopTests {
    /// A ROUTER on the test thread, bound to an ephemeral loopback port, without queue limits.
    private func makeRouter(_ context: ZMQContext) throws -> (ZMQSocket, String) {
        let router = try ZMQSocket(
            context: context, kind: .router,
            options: [.receiveTimeout(.seconds(10)), .sendHighWaterMark(0), .receiveHighWaterMark(0)])
        try router.bind("tcp://127.0.0.1:*")
        return (router, try router.lastEndpoint)
    }

    /// A loop with one DEALER, "upstream", routing id "loop", connected to `endpoint`.
    private func makeDealerSetup(_ endpoint: String) -> ZMQLoop.Setup {
        { context in
            let dealer = try ZMQSocket(
                context: context, kind: .dealer,
                options: [.routingId(bytes("loop")), .sendHighWaterMark(100), .receiveHighWaterMark(0)])
            try dealer.connect(endpoint)
            return ["upstream": dealer]
        }
    }

    @Test func postsFromManyThreadsArriveInOrderAndRepliesReachTheHandler() throws {
        let context = try ZMQContext(blocky: false)
        let (router, endpoint) = try makeRouter(context)
        defer { router.close() }
        let replies = Recorder<ZMQLoop.Message>()
        let loop = try ZMQLoop(
            context: context, setup: makeDealerSetup(endpoint), onMessage: { message, _ in replies.append(message) })
        defer { loop.stop() }
        #expect(loop.socketNames == ["upstream"])

        let threads = 8
        let perThread = 250
        let posters = try (0..<threads).map { thread in
            try onThread {
                for index in 0..<perThread {
                    loop.post(to: "upstream", frames: [[UInt8(thread)], encode(index), []])
                }
            }
        }
        var next = Array(repeating: 0, count: threads)
        var misordered = 0
        for _ in 0..<threads * perThread {
            let message = try router.receive()
            try #require(message.count == 4)
            #expect(message[0] == bytes("loop"))
            let thread = Int(message[1][0])
            if decode(message[2]) != next[thread] { misordered += 1 }
            next[thread] = decode(message[2]) + 1
            try router.send([message[0], bytes("ack"), message[1], message[2]])
        }
        for poster in posters { poster.join() }
        #expect(misordered == 0)
        #expect(next == Array(repeating: perThread, count: threads))

        #expect(waitUntil { replies.count == threads * perThread })
        var replyNext = Array(repeating: 0, count: threads)
        for reply in replies.values {
            #expect(reply.socket == "upstream")
            guard reply.frames.count == 3, reply.frames[0] == bytes("ack") else {
                Issue.record("unexpected reply \(reply)")
                continue
            }
            let thread = Int(reply.frames[1][0])
            if decode(reply.frames[2]) != replyNext[thread] { misordered += 1 }
            replyNext[thread] = decode(reply.frames[2]) + 1
        }
        #expect(misordered == 0)
    }

    @Test func handlersReplyThroughTheLoopSocketsAndTick() throws {
        let context = try ZMQContext(blocky: false)
        let (router, endpoint) = try makeRouter(context)
        defer { router.close() }
        let ticks = Recorder<Bool>()
        let loop = try ZMQLoop(
            context: context, tickInterval: .milliseconds(10), setup: makeDealerSetup(endpoint),
            onMessage: { message, sockets in
                if message.frames == [bytes("ping")] { sockets.send(to: "upstream", [bytes("pong"), []]) }
            },
            onTick: { sockets in
                if sockets.socket(named: "upstream") != nil, sockets.socket(named: "other") == nil { ticks.append(true) }
            })
        defer { loop.stop() }

        // The hello proves the connection, so that the router can route the ping.
        #expect(loop.post(to: "upstream", frames: [bytes("hello")]))
        #expect(try router.receive() == [bytes("loop"), bytes("hello")])
        try router.send([bytes("loop"), bytes("ping")])
        #expect(try router.receive() == [bytes("loop"), bytes("pong"), []])
        #expect(waitUntil { ticks.count >= 3 })
    }

    @Test func messagesStreamDeliversToAsyncConsumers() async throws {
        let context = try ZMQContext(blocky: false)
        let loop = try ZMQLoop(context: context) { context in
            let pull = try ZMQSocket(context: context, kind: .pull)
            try pull.bind("inproc://loop-stream")
            return ["in": pull]
        }
        let stream = loop.messages()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            loop.stop()
        }
        let failures = Recorder<String>()
        let pusher = try onThread {
            failures.run("pusher") {
                let push = try ZMQSocket(context: context, kind: .push, options: [.linger(.seconds(5))])
                defer { push.close() }
                try push.connect("inproc://loop-stream")
                for index in 0..<20 { try push.send([[UInt8(index)], bytes("payload")]) }
            }
        }

        var received: [UInt8] = []
        for await message in stream {
            #expect(message.socket == "in")
            #expect(message.frames.count == 2)
            received.append(message.frames[0].first ?? 255)
            if received.count == 20 { break }
        }
        watchdog.cancel()
        pusher.join()
        #expect(failures.values.isEmpty)
        #expect(received == (0..<20).map { UInt8($0) })

        loop.stop()
        var afterStop = 0
        for await _ in loop.messages() { afterStop += 1 }
        #expect(afterStop == 0)
    }

    @Test func stopIsPromptAndFinal() throws {
        let context = try ZMQContext(blocky: false)
        let loop = try ZMQLoop(context: context) { context in
            ["idle": try ZMQSocket(context: context, kind: .dealer)]
        }
        usleep(50_000)
        let clock = ContinuousClock()
        let start = clock.now
        loop.stop()
        #expect(start.duration(to: clock.now) < .milliseconds(500))
        #expect(loop.post(to: "idle", frames: [bytes("late")]) == false)
        loop.stop()
        #expect(loop.failure == nil)
    }

    @Test func setupErrorsAreRethrown() throws {
        struct SetupFailure: Error {}
        let context = try ZMQContext(blocky: false)
        #expect(throws: SetupFailure.self) { _ = try ZMQLoop(context: context) { _ in throw SetupFailure() } }
        let error = #expect(throws: ZMQError.self) {
            _ = try ZMQLoop(context: context) { context in
                let socket = try ZMQSocket(context: context, kind: .dealer)
                try socket.connect("nonsense://here")
                return ["bad": socket]
            }
        }
        #expect(error?.operation == "zmq_connect nonsense://here")
    }

    @Test func unroutableSendsAreReported() throws {
        let context = try ZMQContext(blocky: false)
        let failures = Recorder<ZMQError>()
        let loop = try ZMQLoop(
            context: context,
            setup: { context in
                let router = try ZMQSocket(context: context, kind: .router, options: [.routerMandatory(true)])
                try router.bind("inproc://mandatory")
                return ["router": router]
            },
            onSendFailure: { message, error in
                if message.frames.first == bytes("nobody") { failures.append(error) }
            })
        defer { loop.stop() }
        loop.post(to: "router", frames: [bytes("nobody"), bytes("hello")])
        #expect(waitUntil { failures.count == 1 })
        #expect(failures.values.first?.errno == EHOSTUNREACH)
    }

    @Test func terminatingTheContextEndsTheLoop() throws {
        let context = try ZMQContext(blocky: false)
        let loop = try ZMQLoop(context: context) { context in
            ["idle": try ZMQSocket(context: context, kind: .pull)]
        }
        context.terminate()
        #expect(waitUntil { loop.failure != nil })
        #expect(loop.failure?.isTerminated == true)
        #expect(loop.post(to: "idle", frames: [bytes("late")]) == false)
        loop.stop()
    }
}
