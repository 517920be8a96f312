import Foundation
import SluiceFiles
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-files-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The permission bits of the file at `path` (`stat`, not following nothing: the path itself).
func mode(_ path: String) -> mode_t {
    var status = stat()
    guard stat(path, &status) == 0 else { return 0xFFFF }
    return status.st_mode & 0o7777
}

/// `DurableFile.replace` and `makePrivateDirectory` on a real file system.
struct DurableFileTests {
    @Test func aReplacedFileHoldsTheNewBytesAndNoTemporaryIsLeft() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = scratch.file("catalog.json")
        let temporary = scratch.file("catalog.json.tmp")
        try Data("old".utf8).write(to: target)
        try DurableFile.replace(target, with: Data("new contents".utf8), via: temporary)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new contents")
        #expect(!FileManager.default.fileExists(atPath: temporary.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["catalog.json"])
    }

    @Test func everyByteOfALargeFileIsWritten() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // 3 MiB + 7 bytes of a pattern whose every byte depends on its position.
        let data = Data((0..<(3 << 20) + 7).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
        try DurableFile.replace(scratch.file("big"), with: data, via: scratch.file(".big.tmp"))
        #expect(try Data(contentsOf: scratch.file("big")) == data)
    }

    /// A reader that opened the old file keeps reading it whole: the new file is another inode
    /// renamed over it, not the old one truncated and rewritten.
    @Test func aReaderOfTheOldFileNeverSeesATornFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = scratch.file("state")
        let old = Data(repeating: 0x41, count: 10_000)
        try old.write(to: target)
        let reader = try FileHandle(forReadingFrom: target)
        defer { try? reader.close() }
        try DurableFile.replace(target, with: Data(repeating: 0x42, count: 50), via: scratch.file(".state.tmp"))
        #expect(try reader.readToEnd() == old)
        #expect(try Data(contentsOf: target) == Data(repeating: 0x42, count: 50))
    }

    @Test func theNewFileIsPrivateWhateverTheOldFileAndALeftOverTemporaryAllowed() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = scratch.file("metadata")
        let temporary = scratch.file(".metadata.tmp")
        try Data("old".utf8).write(to: target)
        #expect(chmod(target.path, 0o644) == 0)
        // A temporary left by a crash, readable by everyone and holding another secret.
        try Data("a leftover secret that is longer".utf8).write(to: temporary)
        #expect(chmod(temporary.path, 0o666) == 0)
        try DurableFile.replace(target, with: Data("password=s3cret".utf8), via: temporary)
        #expect(mode(target.path) == 0o600)
        #expect(DurableFile.fileMode == 0o600)
        #expect(try String(contentsOf: target, encoding: .utf8) == "password=s3cret")
    }

    @Test func aWriteThatCannotStartLeavesTheOldFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = scratch.file("catalog.json")
        try Data("old catalog".utf8).write(to: target)
        // The temporary's directory does not exist, then the temporary's name is a directory.
        let missing = scratch.file("no-such-directory/catalog.json.tmp")
        #expect {
            try DurableFile.replace(target, with: Data("new".utf8), via: missing)
        } throws: { error in
            (error as? FileError)?.message.contains(missing.path) == true
        }
        let directory = scratch.file("catalog.json.tmp")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        #expect(throws: FileError.self) { try DurableFile.replace(target, with: Data("new".utf8), via: directory) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old catalog")
    }

    @Test func aRenameThatFailsLeavesTheOldTargetAndNamesIt() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // A non-empty directory where the file should go: rename(2) refuses to replace it.
        let target = scratch.file("offsets")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("kept".utf8).write(to: target.appendingPathComponent("0"))
        #expect {
            try DurableFile.replace(target, with: Data("new".utf8), via: scratch.file(".offsets.tmp"))
        } throws: { error in
            (error as? FileError)?.message.hasPrefix("cannot replace \(target.path)") == true
        }
        #expect(try String(contentsOf: target.appendingPathComponent("0"), encoding: .utf8) == "kept")
    }

    @Test func fsyncNamesAMissingPath() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try DurableFile.fsync(scratch.url.path)
        try Data("x".utf8).write(to: scratch.file("x"))
        try DurableFile.fsync(scratch.file("x").path)
        let missing = scratch.file("missing").path
        #expect {
            try DurableFile.fsync(missing)
        } throws: { error in
            (error as? FileError)?.message.contains(missing) == true
        }
    }

    @Test func aPrivateDirectoryIsCreatedWithItsParents() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("a/b/checkpoint").path
        try DurableFile.makePrivateDirectory(path)
        #expect(mode(path) == 0o700)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: scratch.file("a/b").path, isDirectory: &isDirectory) && isDirectory.boolValue)
        // Calling it again on the same directory is fine and keeps its contents.
        try Data("x".utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent("x"))
        try DurableFile.makePrivateDirectory(path)
        #expect(FileManager.default.fileExists(atPath: path + "/x"))
    }

    @Test func anExistingWiderDirectoryIsNarrowed() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("metastore").path
        #expect(mkdir(path, 0o755) == 0)
        #expect(chmod(path, 0o755) == 0)
        try DurableFile.makePrivateDirectory(path)
        #expect(mode(path) == 0o700)
    }

    @Test func aFileInTheWayIsAnError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("checkpoint").path
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try DurableFile.makePrivateDirectory(path)
        } throws: { error in
            (error as? FileError)?.message.contains("a file of that name is in the way") == true
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a directory")
    }
}
