import Foundation
import SluiceSystem

#if canImport(Glibc)
    import Glibc
#endif

/// The one error type of `SluiceFiles`: a file that could not be written durably.
public struct FileError: Error, Equatable, CustomStringConvertible {
    /// What failed, naming the path.
    public let message: String

    /// The message.
    public var description: String { message }
}

/// Crash-safe file replacement, shared by the metastore and the checkpoint: write a temporary
/// file, fsync it, rename it over the target, fsync the directory. A crash leaves the old file
/// or the new one, never a torn one. The files are private: mode `fileMode` (0600), whatever
/// the umask, since they may hold secrets (a sink's password, a log store's access key).
public enum DurableFile {
    /// The mode of every file written: read and write for the owner only.
    public static let fileMode: mode_t = 0o600
    /// The mode of the directories that hold them: the owner only.
    public static let directoryMode: mode_t = 0o700

    /// Replaces the file at `target` with `data`, using `temporary` (same directory) on the way.
    /// The new file has mode `fileMode`.
    /// - Throws: `FileError` naming the step and path that failed.
    public static func replace(_ target: URL, with data: Data, via temporary: URL) throws(FileError) {
        try system {
            () throws(SystemCallError) in
            try writePrivate(data, to: temporary.path)
            try SystemCall.sync(path: temporary.path)
            try SystemCall.checked("cannot replace \(target.path)") { rename(temporary.path, target.path) }
            try SystemCall.sync(path: target.deletingLastPathComponent().path)
        }
    }

    /// Replaces the file at `target` with `data` as `replace` does, but without its two fsyncs:
    /// for a file that can be rebuilt from others that were synced. A crash of the process leaves
    /// the old file or the new one (the rename is atomic and the page cache whole); a crash of
    /// the machine may also leave no file, or the new name with part of its bytes or none.
    /// - Throws: `FileError` naming the step and path that failed.
    public static func replaceUnsynced(_ target: URL, with data: Data, via temporary: URL) throws(FileError) {
        try system {
            () throws(SystemCallError) in
            try writePrivate(data, to: temporary.path)
            try SystemCall.checked("cannot replace \(target.path)") { rename(temporary.path, target.path) }
        }
    }

    /// Writes `data` to a new or truncated file at `path` with mode `fileMode` (a file left there
    /// with a wider mode is narrowed first, before anything is written).
    private static func writePrivate(_ data: Data, to path: String) throws(SystemCallError) {
        let descriptor = try SystemCall.checked("cannot write \(path)") {
            open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        }
        defer { close(descriptor) }
        try SystemCall.checked("cannot set the mode of \(path)") { fchmod(descriptor, fileMode) }
        try data.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try SystemCall.writeAll(descriptor, buffer, path: path) }
        }.get()
    }

    /// Runs checked system calls, their failure as this module's error.
    private static func system(_ body: () throws(SystemCallError) -> Void) throws(FileError) {
        do { try body() } catch { throw FileError(message: error.description) }
    }

    /// Creates the directory at `path` (and its missing parents) with mode `directoryMode`, or
    /// narrows an existing one this user owns to it when it is wider: a metastore's or a
    /// checkpoint's folder is its owner's alone. Parents created on the way get the usual mode
    /// (0777 less the umask).
    /// - Throws: `FileError` naming the path.
    public static func makePrivateDirectory(_ path: String) throws(FileError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw FileError(message: "cannot create directory \(parent): \(error.localizedDescription)")
        }
        if mkdir(path, directoryMode) == 0 { return }
        guard errno == EEXIST else {
            throw FileError(message: "cannot create directory \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw FileError(message: "cannot create directory \(path): a file of that name is in the way")
        }
        guard status.st_mode & 0o077 != 0, status.st_uid == geteuid() else { return }
        guard chmod(path, directoryMode) == 0 else {
            throw FileError(message: "cannot make \(path) private (mode 0700): \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes the file or directory at `path` to disk.
    public static func fsync(_ path: String) throws(FileError) {
        try system { () throws(SystemCallError) in try SystemCall.sync(path: path) }
    }
}
