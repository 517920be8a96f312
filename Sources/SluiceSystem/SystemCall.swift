#if canImport(Glibc)
    import Glibc
#endif

/// The one error type of `SluiceSystem`: a system call that failed, what it was doing, and
/// its `errno`. Each module turns it into its own error type.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, naming the path or the peer ("cannot open /var/x").
    public let operation: String
    /// The `errno` of the failure.
    public let code: Int32

    /// Creates an error for `operation` that failed with `code`.
    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The system's words for `code` (`strerror`).
    public var reason: String { String(cString: strerror(code)) }

    /// The operation and the reason.
    public var description: String { "\(operation): \(reason)" }
}

/// Checked system calls, in one place for sockets, segment files, mapped and read source files,
/// durable files and locks: a call interrupted by a signal (`EINTR`) is made again, and any other
/// failure becomes a `SystemCallError` naming the operation.
public enum SystemCall {
    /// The error for the current `errno`.
    public static func failure(_ operation: String) -> SystemCallError {
        SystemCallError(operation, code: errno)
    }

    /// Runs `call`, a system call that returns a negative value and sets `errno` on failure,
    /// again for as long as it fails with `EINTR`.
    /// - Throws: `SystemCallError` naming `operation` for any other failure.
    @inlinable @discardableResult
    public static func checked<Value: SignedInteger>(
        _ operation: @autoclosure () -> String, _ call: () -> Value
    ) throws(SystemCallError) -> Value {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            guard code == EINTR else { throw SystemCallError(operation(), code: code) }
        }
    }

    /// Opens `path` with `flags` (`O_CLOEXEC` is added) and, when it creates the file, `mode`.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try checked("cannot open \(path)") { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Writes all of `bytes` to `descriptor`, at `offset` (`pwrite`) or at the file's position.
    public static func writeAll(
        _ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64? = nil, path: String
    ) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let start = bytes.baseAddress! + done
            let remaining = bytes.count - done
            done += try checked("cannot write \(path)") {
                if let offset { return pwrite(descriptor, start, remaining, off_t(offset) + off_t(done)) }
                return write(descriptor, start, remaining)
            }
        }
    }

    /// Writes all of `bytes` to `descriptor`, at `offset` (`pwrite`) or at the file's position.
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], at offset: Int64? = nil, path: String) throws(SystemCallError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try writeAll(descriptor, buffer, at: offset, path: path) }
        }.get()
    }

    /// Reads into `buffer` from `offset` until it is full or the file ends.
    /// - Returns: The bytes read: fewer than the buffer's size when the file ends first.
    public static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String
    ) throws(SystemCallError) -> Int {
        var done = 0
        while done < buffer.count {
            let start = buffer.baseAddress! + done
            let remaining = buffer.count - done
            let got = try checked("cannot read \(path)") { pread(descriptor, start, remaining, off_t(offset) + off_t(done)) }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Flushes the file or directory at `path` to disk (after writing it, or creating, renaming
    /// or removing a file in the directory).
    public static func sync(path: String) throws(SystemCallError) {
        let descriptor = try open(path, O_RDONLY)
        defer { close(descriptor) }
        try checked("cannot fsync \(path)") { fsync(descriptor) }
    }

    /// Takes `flock`'s lock on `descriptor`, shared or exclusive, waiting for it.
    public static func lock(_ descriptor: Int32, exclusive: Bool, path: String) throws(SystemCallError) {
        try checked("cannot lock \(path)") { flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) }
    }
}
