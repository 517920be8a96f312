import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice demo` stopped from outside: Ctrl-C stops after the current epoch with a summary; a
/// killed or SIGPIPE'd driver leaves no executor and no temporary directory behind.
@Suite(.serialized) struct DemoStopTests {
    /// A `sluice demo` long enough to be stopped mid-run, standard error in a file.
    final class Demo {
        let process = Process()
        /// When the process was started: older directories of its pid are not its own.
        private(set) var launched = Date()
        let root: URL
        let out = Pipe()
        private let output = Mutex<String>("")

        init() throws {
            root = try SluiceBinary.temporaryDirectory()
            _ = FileManager.default.createFile(atPath: root.path + "/stderr", contents: nil)
            process.executableURL = SluiceBinary.url
            process.arguments = ["demo", "--records", "200000", "--rate", "2000", "--event-rate", "100", "--work", root.path + "/demo"]
            process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            process.standardOutput = out
            process.standardError = try FileHandle(forWritingTo: root.appendingPathComponent("stderr"))
            process.standardInput = FileHandle.nullDevice
            launched = Date()
            try process.run()
        }

        var stderr: String { (try? String(contentsOfFile: root.path + "/stderr", encoding: .utf8)) ?? "" }

        /// Reads standard output until it holds `text` (true) or 60 s pass.
        func read(until text: String) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            var seen = ""
            while Date() < deadline && !seen.contains(text) {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                seen += String(decoding: data, as: UTF8.self)
            }
            output.withLock { $0 += seen }
            return seen.contains(text)
        }

        /// The rest of standard output, once the process has closed it.
        func rest() -> String {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            return output.withLock { $0 += String(decoding: data, as: UTF8.self); return $0 }
        }

        /// The temporary directories of this driver's cluster still present.
        var temporaryDirectories: [String] { process.clusterDirectories(launchedAt: launched) }

        func finish() -> Int32 { process.finish() }

        /// Process ids of the demo's children (its executors).
        var children: [Int32] { process.children }

        /// Waits up to `seconds` for every process of `pids` to be gone; true if they are.
        static func gone(_ pids: [Int32], within seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, pids.contains(where: ClusterTests.alive) { Thread.sleep(forTimeInterval: 0.05) }
            return !pids.contains(where: ClusterTests.alive)
        }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func ctrlCOrSIGTERMStopsAfterTheCurrentEpochWithASummaryAndNoTemporaryDirectory(signalNumber: Int32) throws {
        let demo = try Demo()
        #expect(demo.read(until: "committed: window"), "\(demo.stderr)")
        #expect(!demo.temporaryDirectories.isEmpty, "the running cluster's secret directory")
        let executors = demo.children
        #expect(executors.count == 2)
        kill(demo.process.processIdentifier, signalNumber)
        let stdout = demo.rest()
        #expect(demo.finish() == 0, "\(demo.stderr)")
        #expect(demo.stderr.contains("stopping after the current epoch"), "\(demo.stderr)")
        #expect(stdout.contains("done: ") && stdout.contains(" windows committed"), "\(stdout)")
        #expect(demo.temporaryDirectories.isEmpty, "\(demo.temporaryDirectories)")
        #expect(Demo.gone(executors, within: 3), "executors outlived the demo")
    }

    @Test func executorsOfAKilledDriverExitWithinSeconds() throws {
        let demo = try Demo()
        #expect(demo.read(until: "committed: window"), "\(demo.stderr)")
        let executors = demo.children
        #expect(executors.count == 2)
        kill(demo.process.processIdentifier, SIGKILL)
        _ = demo.finish()
        // The socket monitor sees the connection close: well within the 3 s heartbeat timeout.
        #expect(Demo.gone(executors, within: 2.5), "executors outlived their driver")
        #expect(demo.stderr.contains("driver gone: the connection to the driver closed"), "\(demo.stderr)")
        for directory in demo.temporaryDirectories {
            try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.path + "/" + directory)
        }
    }

    @Test func aDriverWhoseOutputIsClosedLeavesNoExecutorNorTemporaryDirectory() throws {
        let demo = try Demo()
        #expect(demo.read(until: "committed: window"), "\(demo.stderr)")
        let executors = demo.children
        #expect(executors.count == 2)
        try demo.out.fileHandleForReading.close()
        // The demo's next line finds its standard output closed.
        #expect(demo.finish() == 128 + SIGPIPE, "\(demo.stderr)")
        #expect(demo.temporaryDirectories.isEmpty, "\(demo.temporaryDirectories)")
        #expect(Demo.gone(executors, within: 3), "executors outlived their driver")
    }
}
