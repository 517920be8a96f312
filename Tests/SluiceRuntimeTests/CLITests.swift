import Foundation
import Synchronization
import Testing

/// Runs the real `sluice` binary as a user does.
struct SluiceBinary {
    static var url: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sluice")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/sluice")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary (or `executable`) with `arguments`, `environment` added to this process's,
    /// in `directory` (default: this process's).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], executable: String? = nil, directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A new directory `$TMPDIR/sluice-test-<uuid>`, removed with everything in it when the test
    /// process exits.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        TestDirectories.removeAtExit(url.path)
        return url
    }
}

/// The temporary directories this test process made, removed when it exits (tests that stop
/// early or fail leave nothing in `$TMPDIR`).
enum TestDirectories {
    private static let paths = Mutex<[String]>([])
    private static let removalRegistered: Bool = {
        atexit { TestDirectories.removeAll() }
        return true
    }()

    /// Removes `path` and what it holds when the process exits.
    static func removeAtExit(_ path: String) {
        precondition(removalRegistered)
        paths.withLock { $0.append(path) }
    }

    private static func removeAll() {
        for path in paths.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}

@Suite struct CLITests {
    /// The reference script, kept verbatim in the repository.
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/seed.sql")

    static let seedDefines = [
        "logProjectName=p", "logStoreName=s", "accessKeyId=id", "accessKeySecret=topsecret", "endpoint=127.0.0.1:9",
        "rdsUrl=jdbc:mysql://127.0.0.1:3306/db", "rdsTableName=result", "user=u", "password=hunter2",
        "udf_jar_path=/x.jar", "LR_model_path=/m.json", "checkpointDir=/tmp/ck",
    ].flatMap { ["-d", $0] }

    /// `seed.sql` with its INSERT prefixed by EXPLAIN, as the README runs it.
    func explainedSeed(in directory: URL) throws -> URL {
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let script = directory.appendingPathComponent("seed-explain.sql")
        try text.replacingOccurrences(of: "\nINSERT INTO", with: "\nEXPLAIN INSERT INTO")
            .write(to: script, atomically: true, encoding: .utf8)
        return script
    }

    @Test func seedScriptParsesBindsAndExplains() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let script = try explainedSeed(in: directory)
        let metastore = directory.appendingPathComponent("ms").path
        let result = try SluiceBinary.run(["sql", "--metastore", metastore, "-f", script.path] + Self.seedDefines)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.starts(with: ["__logProject__\tstring\tNULL", "__logStore__\tstring\tNULL", "__shard__\tint\tNULL",
                                    "__time__\ttimestamp\tNULL", "__topic__\tstring\tNULL", "__source__\tstring\tNULL"]))
        #expect(lines.contains("url\tjdbc:mysql://127.0.0.1:3306/db"))
        #expect(lines.contains("password\t*********(redacted)"))
        #expect(!result.stdout.contains("hunter2") && !result.stdout.contains("topsecret"))
        #expect(lines.contains("== Logical Plan =="))
        #expect(result.stdout.contains("Aggregate keys [tumbling(time#"))
        #expect(result.stdout.contains("label#7: string (log key)"))
        #expect(result.stdout.contains("statement: insert into `result`(`time`, `label`, `acc`) values(?, ?, ?)"))
        #expect(result.stderr.contains("warning: resource '/x.jar' is not loaded"))
    }

    @Test func tablesPersistBetweenRunsAndIfNotExistsReportsChangedOptions() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        let create = "CREATE TABLE IF NOT EXISTS t (a int) USING json OPTIONS (path='${p}')"
        let first = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", create, "-d", "p=/one"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", create + "; DESC EXTENDED t", "-d", "p=/two"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("option path: '/one' → '/two'"))
        #expect(second.stdout.contains("path\t/one"))
        #expect(second.stdout.hasPrefix("a\tint\tNULL\n"))
    }

    @Test func aFailedStatementLeavesTheMetastoreAsItWasAndExitsNonZero() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms")
        _ = try SluiceBinary.run(["sql", "--metastore", metastore.path, "-e", "CREATE DATABASE d"])
        let catalog = metastore.appendingPathComponent("catalog.json")
        let before = try Data(contentsOf: catalog)
        let script = "CREATE TABLE d.x (a int) USING json OPTIONS (path='/p');\nCREATE TABLE d.y USING loghub OPTIONS (endpoint='e')"
        let result = try SluiceBinary.run(["sql", "--metastore", metastore.path, "-e", script])
        #expect(result.status == 1)
        #expect(result.stderr.contains("<command line>:2:24: error: data source 'loghub' needs option 'sls.project'"))
        #expect(result.stderr.contains("\n" + String(repeating: " ", count: 23) + "^"))
        let after = try SluiceBinary.run(["sql", "--metastore", metastore.path, "-e", "SHOW TABLES IN d"])
        #expect(after.stdout == "d\tx\tfalse\n", "the statement before the error stays")
        #expect(try Data(contentsOf: catalog) != before)
    }

    @Test func aScriptFileThatCannotBeReadSaysWhyWithoutTheUsage() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        for command in ["sql", "submit"] {
            let path = directory.appendingPathComponent("missing.sql").path
            let arguments = command == "sql" ? ["sql", "-f", path] : ["submit", "--master", "local[1]", path]
            let result = try SluiceBinary.run(arguments)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr == "sluice: cannot read script file '\(path)': No such file or directory\n", "\(command)")
            let folder = try SluiceBinary.run(command == "sql" ? ["sql", "-f", directory.path] : ["submit", directory.path])
            #expect(folder.status == 1 && folder.stderr.contains("Is a directory"), "\(command): \(folder.stderr)")
            #expect(!folder.stderr.contains("USAGE"), "\(command): \(folder.stderr)")
        }
    }

    @Test func usageErrorsExitWithTwoInEveryCommand() throws {
        for arguments in [["sql", "--no-such-flag"], ["submit"], ["logstore", "serve", "--bogus"], ["generate", "--records", "x"],
                          ["demo", "--nope"], ["no-such-command"]] {
            let result = try SluiceBinary.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        }
    }

    @Test func unknownOptionsOfTheCommandAreRejected() throws {
        let result = try SluiceBinary.run(["sql", "--no-such-flag"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-flag"))
        let bad = try SluiceBinary.run(["sql", "-d", "novalue", "-e", "SET"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("-d takes NAME=VALUE"))
    }
}
