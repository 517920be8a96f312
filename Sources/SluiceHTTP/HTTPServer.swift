import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 server: one thread accepts, and each connection is served on its own
/// thread (keep-alive; no pipelining), calling `handler` for each request.
///
/// The server sets `Content-Length` and `Connection` on every answer. Malformed requests get 400,
/// a head over the limit 431, a body over the limit 413, a connection beyond `maxConnections`
/// 503; each is closed after its answer. Client misbehaviour (resets, partial requests, idling)
/// only ends that client's connection.
public final class HTTPServer: Sendable {
    /// The host given to `init`.
    public let host: String
    /// The bound port (the ephemeral one chosen when `init` was given 0).
    public let port: Int
    /// The limits enforced on clients.
    public let limits: HTTPLimits
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let listener: Socket
    private let state = Mutex(State())

    private struct State {
        var started = false
        var stopping = false
        var listenerClosed = false
        var acceptThread: pthread_t?
        /// Descriptors of the connections being served; each thread removes its own and closes it.
        var connections: Set<Int32> = []
        var accepted = 0
    }

    /// Binds `host:port` and listens at once; nothing is served until `start()`.
    /// - Parameters:
    ///   - host: an IPv4 or IPv6 address, "0.0.0.0" for every interface, or "localhost"
    ///     (127.0.0.1).
    ///   - port: the port; 0 picks a free one (see `port`).
    ///   - handler: answers one request; called on the connection's thread, concurrently for
    ///     different connections.
    /// - Throws: `HTTPError` naming `host:port` when it cannot listen there.
    public init(
        host: String, port: Int, limits: HTTPLimits = HTTPLimits(),
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws(HTTPError) {
        guard (0...65535).contains(port) else {
            throw HTTPError(.io(errno: EINVAL), "cannot listen on \(host):\(port): invalid port")
        }
        let listener: Socket
        do {
            listener = try Socket.listen(host: host, port: port, backlog: SOMAXCONN)
        } catch {
            throw error.prefixed("cannot listen on \(host):\(port)")
        }
        let boundPort: Int
        do {
            boundPort = try listener.localPort()
        } catch {
            listener.close()
            throw error.prefixed("cannot listen on \(host):\(port)")
        }
        self.host = host
        self.port = boundPort
        self.limits = limits
        self.handler = handler
        self.listener = listener
    }

    deinit {
        closeListener()
    }

    /// Starts accepting connections on a new thread and returns. Calling it again, or after
    /// `stop()`, does nothing.
    public func start() {
        state.withLock { state in
            guard !state.started, !state.stopping else { return }
            state.started = true
            do {
                state.acceptThread = try spawnThread(detached: false) { [self] in acceptConnections() }
            } catch {
                fatalError("cannot start the HTTP server on \(host):\(port): \(error)")
            }
        }
    }

    /// Stops: closes the listening socket (new connections are refused) and shuts down every open
    /// connection, then waits for the accepting thread to end and for handlers in progress to
    /// return. Calling it again does nothing. Do not call it from a handler.
    public func stop() {
        let (isFirstStop, acceptThread) = state.withLock { state -> (Bool, pthread_t?) in
            guard !state.stopping else { return (false, nil) }
            state.stopping = true
            for descriptor in state.connections { Socket(descriptor: descriptor).shutdown() }
            return (true, state.acceptThread)
        }
        guard isFirstStop else { return }
        listener.shutdown()
        if let acceptThread { joinThread(acceptThread) }
        while state.withLock({ !$0.connections.isEmpty }) { usleep(1000) }
        closeListener()
    }

    /// Connections taken on since `start()` (not counting those refused with 503).
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Connections being served now.
    public var openConnections: Int { state.withLock { $0.connections.count } }

    // MARK: Private

    private var isStopping: Bool { state.withLock { $0.stopping } }

    /// The accepting thread: waits for connections (waking now and then to see `stop()`) and
    /// hands each to a thread of its own.
    private func acceptConnections() {
        while !isStopping {
            do {
                if try listener.wait(for: POLLIN, timeout: .milliseconds(250)),
                    let connection = try listener.accept()
                {
                    admit(connection)
                }
            } catch {
                // Out of descriptors, or another passing failure: back off rather than spin.
                usleep(20_000)
            }
        }
    }

    /// What becomes of an accepted connection.
    private enum Admission {
        case serve
        case busy
        case stopping
    }

    /// Registers `connection` and starts its thread, or refuses it.
    private func admit(_ connection: Socket) {
        let admission = state.withLock { state -> Admission in
            if state.stopping { return .stopping }
            if state.connections.count >= limits.maxConnections { return .busy }
            state.connections.insert(connection.descriptor)
            state.accepted += 1
            return .serve
        }
        switch admission {
        case .stopping:
            connection.close()
        case .busy:
            ServerConnection.refuse(connection)
        case .serve:
            do {
                try spawnThread(detached: true) { [self] in serve(connection) }
            } catch {
                state.withLock { state in
                    _ = state.connections.remove(connection.descriptor)
                    state.accepted -= 1
                }
                ServerConnection.refuse(connection)
            }
        }
    }

    /// A connection's thread: serves it, then unregisters and closes it (under the lock, so that
    /// `stop()` never shuts down a descriptor that was closed and reused).
    private func serve(_ connection: Socket) {
        let served = ServerConnection(
            socket: connection, limits: limits, handler: handler, isStopping: { [self] in isStopping })
        served.run()
        state.withLock { state in
            _ = state.connections.remove(connection.descriptor)
            connection.close()
        }
    }

    /// Closes the listening socket, once.
    private func closeListener() {
        state.withLock { state in
            guard !state.listenerClosed else { return }
            state.listenerClosed = true
            listener.close()
        }
    }
}
