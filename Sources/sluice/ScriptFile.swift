import ArgumentParser
import Foundation

/// Reading a script named on the command line: a file that cannot be read is a failure (status 1)
/// with the system's reason, not a usage error.
enum ScriptFile {
    /// The UTF-8 text of the file at `path`.
    /// - Throws: `ExitCode.failure` after printing why the file cannot be read.
    static func read(_ path: String) throws -> String {
        let data: Data
        do {
            if let reason = systemReason(path) { throw ScriptFileError(reason: reason) }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as? ScriptFileError)?.reason ?? error.localizedDescription
            FileHandle.standardError.write(Data("sluice: cannot read script file '\(path)': \(reason)\n".utf8))
            throw ExitCode.failure
        }
        guard let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("sluice: script file '\(path)' is not UTF-8 text\n".utf8))
            throw ExitCode.failure
        }
        return text
    }

    private struct ScriptFileError: Error {
        let reason: String
    }

    /// The reason `open` gives for `path` (`No such file or directory`, `Permission denied`, …).
    private static func systemReason(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        if descriptor >= 0 {
            close(descriptor)
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return "Is a directory" }
            return nil
        }
        return String(cString: strerror(errno))
    }
}
