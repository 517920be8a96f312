import Dispatch
import Foundation
import SluiceLogClient
import SluiceLogProtocol
import Synchronization
import Testing

@testable import SluiceLogStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real `sluice` binary, found as the CLI tests of SluiceRuntimeTests find it.
enum SluiceExecutable {
    static var url: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sluice")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repositoryRoot.appendingPathComponent(".build/debug/sluice")
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the binary to completion.
    static func run(_ arguments: [String], timeoutSeconds: Double = 60) throws -> ChildProcess.Result {
        try ChildProcess.run(url, arguments, timeoutSeconds: timeoutSeconds)
    }
}

/// Running a program to completion.
enum ChildProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments`, killing it after `timeoutSeconds`. Output goes through
    /// files, so neither stream can fill up and block the other.
    static func run(_ executable: URL, _ arguments: [String], timeoutSeconds: Double) throws -> Result {
        let scratch = try TestDirectory("run")
        defer { scratch.remove() }
        let outPath = scratch.path + "/stdout"
        let errPath = scratch.path + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        var stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        if timedOut { stderr += "\n(killed after \(timeoutSeconds) s)" }
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// A running `sluice logstore serve`: its port from the first stdout line, stderr in a file.
final class ServeProcess {
    let process: Process
    let port: Int
    let stderrPath: String
    private let stdout: Pipe

    /// Starts the server on a free port over `dataDirectory`, with `extra` arguments.
    /// With `fileSizeLimitKiB`, the server runs under `ulimit -f`: writes past that size fail as on a full disk.
    init(
        dataDirectory: String, logPath: String, extra: [String] = ["--access-key", "id:secret"],
        fileSizeLimitKiB: Int? = nil
    ) throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        stderrPath = logPath
        let process = Process()
        let arguments = ["logstore", "serve", "--data-dir", dataDirectory, "--listen", "127.0.0.1:0"] + extra
        if let fileSizeLimitKiB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimitKiB) && exec \"$0\" \"$@\"", SluiceExecutable.url.path] + arguments
        } else {
            process.executableURL = SluiceExecutable.url
            process.arguments = arguments
        }
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.stdout = stdout
        let line = Self.readLine(stdout.fileHandleForReading, timeoutSeconds: 30)
        guard let line, let port = Self.port(inListeningLine: line) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw RawHTTP.Failure(
                description: "sluice logstore serve did not report its port (first line \(line ?? "none")): \(log)")
        }
        self.port = port
    }

    var endpoint: String { "127.0.0.1:\(port)" }

    var log: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// SIGKILL, as a crash: nothing is flushed or closed.
    func crash() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL if it has not exited after 10 s. Safe to call more than once.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
    }

    /// "sluice logstore: listening on http://127.0.0.1:PORT (…)" → PORT.
    static func port(inListeningLine line: String) -> Int? {
        guard let range = line.range(of: "http://127.0.0.1:") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// One line from `handle`, waiting at most `timeoutSeconds`; nil on timeout or an early end.
    static func readLine(_ handle: FileHandle, timeoutSeconds: Double) -> String? {
        let descriptor = handle.fileDescriptor
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var bytes: [UInt8] = []
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(remaining * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var byte: UInt8 = 0
            let got = read(descriptor, &byte, 1)
            if got < 0 && errno == EINTR { continue }
            guard got == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}

/// What the crash test's writer sent and what the server acknowledged.
final class WriteJournal: Sendable {
    struct State {
        /// Acknowledged ids, by shard, in write order.
        var acknowledged: [[Int]] = [[], []]
        /// Every id ever sent, with its shard.
        var attempted: [Int: Int] = [:]
        /// Why the writer stopped.
        var stopReason: String?
    }

    private let state = Mutex(State())

    func attempt(_ ids: [Int], shard: Int) {
        state.withLock { state in
            for id in ids { state.attempted[id] = shard }
        }
    }

    func acknowledge(_ ids: [Int], shard: Int) {
        state.withLock { $0.acknowledged[shard].append(contentsOf: ids) }
    }

    func stop(_ reason: String) {
        state.withLock { $0.stopReason = reason }
    }

    var acknowledgedCount: Int { state.withLock { $0.acknowledged.reduce(0) { $0 + $1.count } } }

    var snapshot: State { state.withLock { $0 } }
}

struct ProcessTests {
    static let credentials = SLSCredentials(accessKeyId: "id", accessKeySecret: "secret")
    static let keyArguments = ["--access-key-id", "id", "--access-key-secret", "secret"]
    static let sample = SluiceExecutable.repositoryRoot.appendingPathComponent("examples/sample_libsvm_data.txt")

    @Test func createListAndGenerateThroughTheCommandLine() throws {
        let directory = try TestDirectory("cli")
        defer { directory.remove() }
        let server = try ServeProcess(dataDirectory: directory.path + "/data", logPath: directory.path + "/serve.log")
        defer { server.stop() }
        let target = ["--endpoint", server.endpoint, "--project", "proj1"] + Self.keyArguments

        let create = try SluiceExecutable.run(["logstore", "create"] + target + ["--store", "store1", "--shards", "2"])
        #expect(create.status == 0, "\(create.stderr)\n\(server.log)")
        #expect(create.stdout.contains("created project proj1"))
        #expect(create.stdout.contains("created log store proj1/store1 with 2 shards"), "\(create.stdout)")

        let again = try SluiceExecutable.run(["logstore", "create"] + target + ["--store", "store1", "--shards", "2"])
        #expect(again.status != 0, "creating an existing store fails")
        #expect(again.stderr.contains("LogStoreAlreadyExist"), "\(again.stderr)")
        let tolerated = try SluiceExecutable.run(
            ["logstore", "create"] + target + ["--store", "store1", "--shards", "2", "--if-not-exists"])
        #expect(tolerated.status == 0, "\(tolerated.stderr)")

        let list = try SluiceExecutable.run(["logstore", "list"] + target + ["--store", "store1"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.count == 2, "\(list.stdout)")
        #expect(rows.first?.hasPrefix("0\treadwrite\t00000000000000000000000000000000\t80000000000000000000000000000000") == true)
        #expect(rows.last?.hasPrefix("1\treadwrite\t80000000000000000000000000000000\tffffffffffffffffffffffffffffffff") == true)
        let stores = try SluiceExecutable.run(["logstore", "list"] + target)
        #expect(stores.status == 0)
        #expect(stores.stdout == "store1\n")

        let generate = try SluiceExecutable.run(
            ["generate"] + target + [
                "--store", "store1", "--input", Self.sample.path, "--records", "2000", "--start-time", "1700000000",
                "--event-rate", "100", "--batch", "100",
            ])
        #expect(generate.status == 0, "\(generate.stderr)\n\(server.log)")
        #expect(generate.stdout.contains("wrote 2000 records to proj1/store1"), "\(generate.stdout)")

        // Every record, round-robin over the shards, with the planned log time and row.
        let rows2000 = LabeledRow.parse(try String(contentsOf: Self.sample, encoding: .utf8))
        try #require(!rows2000.isEmpty)
        let client = try SLSClient(endpoint: server.endpoint, credentials: Self.credentials)
        var total = 0
        var mismatches: [String] = []
        for shard in 0..<2 {
            let groups = try ShardReader.readAll(client, project: "proj1", store: "store1", shard: shard)
            #expect(groups.count == 10)
            for (position, pulled) in groups.enumerated() {
                let number = shard + 2 * position
                let logs = pulled.group.logs
                #expect(logs.count == 100)
                for (offset, log) in logs.enumerated() {
                    let index = number * 100 + offset
                    let row = rows2000[index % rows2000.count]
                    let expected = [LogContent(key: "label", value: row.label), LogContent(key: "features", value: row.features)]
                    if log.time != UInt32(1_700_000_000 + index / 100) || log.contents != expected {
                        mismatches.append("record \(index): time \(log.time), label \(log.contents.first?.value ?? "-")")
                    }
                }
                total += logs.count
            }
        }
        #expect(total == 2000)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func aFullDiskRefusesTheWriteLosesNothingAndTheServerGoesOn() throws {
        let directory = try TestDirectory("full")
        defer { directory.remove() }
        let server = try ServeProcess(
            dataDirectory: directory.path + "/data", logPath: directory.path + "/serve.log", fileSizeLimitKiB: 256)
        defer { server.stop() }
        let client = try SLSClient(endpoint: server.endpoint, credentials: Self.credentials, attempts: 1)
        try client.createProject("full-disk")
        try client.createLogStore(project: "full-disk", store: "store1", shardCount: 1)
        let value = String(repeating: "v", count: 1_000)
        var acknowledged = 0
        var refusal: LogStoreError?
        while refusal == nil, acknowledged < 1_000 {
            let group = LogGroup(logs: (0..<10).map { index in
                LogRecord(time: 1_700_000_000, contents: [LogContent(key: "n", value: "\(acknowledged)-\(index)"), LogContent(key: "v", value: value)])
            })
            refusal = logStoreError { try client.putLogs(project: "full-disk", store: "store1", group: group, compression: .none) }
            if refusal == nil { acknowledged += 1 }
        }
        let error = try #require(refusal, "a 256 KiB file limit must refuse a write")
        #expect(error.status == 500, "\(error)")
        #expect(error.code == "InternalServerError")
        #expect(error.message.contains("File too large") || error.message.contains("No space left"), "\(error.message)")
        // What was acknowledged is all there, the refused group is not, and reads go on.
        let groups = try ShardReader.readAll(client, project: "full-disk", store: "store1", shard: 0)
        #expect(groups.count == acknowledged)
        #expect(groups.last?.group.logs.first?.contents.first?.value == "\(acknowledged - 1)-0")
        #expect(server.process.isRunning)
    }

    @Test func serveWithoutAccessKeysRefusesToStart() throws {
        let directory = try TestDirectory("noauth")
        defer { directory.remove() }
        let result = try SluiceExecutable.run(
            ["logstore", "serve", "--data-dir", directory.path + "/data", "--listen", "127.0.0.1:0"], timeoutSeconds: 30)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--access-key"), "\(result.stderr)")
        let malformed = try SluiceExecutable.run(
            ["logstore", "serve", "--data-dir", directory.path + "/data", "--listen", "127.0.0.1:0", "--access-key", "nocolon"],
            timeoutSeconds: 30)
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("--access-key"), "\(malformed.stderr)")

        // --insecure-no-auth is the explicit way to run without keys; unsigned requests then work.
        let unsecured = try ServeProcess(
            dataDirectory: directory.path + "/data", logPath: directory.path + "/open.log", extra: ["--insecure-no-auth"])
        defer { unsecured.stop() }
        let answer = try RawHTTP.exchange(
            port: unsecured.port, "GET /logstores HTTP/1.1\r\nHost: nothere.127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(answer.status == 404)
        #expect(answer.errorCode == "ProjectNotExist")
        unsecured.stop()
        #expect(unsecured.process.terminationStatus == 0, "SIGTERM stops the server cleanly: \(unsecured.log)")
    }

    /// Writes groups of unique ids (each shard in turn, fsync always) until a put fails or the
    /// deadline passes; journals every attempt and acknowledgement.
    static func writeUntilFailure(endpoint: String, keys: [String], journal: WriteJournal) {
        let client: SLSClient
        do {
            client = try SLSClient(endpoint: endpoint, credentials: credentials, timeout: .seconds(5))
        } catch {
            journal.stop("no client: \(error)")
            return
        }
        let deadline = Date().addingTimeInterval(30)
        var nextId = 0
        var number = 0
        while Date() < deadline {
            let shard = number % keys.count
            let ids = Array(nextId..<(nextId + 1 + number % 3))
            let group = LogGroup(
                logs: ids.map { id in
                    LogRecord(
                        time: 1_700_000_000,
                        contents: [LogContent(key: "id", value: String(id)), LogContent(key: "pad", value: String(repeating: "x", count: id % 50))])
                },
                topic: "crash", source: "127.0.0.1")
            journal.attempt(ids, shard: shard)
            do {
                try client.putLogs(project: "crash", store: "writes", group: group, hashKey: keys[shard])
            } catch {
                journal.stop("put \(number) failed: \(error)")
                return
            }
            journal.acknowledge(ids, shard: shard)
            nextId += ids.count
            number += 1
        }
        journal.stop("deadline")
    }

    /// The `id` values of a group's logs, in order.
    static func ids(in group: LogGroup) -> [Int] {
        group.logs.compactMap { log -> Int? in
            guard let content = log.contents.first(where: { $0.key == "id" }) else { return nil }
            return Int(content.value)
        }
    }

    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        let directory = try TestDirectory("crash")
        defer { directory.remove() }
        let data = directory.path + "/data"
        let first = try ServeProcess(
            dataDirectory: data, logPath: directory.path + "/serve1.log",
            extra: ["--access-key", "id:secret", "--fsync", "always"])
        defer { first.stop() }
        let setup = try SLSClient(endpoint: first.endpoint, credentials: Self.credentials)
        try setup.createProject("crash")
        try setup.createLogStore(project: "crash", store: "writes", shardCount: 2)
        let keys = try setup.listShards(project: "crash", store: "writes").map(\.inclusiveBeginKey)
        try #require(keys.count == 2)

        let journal = WriteJournal()
        let finished = DispatchSemaphore(value: 0)
        let endpoint = first.endpoint
        let writer = Thread {
            ProcessTests.writeUntilFailure(endpoint: endpoint, keys: keys, journal: journal)
            finished.signal()
        }
        writer.start()
        let started = Date()
        while Date().timeIntervalSince(started) < 0.5
            || (journal.acknowledgedCount < 20 && Date().timeIntervalSince(started) < 15)
        {
            Thread.sleep(forTimeInterval: 0.01)
        }
        first.crash()
        #expect(finished.wait(timeout: .now() + 60) == .success, "the writer stops once the server is gone")
        let written = journal.snapshot
        #expect(written.stopReason?.hasPrefix("put") == true, "\(written.stopReason ?? "still running")")
        let acknowledgedCount = written.acknowledged.reduce(0) { $0 + $1.count }
        #expect(acknowledgedCount >= 20, "the writer got going before the crash")

        // The same data directory, a new process.
        let second = try ServeProcess(dataDirectory: data, logPath: directory.path + "/serve2.log")
        defer { second.stop() }
        let client = try SLSClient(endpoint: second.endpoint, credentials: Self.credentials)
        var seen: [Int: Int] = [:]
        var ends: [LogCursor] = []
        for shard in 0..<2 {
            let groups = try ShardReader.readAll(client, project: "crash", store: "writes", shard: shard)
            ends.append(try client.cursor(project: "crash", store: "writes", shard: shard, from: .end))
            let ids = groups.flatMap { Self.ids(in: $0.group) }
            #expect(ids.count == groups.reduce(0) { $0 + $1.group.logs.count }, "every stored log carries an id")
            #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "shard \(shard) holds its ids in write order")
            for id in ids {
                seen[id, default: 0] += 1
                #expect(written.attempted[id] == shard, "id \(id) in shard \(shard) was sent there")
            }
            // Acknowledged ids are a prefix of what the shard holds; at most the one unacknowledged
            // group in flight may follow.
            let acknowledged = written.acknowledged[shard]
            #expect(Array(ids.prefix(acknowledged.count)) == acknowledged, "shard \(shard) keeps every acknowledged id")
            let extra = ids.dropFirst(acknowledged.count)
            #expect(extra.count <= 3, "shard \(shard): unacknowledged ids \(Array(extra))")
        }
        #expect(seen.values.allSatisfy { $0 == 1 }, "no id is stored twice: \(seen.filter { $0.value > 1 }.keys.sorted())")
        for shard in 0..<2 {
            for id in written.acknowledged[shard] where seen[id] != 1 {
                Issue.record("acknowledged id \(id) of shard \(shard) is missing after the crash")
            }
        }

        // The store takes new writes after the recovery, at the next positions.
        for shard in 0..<2 {
            let group = LogGroup(logs: [LogRecord(time: 1_700_000_001, contents: [LogContent(key: "id", value: "after-\(shard)")])])
            try client.putLogs(project: "crash", store: "writes", group: group, hashKey: keys[shard])
            let pulled = try client.pullLogs(project: "crash", store: "writes", shard: shard, cursor: ends[shard], count: 10)
            #expect((try pulled.groups).count == 1)
            #expect(pulled.nextCursor.position == ends[shard].position + 1)
            let decoded = try LogGroupCodec.decode(try #require((try pulled.groups).first))
            #expect(decoded.logs.first?.contents == [LogContent(key: "id", value: "after-\(shard)")])
        }
        second.stop()
        #expect(!second.log.contains("damaged"), "\(second.log)")
    }
}
