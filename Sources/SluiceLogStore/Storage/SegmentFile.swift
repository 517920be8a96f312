import SluiceLogClient
import SluiceSystem

#if canImport(Glibc)
    import Glibc
#endif

/// One open segment file of a shard: records from `baseSequence` on. The descriptor closes when
/// the last reader lets go, so retention can drop a segment while a pull still reads it.
final class SegmentFile: Sendable {
    /// The file's path, for messages.
    let path: String
    /// The sequence number of the file's first record (also its name).
    let baseSequence: Int64
    /// The open file, for `sendfile`; valid while this object lives.
    let descriptor: Int32

    /// The file name of the segment starting at `baseSequence`.
    static func name(baseSequence: Int64) -> String {
        let digits = String(baseSequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".seg"
    }

    /// Opens (creating if `create`) the segment at `path`.
    init(path: String, baseSequence: Int64, create: Bool) throws(LogStoreError) {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let descriptor = open(path, flags, StorageFiles.fileMode)
        guard descriptor >= 0 else { throw StorageCall.error("cannot open \(path)") }
        self.path = path
        self.baseSequence = baseSequence
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The file's size in bytes.
    func size() throws(LogStoreError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StorageCall.error("cannot stat \(path)") }
        return Int64(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset`; fewer when the file ends first.
    func read(at offset: Int64, count: Int) throws(LogStoreError) -> [UInt8] {
        let descriptor = self.descriptor
        let path = self.path
        // Not zero-filled first: pread overwrites what it returns, and only that is kept.
        return try StorageCall.run { () throws(SystemCallError) in
            try [UInt8](unsafeUninitializedCapacity: count) {
                (buffer: inout UnsafeMutableBufferPointer<UInt8>, initialized: inout Int) throws(SystemCallError) -> Void in
                initialized = try SystemCall.readFully(
                    descriptor, into: UnsafeMutableRawBufferPointer(buffer), at: offset, path: path)
            }
        }
    }

    /// Reads the record at `offset`: its header, and its payload straight into `payload` (which
    /// must be the payload's size), in one `preadv`.
    /// - Returns: The header, or nil when the file ends first or the header is not one.
    func readRecord(at offset: Int64, payloadInto payload: UnsafeMutableRawBufferPointer) throws(LogStoreError) -> RecordHeader? {
        var header = [UInt8](repeating: 0, count: RecordHeader.size)
        let wanted = RecordHeader.size + payload.count
        var done = 0
        while done < wanted {
            let got = header.withUnsafeMutableBytes { headerBytes -> Int in
                var vectors: [iovec] = []
                if done < RecordHeader.size {
                    vectors.append(iovec(iov_base: headerBytes.baseAddress! + done, iov_len: RecordHeader.size - done))
                }
                let payloadDone = max(0, done - RecordHeader.size)
                if payload.count > payloadDone {
                    vectors.append(iovec(iov_base: payload.baseAddress! + payloadDone, iov_len: payload.count - payloadDone))
                }
                return preadv(descriptor, vectors, Int32(vectors.count), off_t(offset) + off_t(done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageCall.error("cannot read \(path)")
            }
            if got == 0 { return nil }
            done += got
        }
        return header.withUnsafeBytes { RecordHeader($0) }
    }

    /// Writes all of `bytes` at `offset`; on failure the file is cut back to `offset`.
    func write(_ bytes: [UInt8], at offset: Int64) throws(LogStoreError) {
        do {
            try SystemCall.writeAll(descriptor, bytes, at: offset, path: path)
        } catch {
            _ = ftruncate(descriptor, off_t(offset))
            throw LogStoreError(error)
        }
    }

    /// Flushes written data to disk.
    func sync() throws(LogStoreError) {
        try StorageCall.run { () throws(SystemCallError) in
            try SystemCall.checked("cannot fsync \(path)") { fdatasync(descriptor) }
        }
    }

    /// Cuts the file to `size` bytes (a torn tail found on start).
    func truncate(to size: Int64) throws(LogStoreError) {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw StorageCall.error("cannot truncate \(path)") }
    }
}
