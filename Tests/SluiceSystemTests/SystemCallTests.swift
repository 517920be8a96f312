import Foundation
import SluiceSystem
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SystemCallTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "sluice-system-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    @Test func aFailedCallNamesTheOperationAndTheSystemsReason() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/file"
        #expect(throws: SystemCallError("cannot open \(missing)", code: ENOENT)) {
            try SystemCall.open(missing, O_RDONLY)
        }
        let error = SystemCallError("cannot open \(missing)", code: ENOENT)
        #expect(error.description == "cannot open \(missing): No such file or directory")
    }

    @Test func writesAtOffsetsAndReadsBackUntilTheFileEnds() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data"
        let descriptor = try SystemCall.open(path, O_RDWR | O_CREAT, mode: 0o600)
        defer { close(descriptor) }
        let first = Array("hello ".utf8), second = Array("world".utf8)
        try first.withUnsafeBytes { bytes in Result { () throws(SystemCallError) in try SystemCall.writeAll(descriptor, bytes, path: path) } }.get()
        try second.withUnsafeBytes { bytes in
            Result { () throws(SystemCallError) in try SystemCall.writeAll(descriptor, bytes, at: 6, path: path) }
        }.get()
        try SystemCall.sync(path: path)
        try SystemCall.sync(path: directory)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer { buffer.deallocate() }
        let whole = try SystemCall.readFully(descriptor, into: buffer, at: 0, path: path)
        #expect(whole == 11)
        #expect(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<whole]), as: UTF8.self) == "hello world")
        let tail = try SystemCall.readFully(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<3]), at: 8, path: path)
        #expect(tail == 3)
        #expect(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<3]), as: UTF8.self) == "rld")
        #expect(try SystemCall.readFully(descriptor, into: buffer, at: 100, path: path) == 0)
    }

    @Test func aWriteToAReadOnlyDescriptorFailsWithItsPath() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/read-only"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        let descriptor = try SystemCall.open(path, O_RDONLY)
        defer { close(descriptor) }
        let bytes = Array("y".utf8)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try SystemCall.writeAll(descriptor, buffer, path: path) }
        }
        #expect(throws: SystemCallError("cannot write \(path)", code: EBADF)) { try result.get() }
    }

    @Test func anExclusiveLockShutsOutAnotherDescriptorUntilItIsClosed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/lock"
        let holder = try SystemCall.open(path, O_RDWR | O_CREAT, mode: 0o600)
        try SystemCall.lock(holder, exclusive: true, path: path)
        let other = try SystemCall.open(path, O_RDWR)
        defer { close(other) }
        #expect(flock(other, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        close(holder)
        try SystemCall.lock(other, exclusive: false, path: path)
    }
}
