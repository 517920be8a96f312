/// The handlers a `ZMQLoop` calls on its thread.
struct ZMQLoopHandlers: Sendable {
    let onMessage: @Sendable (ZMQLoop.Message, ZMQLoopSockets) -> Void
    let onTick: @Sendable (ZMQLoopSockets) -> Void
    let onSendFailure: @Sendable (ZMQLoop.Message, ZMQError) -> Void
}

/// The body of a `ZMQLoop` thread: poll the sockets and the mailbox, send what was posted,
/// deliver what arrives, tick, until asked to stop.
struct ZMQLoopRunner {
    /// How long a socket waits before a retry when it reports room it does not have.
    static let retryInterval: Duration = .milliseconds(2)
    /// At most this many messages are taken from one socket per round, so that one busy socket
    /// does not starve the others, the posts and the ticks.
    static let receiveBatch = 256

    let sockets: ZMQLoopSockets
    let mailbox: ZMQMailbox
    let subscribers: ZMQLoopSubscribers
    let handlers: ZMQLoopHandlers
    let tickInterval: Duration?

    /// Runs until a stop is requested (nil) or a socket fails (the error, e.g. `isTerminated`).
    func run() -> ZMQError? {
        let clock = ContinuousClock()
        var nextTick = tickInterval.map { clock.now + $0 }
        while true {
            sockets.flush(onFailure: handlers.onSendFailure)
            var items = [ZMQPollItem(descriptor: mailbox.wakeDescriptor)]
            for index in 0..<sockets.count {
                items.append(ZMQPollItem(socket: sockets.socket(at: index), events: sockets.pollEvents(at: index)))
            }
            var timeout = nextTick.map { max(.zero, clock.now.duration(to: $0)) }
            if sockets.needsRetryTimer { timeout = min(timeout ?? Self.retryInterval, Self.retryInterval) }
            let ready: [ZMQPollItem.Events]
            do {
                ready = try ZMQPoll.pollEvents(items, timeout: timeout)
            } catch {
                return error
            }

            let (posted, stopping) = mailbox.collect()
            for message in posted { sockets.send(to: message.socket, message.frames) }
            if stopping {
                sockets.flush(onFailure: handlers.onSendFailure)
                return nil
            }

            for index in 0..<sockets.count {
                let events = ready[index + 1]
                if events.contains(.writable) { sockets.noteWritable(at: index) }
                if events.contains(.readable), let failure = receive(at: index) { return failure }
            }

            if let interval = tickInterval, let deadline = nextTick, clock.now >= deadline {
                handlers.onTick(sockets)
                // Late ticks are not made up for: the next one is a whole interval away at least.
                let now = clock.now
                nextTick = deadline + interval > now ? deadline + interval : now + interval
            }
        }
    }

    /// Takes up to a batch of waiting messages from the socket at `index` and delivers each to
    /// `onMessage` and the streams.
    /// - Returns: the error of a failed receive, which ends the loop.
    private func receive(at index: Int) -> ZMQError? {
        let socket = sockets.socket(at: index)
        for _ in 0..<Self.receiveBatch {
            let frames: [[UInt8]]
            do {
                frames = try socket.receive(dontWait: true)
            } catch let error where error.isTimeout {
                return nil
            } catch {
                return error
            }
            let message = ZMQLoop.Message(socket: sockets.names[index], frames: frames)
            handlers.onMessage(message, sockets)
            subscribers.broadcast(message)
        }
        return nil
    }
}
