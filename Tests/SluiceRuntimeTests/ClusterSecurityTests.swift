import Foundation
import SluiceCluster
import SluiceZMQ
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The driver of `sluice submit` against peers that are not its executors: no credentials, the
/// wrong ones, garbage and oversize frames; and where the cluster's secret is (and is not).
@Suite(.serialized) struct ClusterSecurityTests {
    typealias Running = ClusterTests.Running

    /// The most resident memory process `pid` has had, in bytes (VmHWM): a frame read and
    /// freed at once still shows.
    static func peakResidentBytes(_ pid: Int32) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// The command line of process `pid`, arguments joined by spaces.
    static func commandLine(_ pid: Int32) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Mode bits (permissions) of `path`.
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    /// The lines of `text` containing `marker`, and the sum of the first number after the marker in each.
    static func counted(_ text: String, after marker: String) -> (lines: Int, total: Int) {
        let lines = text.split(separator: "\n").filter { $0.contains(marker) }
        let total = lines.compactMap { line -> Int? in
            let rest = line.components(separatedBy: marker)[1]
            return Int(rest.prefix { $0.isNumber })
        }.reduce(0, +)
        return (lines.count, total)
    }

    /// A DEALER on this thread connected to `endpoint` with `options` (PLAIN credentials or none).
    static func peer(_ context: ZMQContext, _ endpoint: String, _ options: [ZMQSocket.Option]) throws -> ZMQSocket {
        let socket = try ZMQSocket(
            context: context, kind: .dealer, options: [.linger(.zero), .sendHighWaterMark(0)] + options)
        try socket.connect(endpoint)
        return socket
    }

