import CZeroMQ

#if canImport(Glibc)
    import Glibc
#endif

/// The one way this module makes a C call that can fail: check the result, retry on EINTR,
/// throw the rest as `ZMQError`.
enum ZMQCall {
    /// Runs `call`, a libzmq function that returns a negative value and sets `zmq_errno()` on
    /// failure, again for as long as it fails with EINTR.
    /// - Throws: `ZMQError` naming `operation` for any other failure.
    @discardableResult
    static func checked(_ operation: @autoclosure () -> String, _ call: () -> Int32) throws(ZMQError) -> Int32 {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = zmq_errno()
            guard code == EINTR else { throw ZMQError(errno: code, operation: operation()) }
        }
    }

    /// Runs `call`, a system call that returns a negative value and sets `errno` on failure,
    /// again for as long as it fails with EINTR.
    /// - Throws: `ZMQError` naming `operation` for any other failure.
    @discardableResult
    static func system<Value: SignedInteger>(_ operation: @autoclosure () -> String, _ call: () -> Value)
        throws(ZMQError) -> Value
    {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            guard code == EINTR else { throw ZMQError(errno: code, operation: operation()) }
        }
    }
}

extension Duration {
    /// Whole milliseconds for a libzmq option or `zmq_poll`: rounded up (so that a short, non-zero
    /// wait does not become "don't wait"), clamped to 0…Int32.max.
    var zmqMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return 0 }
        guard seconds < Int64(Int32.max / 1000) else { return Int32.max }
        return Int32(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

extension Optional where Wrapped == Duration {
    /// Milliseconds for a libzmq timeout option or `zmq_poll`: -1 (wait forever) when nil.
    var zmqMilliseconds: Int32 {
        map(\.zmqMilliseconds) ?? -1
    }
}
