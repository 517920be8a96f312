import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice submit` and `sluice sql --master` however they end — standard output closed, SIGINT
/// or SIGTERM during the cluster's start or between queries, the script done or failed — leave
/// no executor and no temporary directory (`sluice-<pid>-*`, with the cluster secret) behind.
@Suite(.serialized) struct SubmitStopTests {
    /// A driver whose standard output is a pipe this test reads (or closes), standard error in a file.
    final class Driver {
        let process = Process()
        /// When the process was started: older directories of its pid are not its own.
        private(set) var launched = Date()
        let out = Pipe()
        let root: URL
        private let log: URL

        /// Starts `sluice arguments`; with `mergingStandardError`, standard error goes to the same pipe (`2>&1 |`).
        init(_ arguments: [String], root: URL, mergingStandardError: Bool = false) throws {
            self.root = root
            let log = root.appendingPathComponent("stderr-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            self.log = log
            process.executableURL = SluiceBinary.url
            process.arguments = arguments
            process.standardOutput = out
            process.standardError = mergingStandardError ? out : try FileHandle(forWritingTo: log)
            process.standardInput = FileHandle.nullDevice
            launched = Date()
            try process.run()
        }

        var stderr: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// The first line of standard output, or nil if it closes (or 60 s pass) first.
        func firstLine() -> String? {
            let deadline = Date().addingTimeInterval(60)
            var seen = ""
            while Date() < deadline && !seen.contains("\n") {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                seen += String(decoding: data, as: UTF8.self)
            }
            guard let end = seen.firstIndex(of: "\n") else { return nil }
            return String(seen[..<end])
        }

        /// Waits up to 60 s for `sluice-<pid>-*` to exist; true if it does.
        func waitForTemporaryDirectory() -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && temporaryDirectories.isEmpty && process.isRunning { Thread.sleep(forTimeInterval: 0.001) }
            return !temporaryDirectories.isEmpty
        }

        /// This driver's cluster directories still present.
        var temporaryDirectories: [String] { process.clusterDirectories(launchedAt: launched) }

        /// Live processes started with this driver's cluster secret (its executors), whoever their parent now is.
        var executors: [Int32] {
            let marker = FileManager.default.temporaryDirectory.path + "/sluice-\(process.processIdentifier)-"
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap(Int32.init).filter { pid in
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
                let arguments = String(decoding: data, as: UTF8.self).split(separator: "\0")
                return arguments.contains { $0.hasPrefix(marker) } && ClusterTests.alive(pid)
            }
        }

        /// Waits up to 3 s for the executors to be gone; true if they are.
        func executorsGone() -> Bool {
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline && !executors.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
            return executors.isEmpty
        }

        func finish() -> Int32 { process.finish() }
    }

    /// A script printing 3,000 lines of 100-odd bytes: far more than a pipe holds (64 KiB), so
    /// the driver is still writing when the test closes or stops reading.
    static func longOutputScript(in root: URL) throws -> URL {
        let script = root.appendingPathComponent("long-output.sql")
        let value = String(repeating: "v", count: 100)
        try (0..<3_000).map { "SET k\($0)=\(value);\n" }.joined().write(to: script, atomically: true, encoding: .utf8)
        return script
    }

    /// `submit` or `sql --master` of `script` on `master`.
    static func command(_ form: String, script: URL, master: String, root: URL) -> [String] {
        form == "submit"
            ? ["submit", "--master", master, script.path]
            : ["sql", "--master", master, "--metastore", root.appendingPathComponent("metastore").path, "-f", script.path]
    }

    @Test(arguments: ["submit", "sql"])
    func aDriverWhoseOutputIsClosedStopsItsExecutorsAndRemovesItsDirectory(form: String) throws {
        let root = try SluiceBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let driver = try Driver(Self.command(form, script: try Self.longOutputScript(in: root), master: "local[2]", root: root), root: root)
        #expect(driver.firstLine() == "k0\t" + String(repeating: "v", count: 100), "\(driver.stderr)")
        #expect(driver.temporaryDirectories.count == 1, "the running cluster's secret directory")
        #expect(driver.executors.count == 2, "\(driver.stderr)")
        try driver.out.fileHandleForReading.close()
        // The driver's next write finds its standard output closed: it exits as SIGPIPE would, cleaned up.
        #expect(driver.finish() == 128 + SIGPIPE, "\(driver.stderr)")
        #expect(driver.temporaryDirectories.isEmpty, "\(driver.temporaryDirectories)")
        #expect(driver.executorsGone(), "executors outlived their driver: \(driver.executors)")
    }

    @Test func aDriverWhoseOutputAndErrorShareAClosedPipeStopsItsExecutorsAndRemovesItsDirectory() throws {
        let root = try SluiceBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let driver = try Driver(
            Self.command("submit", script: try Self.longOutputScript(in: root), master: "local[1]", root: root), root: root,
            mergingStandardError: true)
        #expect(driver.firstLine()?.hasPrefix("sluice: driver: listening for executors on tcp://127.0.0.1:") == true)
        try driver.out.fileHandleForReading.close()
        // Messages to the closed standard error are dropped; the next row ends the driver, cleaned up.
        #expect(driver.finish() == 128 + SIGPIPE)
        #expect(driver.temporaryDirectories.isEmpty, "\(driver.temporaryDirectories)")
        #expect(driver.executorsGone(), "executors outlived their driver: \(driver.executors)")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalBetweenQueriesStopsTheExecutorsAndRemovesTheDirectory(signalNumber: Int32) throws {
        let root = try SluiceBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let driver = try Driver(Self.command("submit", script: try Self.longOutputScript(in: root), master: "local[1]", root: root), root: root)
        // Not read further, the pipe fills: the driver blocks in a write, outside any query.
        #expect(driver.firstLine() != nil, "\(driver.stderr)")
        #expect(driver.executors.count == 1, "\(driver.stderr)")
        kill(driver.process.processIdentifier, signalNumber)
        #expect(driver.finish() == 128 + signalNumber, "\(driver.stderr)")
        #expect(driver.temporaryDirectories.isEmpty, "\(driver.temporaryDirectories)")
        #expect(driver.executorsGone(), "executors outlived their driver: \(driver.executors)")
    }

    @Test func aSignalDuringTheClusterStartStopsWhatTheStartMade() throws {
        let root = try SluiceBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let driver = try Driver(Self.command("submit", script: try Self.longOutputScript(in: root), master: "local[2]", root: root), root: root)
        // The directory appears first in the start, before the secret and the executors.
        #expect(driver.waitForTemporaryDirectory(), "\(driver.stderr)")
        kill(driver.process.processIdentifier, SIGTERM)
        #expect(driver.finish() == 128 + SIGTERM, "\(driver.stderr)")
        #expect(driver.temporaryDirectories.isEmpty, "\(driver.temporaryDirectories)")
        #expect(driver.executorsGone(), "executors outlived their driver: \(driver.executors)")
    }

    @Test(arguments: [("SET a=1;\n", Int32(0)), ("SET a=1;\nSELEC x;\n", Int32(1))])
    func aFinishedOrFailedScriptStopsTheExecutorsAndRemovesTheDirectory(text: String, status: Int32) throws {
        let root = try SluiceBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = root.appendingPathComponent("short.sql")
        try text.write(to: script, atomically: true, encoding: .utf8)
        let driver = try Driver(Self.command("submit", script: script, master: "local[1]", root: root), root: root)
        let stdout = String(decoding: driver.out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(driver.finish() == status, "\(driver.stderr)")
        #expect(stdout == "a\t1\n")
        #expect(driver.stderr.contains("executor executor-1 registered"), "\(driver.stderr)")
        #expect(driver.temporaryDirectories.isEmpty, "\(driver.temporaryDirectories)")
        #expect(driver.executorsGone(), "executors outlived their driver: \(driver.executors)")
    }
}
