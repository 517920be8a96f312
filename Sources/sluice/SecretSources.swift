import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the command line takes secrets from besides argv, which every user of the machine
/// can read (`ps`, `/proc/<pid>/cmdline`): files and the environment.
enum SecretSources {
    /// The environment variable client commands read the access key secret from.
    static let accessKeySecretVariable = "SLUICE_ACCESS_KEY_SECRET"

    /// What help texts add to an option whose value is a secret.
    static let argvWarning = "Command-line arguments are visible to other users of the machine (ps)."

    /// The largest secret file read, in bytes: a key file, not a data file.
    static let maxSecretFileBytes = 1 << 20

    /// The text of the file at `path`, its one trailing newline (`\n` or `\r\n`) dropped. A secret
    /// file that group or others may read is used, with a warning on standard error naming it.
    /// - Parameters:
    ///   - purpose: what the file is for, e.g. "-d password=@FILE", for messages.
    ///   - isSecret: whether the file's text is secret, so that a file others may read is warned about.
    /// - Throws: `CommandLineError` naming the file when it cannot be read, is too large or is not UTF-8.
    static func read(_ path: String, purpose: String, isSecret: Bool = true) throws(CommandLineError) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw CommandLineError("\(purpose): cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw CommandLineError("\(purpose): \(path) is a directory") }
        guard status.st_size <= maxSecretFileBytes else {
            throw CommandLineError("\(purpose): \(path) is larger than \(maxSecretFileBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandLineError("\(purpose): cannot read \(path)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw CommandLineError("\(purpose): \(path) is not UTF-8 text")
        }
        if isSecret { warnIfShared(path, purpose: purpose, mode: status.st_mode) }
        if text.hasSuffix("\r\n") {
            text.removeLast(2)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        return text
    }

    /// Warns on standard error when the file at `path`, of mode `mode`, may be read by group or others.
    static func warnIfShared(_ path: String, purpose: String, mode: mode_t? = nil) {
        var status = stat()
        guard let mode = mode ?? (stat(path, &status) == 0 ? status.st_mode : nil), mode & 0o077 != 0 else { return }
        printError(
            "sluice: warning: \(path) (\(purpose)) may be read by other users (mode "
                + "\(String(mode & 0o777, radix: 8))); chmod 600 it")
    }

    /// The access keys of an access key file: one `ID:SECRET` per line; blank lines and lines
    /// starting with `#` are skipped, as is whitespace around each line.
    /// - Throws: `CommandLineError` naming the file and line of a line without `:`, or an empty id or secret.
    static func accessKeys(file path: String) throws(CommandLineError) -> [(id: String, secret: String)] {
        let text = try read(path, purpose: "--access-key-file")
        var keys: [(id: String, secret: String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let key = accessKey(line) else {
                throw CommandLineError("--access-key-file \(path):\(index + 1): expected ID:SECRET")
            }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw CommandLineError("--access-key-file \(path) holds no ID:SECRET line") }
        return keys
    }

    /// `ID:SECRET` split at its first colon, or nil when either part is empty.
    static func accessKey(_ text: String) -> (id: String, secret: String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let id = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        guard !id.isEmpty, !secret.isEmpty else { return nil }
        return (id, secret)
    }
}

/// An error of the command line's own (a secret file that cannot be read, a bad definition),
/// printed as `sluice <command>: error: <message>`.
struct CommandLineError: Error, CustomStringConvertible {
    /// What is wrong, naming the option and file.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
