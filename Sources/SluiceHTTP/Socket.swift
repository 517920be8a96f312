import SluiceSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP socket descriptor and the system calls made on it. A plain value: its owner closes it,
/// once. Failed calls throw `HTTPError` (see `checked`); sends never raise SIGPIPE.
struct Socket: Sendable {
    /// The file descriptor.
    let descriptor: Int32

    /// Runs `call`, a system call that returns a negative value and sets `errno` on failure,
    /// again for as long as it fails with EINTR.
    /// - Throws: `HTTPError.system(errno)` for any other failure.
    @discardableResult
    static func checked<Value: SignedInteger>(_ call: () -> Value) throws(HTTPError) -> Value {
        do {
            return try SystemCall.checked("socket call", call)
        } catch {
            throw HTTPError.system(error.code)
        }
    }

    // MARK: Creating

    /// A blocking socket connected to `address`, the connect bounded by `timeout`.
    static func connect(to address: SocketAddress, timeout: Duration) throws(HTTPError) -> Socket {
        let socket = try stream(family: address.family, nonBlocking: true)
        do {
            try socket.finishConnecting(to: address, timeout: timeout)
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    // MARK: Options

    /// Sends small writes at once (TCP_NODELAY) and bounds each blocking read and write by
    /// `timeout` (zero: unbounded).
    func configureStream(timeout: Duration) throws(HTTPError) {
        try setOption(Int32(IPPROTO_TCP), TCP_NODELAY, Int32(1))
        try setTimeouts(timeout)
    }

    /// Bounds each blocking read and write by `timeout` (zero: unbounded); a read or write that
    /// runs out fails with `timedOut`.
    func setTimeouts(_ timeout: Duration) throws(HTTPError) {
        let value = timeout.socketTimeval
        try setOption(SOL_SOCKET, SO_RCVTIMEO, value)
        try setOption(SOL_SOCKET, SO_SNDTIMEO, value)
    }

    // MARK: Reading and writing

    /// Receives up to `buffer.count` bytes into `buffer`; 0 means the peer closed.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPError) -> Int {
        try Socket.checked { Glibc.recv(descriptor, buffer.baseAddress, buffer.count, 0) }
    }

    /// Receives up to `limit` bytes; empty when the peer closed.
    func receive(upTo limit: Int) throws(HTTPError) -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: limit) {
            (storage: inout UnsafeMutableBufferPointer<UInt8>, count: inout Int) throws(HTTPError) -> Void in
            count = try receive(into: UnsafeMutableRawBufferPointer(storage))
        }
    }

    /// Sends all of `bytes`.
    func send(_ bytes: UnsafeRawBufferPointer) throws(HTTPError) {
        var offset = 0
        while offset < bytes.count {
            let start = offset
            let sent = try Socket.checked {
                Glibc.send(descriptor, bytes.baseAddress! + start, bytes.count - start, Int32(MSG_NOSIGNAL))
            }
            offset += sent
        }
    }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws(HTTPError) {
        try bytes.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(HTTPError) -> Void in
            try send(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Sends a message's `head` and `body`: in one write when the body is small, so that a
    /// small message leaves in one segment.
    func send(head: [UInt8], body: [UInt8]) throws(HTTPError) {
        if body.count <= 16 * 1024 {
            try send(head + body)
        } else {
            try send(head)
            try send(body)
        }
    }

    /// Waits until the socket is ready for `events` (POLLIN, POLLOUT); false when `timeout`
    /// passed first.
    func wait(for events: Int32, timeout: Duration) throws(HTTPError) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        let ready = try Socket.checked { Glibc.poll(&entry, 1, timeout.pollMilliseconds) }
        return ready > 0
    }

    // MARK: Closing

    /// Closes the descriptor.
    func close() {
        _ = Glibc.close(descriptor)
    }

    // MARK: Private

    /// A new stream socket of `family`, close-on-exec.
    private static func stream(family: Int32, nonBlocking: Bool) throws(HTTPError) -> Socket {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let descriptor = try checked { Glibc.socket(family, type, 0) }
        return Socket(descriptor: descriptor)
    }

    /// Completes a non-blocking connect within `timeout`, then makes the socket blocking.
    private func finishConnecting(to address: SocketAddress, timeout: Duration) throws(HTTPError) {
        let (result, code) = address.withSockaddr { (Glibc.connect(descriptor, $0, $1), errno) }
        if result != 0 {
            guard code == EINPROGRESS || code == EINTR else { throw HTTPError.system(code) }
            guard try wait(for: POLLOUT, timeout: timeout) else { throw HTTPError(.timedOut, "timed out") }
            let pending = try pendingError()
            guard pending == 0 else { throw HTTPError.system(pending) }
        }
        try setNonBlocking(false)
    }

    /// The error of a finished non-blocking connect (SO_ERROR), 0 when it succeeded.
    private func pendingError() throws(HTTPError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try Socket.checked { getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    /// Turns O_NONBLOCK on or off.
    private func setNonBlocking(_ enabled: Bool) throws(HTTPError) {
        let flags = try Socket.checked { fcntl(descriptor, F_GETFL) }
        try Socket.checked { fcntl(descriptor, F_SETFL, enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) }
    }

    /// Sets a socket option to `value`.
    private func setOption<Value: BitwiseCopyable>(_ level: Int32, _ name: Int32, _ value: Value) throws(HTTPError) {
        _ = try withUnsafeBytes(of: value) { bytes throws(HTTPError) in
            try Socket.checked { setsockopt(descriptor, level, name, bytes.baseAddress, socklen_t(bytes.count)) }
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up and clamped to 0…Int32.max, for `poll`.
    var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return 0 }
        guard seconds < Int64(Int32.max / 1000) else { return Int32.max }
        return Int32(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// A `timeval` for SO_RCVTIMEO and SO_SNDTIMEO, rounded up to whole microseconds (a zero
    /// value there means no timeout).
    var socketTimeval: timeval {
        let (seconds, attoseconds) = components
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return timeval(tv_sec: 0, tv_usec: 0) }
        let microseconds = (attoseconds + 999_999_999_999) / 1_000_000_000_000
        if microseconds >= 1_000_000 { return timeval(tv_sec: .init(seconds + 1), tv_usec: 0) }
        return timeval(tv_sec: .init(seconds), tv_usec: .init(microseconds))
    }
}
