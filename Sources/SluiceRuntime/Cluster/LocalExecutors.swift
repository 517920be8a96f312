import Foundation
import SluiceCore

#if canImport(Glibc)
    import Glibc
#endif

/// The executor processes `local[N]` starts beside the driver: `sluice executor` of this same
/// binary, connecting to the driver over TCP on loopback. Their output goes to this process's
/// standard error, prefixed by nothing: each executor names itself in its messages.
public final class LocalExecutors {
    /// The running processes.
    public private(set) var processes: [Process] = []

    /// How long `stop` waits for executors to exit after the driver told them to, before SIGKILL.
    public static let exitGrace: Duration = .seconds(5)

    /// Starts `count` executors of `cores` cores each, limited to `memoryBytes`, against `driver`.
    /// `exited` is called with the id of an executor whose process ends before `stop`.
    public init(
        count: Int, driver: String, secretFile: String, cores: Int, memoryBytes: Int64, idPrefix: String,
        exited: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        let executable = Self.executablePath()
        for index in 0..<count {
            let process = Process()
            let id = "\(idPrefix)-\(index + 1)"
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [
                "executor", "--driver", driver, "--secret-file", secretFile, "--cores", String(cores),
                "--memory", String(memoryBytes), "--id", id, "--ignore-interrupts",
            ]
            process.terminationHandler = { _ in exited(id) }
            process.standardInput = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                stop()
                throw RuntimeError("cannot start executor \(index + 1) (\(executable)): \(error.localizedDescription)")
            }
            processes.append(process)
        }
    }

    /// Waits for the executors to exit (the driver has told them to), then kills what is left.
    public func stop() {
        let deadline = Date().addingTimeInterval(Self.exitGrace.seconds)
        for process in processes {
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// This program's own executable.
    public static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return CommandLine.arguments[0]
    }
}

/// The shared secret of a local cluster: random, in a file only this user can read.
public enum ClusterSecret {
    /// Writes a new random secret to a fresh file in `directory` and returns the file's path.
    public static func create(in directory: String) throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let text = bytes.map { String(format: "%02x", $0) }.joined()
        let path = directory + "/cluster.secret"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw RuntimeError("cannot write the cluster secret to \(path)") }
        return path
    }

    /// The secret in `path` (surrounding whitespace dropped).
    public static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError("cannot read the secret file \(path)")
        }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw RuntimeError("the secret file \(path) is empty") }
        return secret
    }
}