    @Test func peersWithoutTheSecretGetNothingThroughAndBadFramesAreCountedOncePerSecond() throws {
        var store = try LoghubEngineTests.Store(records: 0)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("seed.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let text = try String(contentsOf: CLITests.seed, encoding: .utf8)
            .replacingOccurrences(of: "com.mysql.jdbc.Driver", with: "org.sqlite.JDBC")
        let script = store.root.appendingPathComponent("seed.sql")
        try text.write(to: script, atomically: true, encoding: .utf8)
        // The access key secret from a file (-d NAME=@FILE), not from the command line.
        let keyFile = store.root.appendingPathComponent("access-key-secret")
        try (LoghubEngineTests.credentials.accessKeySecret + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        let defines = ClusterTests.seedDefines(store, rdsUrl: "jdbc:sqlite:\(database.path)", user: "u", password: "p")
            .map { $0.hasPrefix("accessKeySecret=") ? "accessKeySecret=@" + keyFile.path : $0 }
        let submit = try Running(
            ["submit", "--master", "local[2]", "--trigger", "processing-time=200ms"] + defines + [script.path],
            log: store.root.appendingPathComponent("submit.log"))
        defer { _ = submit.finish(seconds: 0) }
        try #require(submit.wait(for: "no watermark"), "\(submit.stderr)")
        let driverPid = submit.process.processIdentifier
        let line = submit.stderr.split(separator: "\n").first { $0.contains("listening for executors on ") } ?? ""
        let endpoint = String(line.split(separator: " ").last ?? "")

        // The secret: in a private folder of its own, never on an executor's command line.
        let temporary = FileManager.default.temporaryDirectory.path
        let folder = try #require(
            try FileManager.default.contentsOfDirectory(atPath: temporary).first { $0.hasPrefix("sluice-\(driverPid)-") })
        let secretFile = temporary + "/" + folder + "/cluster.secret"
        #expect(Self.mode(temporary + "/" + folder) == 0o700)
        #expect(Self.mode(secretFile) == 0o600)
        let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.count >= 32)
        let executors = submit.children
        #expect(executors.count == 2)
        for pid in executors + [driverPid] {
            let arguments = Self.commandLine(pid)
            #expect(!arguments.contains(secret), "\(arguments)")
            #expect(!arguments.contains(LoghubEngineTests.credentials.accessKeySecret), "\(arguments)")
        }
        let password = RegistrationSecret.handshakePassword(secret: Array(secret.utf8))

        let context = try ZMQContext(blocky: false)
        let before = Self.peakResidentBytes(driverPid)
        // No credentials (the NULL mechanism) and a 50 MB frame; wrong credentials.
        let anonymous = try Self.peer(context, endpoint, [])
        // A refused handshake drops the peer's pipe, so a send may find none (EAGAIN): what counts is the driver.
        try? anonymous.send([[UInt8](repeating: 0x53, count: 50_000_000)], dontWait: true)
        let wrong = try Self.peer(context, endpoint, [.plainUsername(Array("x".utf8)), .plainPassword(Array("guess".utf8))])
        try? wrong.send([Array("SLC".utf8) + [1, 5]], dontWait: true)
        #expect(submit.wait(for: " wrong credentials from 127.0.0.1", seconds: 10), "\(submit.stderr)")
        // The peer without credentials fails as "not speaking PLAIN" or "broken off", by timing.
        let refusedBy = Date().addingTimeInterval(10)
        while Date() < refusedBy, Self.counted(submit.stderr, after: "driver: refused ").total < 2 {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let refused = Self.counted(submit.stderr, after: "driver: refused ")
        #expect(refused.total >= 2 && refused.lines >= 1, "\(submit.stderr)")
        anonymous.close()
        wrong.close()

        // With the credentials: garbage is counted, an oversize frame drops the connection unread.
        let insider = try Self.peer(context, endpoint, [.plainUsername(Array("x".utf8)), .plainPassword(password)])
        try insider.send([[UInt8](repeating: 0x41, count: 40 << 20)])
        let garbage = try Self.peer(context, endpoint, [.plainUsername(Array("y".utf8)), .plainPassword(password)])
        for index in 0..<300 { try garbage.send([Array("not a cluster frame \(index)".utf8)]) }
        // Task results whose frames are not the two they announce: no partial, one of the wrong
        // size, one frame too many (the last one sent is the last one logged).
        let result = TaskResult(key: TaskKey(queryId: "lr", epoch: 1, task: 0, attempt: 0), seconds: 0, partialBytes: 4)
        let header = MessageCodec.encode(.taskResult(result))
        for frames in [[header], [header, [1, 2, 3]], [header, [1, 2, 3, 4], [5]]] { try garbage.send(frames) }
        Thread.sleep(forTimeInterval: 2.5)
        insider.close()
        garbage.close()
        let grown = Self.peakResidentBytes(driverPid) - before
        #expect(grown < 30 << 20, "the driver grew by \(grown >> 20) MiB")
        let dropped = Self.counted(submit.stderr, after: "driver: dropped ")
        #expect(dropped.total == 303, "\(submit.stderr)")
        #expect(submit.stderr.contains("(last: TaskResult with 3 frames instead of 2"), "\(submit.stderr)")
        #expect(dropped.lines <= 4, "at most one line a second: \(submit.stderr)")
        #expect(!submit.stderr.contains("not a cluster frame"), "frame bytes are not echoed")
        #expect(!submit.stderr.contains(secret))

        // The query runs on as if nothing happened.
        try store.generate(records: 3_000)
        let expected = try store.expectedAccuracies()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !ClusterTests.same(try LoghubEngineTests.finalAccuracies(database), expected) {
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(driverPid, SIGTERM)
        #expect(submit.finish() == 0, "\(submit.stderr)")
        #expect(ClusterTests.same(try LoghubEngineTests.finalAccuracies(database), expected), "\(submit.stderr)")
        #expect(!submit.stderr.contains("removed"), "no executor was disturbed: \(submit.stderr)")
        // The checkpoint holds the query's options: private too.
        let checkpoint = store.root.appendingPathComponent("seed-checkpoint").path
        #expect(Self.mode(checkpoint) == 0o700)
        let folders = ["offsets", "commits", "state", "sources"]
        for folder in folders { #expect(Self.mode(checkpoint + "/" + folder) == 0o700) }
        let files = FileManager.default.enumerator(atPath: checkpoint)?.compactMap { $0 as? String } ?? []
        #expect(files.count > 3)
        for file in files where !folders.contains(file) {
            #expect(Self.mode(checkpoint + "/" + file) == 0o600, "\(file)")
        }
    }
}
