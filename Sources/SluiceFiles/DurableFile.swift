import Foundation

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
/// or the new one, never a torn one.
public enum DurableFile {
    /// Replaces the file at `target` with `data`, using `temporary` (same directory) on the way.
    /// - Throws: `FileError` naming the step and path that failed.
    public static func replace(_ target: URL, with data: Data, via temporary: URL) throws(FileError) {
        do {
            try data.write(to: temporary)
        } catch {
            throw FileError(message: "cannot write \(temporary.path): \(error.localizedDescription)")
        }
        try fsync(temporary.path)
        guard rename(temporary.path, target.path) == 0 else {
            throw FileError(message: "cannot replace \(target.path): \(String(cString: strerror(errno)))")
        }
        try fsync(target.deletingLastPathComponent().path)
    }

    /// Flushes the file or directory at `path` to disk.
    public static func fsync(_ path: String) throws(FileError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw FileError(message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard Glibc.fsync(descriptor) == 0 else {
            throw FileError(message: "cannot fsync \(path): \(String(cString: strerror(errno)))")
        }
    }
}
