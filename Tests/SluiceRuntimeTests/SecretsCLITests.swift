import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Secrets kept off command lines and out of files others can read: `-d NAME=@FILE`, the log
/// store's key files and environment, the metastore's modes.
@Suite struct SecretsCLITests {
    static func mode(_ path: String) -> Int { ClusterSecurityTests.mode(path) }

    /// Writes `text` to a new file `name` in `directory` with `mode`; returns its path.
    static func file(_ directory: URL, _ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url.path
    }

    @Test func theMetastoreIsPrivateEvenWhenMadeByAnOlderBuild() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        let create =
            "CREATE TABLE t USING loghub OPTIONS (sls.project='proj-a', sls.store='s', endpoint='127.0.0.1:9', "
            + "access.key.id='id', access.key.secret='hunter2')"
        let result = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", create])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(Self.mode(metastore) == 0o700)
        #expect(Self.mode(metastore + "/catalog.json") == 0o600)
        #expect(Self.mode(metastore + "/catalog.lock") == 0o600)

        // A metastore an older build left world-readable is narrowed, and its catalog too once rewritten.
        let old = directory.appendingPathComponent("old").path
        try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.copyItem(atPath: metastore + "/catalog.json", toPath: old + "/catalog.json")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: old + "/catalog.json")
        let again = try SluiceBinary.run(["sql", "--metastore", old, "-e", "CREATE TABLE u (a int) USING json OPTIONS (path='/q')"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.mode(old) == 0o700)
        #expect(Self.mode(old + "/catalog.json") == 0o600)
        let desc = try SluiceBinary.run(["sql", "--metastore", old, "-e", "DESC EXTENDED t"])
        #expect(desc.stdout.contains("access.key.secret\t*********(redacted)"), "\(desc.stdout)")
        #expect(!desc.stdout.contains("hunter2") && !desc.stderr.contains("hunter2"))
    }

    @Test func setPrintsSecretSettingsRedacted() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        let script = "SET my.password=xx1; SET my.url=jdbc:mysql://u:xx2@h/db; SET my.name=kept; SET; SET my.password"
        let result = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("my.password\t*********(redacted)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("my.url\tjdbc:mysql://u:*********(redacted)@h/db\n"), "\(result.stdout)")
        #expect(result.stdout.contains("my.name\tkept\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("xx1") && !result.stdout.contains("xx2"), "\(result.stdout)")
    }

    @Test func passwordsInConnectionURLsAreMaskedInWhatIsPrinted() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        let script =
            "CREATE TABLE r USING jdbc2 OPTIONS (url='jdbc:mysql://bob:URLPASS@127.0.0.1:3306/db?password=QPASS', "
            + "driver='com.mysql.jdbc.Driver', dbtable='t', user='bob', password='PWPW'); DESC EXTENDED r"
        let result = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("url\tjdbc:mysql://bob:*********(redacted)@127.0.0.1:3306/db?password=*********(redacted)"),
            "\(result.stdout)")
        for secret in ["URLPASS", "QPASS", "PWPW"] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(result.stdout)\(result.stderr)")
        }
    }

    @Test func aVariableIsReadFromAFileNamedAfterAnAt() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        let value = try Self.file(directory, "path", "/from/file\n")
        let script = "CREATE TABLE t (a int) USING json OPTIONS (path='${p}', timestampFormat='${n}'); DESC EXTENDED t"
        let result = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", script, "-d", "p=@" + value, "-d", "n=@@at"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("path\t/from/file\n"), "one trailing newline dropped: \(result.stdout)")
        #expect(result.stdout.contains("timestampFormat\t@at\n"), "\(result.stdout)")
        #expect(result.stderr.isEmpty, "a private file is read without a warning: \(result.stderr)")

        let open = try Self.file(directory, "open", "/x", mode: 0o644)
        let warned = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", "SET", "-d", "p=@" + open])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("\(open) (-d p=@FILE) may be read by other users (mode 644)"), "\(warned.stderr)")

        let missing = directory.appendingPathComponent("no-such-file").path
        for command in [["sql", "--metastore", metastore, "-e", "SET"], ["submit", "--master", "local[1]", missing]] {
            let failed = try SluiceBinary.run(command + ["-d", "password=@" + missing])
            #expect(failed.status == 1, "\(failed.stderr)")
            #expect(failed.stderr.contains("error: -d password=@FILE: cannot read \(missing): No such file or directory"), "\(failed.stderr)")
        }
    }

    /// `sluice logstore serve` with `arguments`, until the test ends; its address once it listens.
    final class Server {
        let process = Process()
        let output: URL
        init(_ arguments: [String], directory: URL) throws {
            output = directory.appendingPathComponent("serve-\(UUID().uuidString).out")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.executableURL = SluiceBinary.url
            process.arguments = ["logstore", "serve"] + arguments
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = process.standardOutput
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        /// host:port once it listens, nil when it exits first or takes over 10 s.
        func endpoint() -> String? {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, process.isRunning {
                if let range = text.range(of: "listening on http://") {
                    return String(text[range.upperBound...].prefix { !$0.isWhitespace })
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return nil
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
    }

    /// Runs `sluice` (or `executable`) with `arguments` and `environment` added to this process's.
    static func run(_ arguments: [String], environment: [String: String], executable: String? = nil) throws
        -> SluiceBinary.Result
    {
        try SluiceBinary.run(arguments, environment: environment, executable: executable)
    }

    @Test func theLogStoreTakesItsKeysFromFilesAndTheEnvironment() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let keys = try Self.file(directory, "keys", "# the demo's keys\n\nwriter:w-secret-1\n  reader:r:secret:2  \n")
        let server = try Server(
            ["--data-dir", directory.appendingPathComponent("data").path, "--listen", "127.0.0.1:0", "--access-key-file", keys],
            directory: directory)
        defer { server.stop() }
        let endpoint = try #require(server.endpoint(), "\(server.text)")
        let arguments = ClusterSecurityTests.commandLine(server.process.processIdentifier)
        #expect(arguments.contains("--access-key-file"))
        #expect(!arguments.contains("w-secret-1") && !arguments.contains("r:secret:2"), "\(arguments)")

        let target = ["--endpoint", endpoint, "--project", "proj-a"]
        let secretFile = try Self.file(directory, "writer.secret", "w-secret-1\n")
        let created = try SluiceBinary.run(
            ["logstore", "create"] + target + ["--store", "store-a", "--access-key-id", "writer", "--access-key-secret-file", secretFile])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created log store proj-a/store-a"), "\(created.stdout)")

        // The second key, from the environment; a secret with colons splits at the first.
        let listed = try Self.run(
            ["logstore", "list"] + target + ["--access-key-id", "reader"], environment: ["SLUICE_ACCESS_KEY_SECRET": "r:secret:2"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == "store-a\n", "\(listed.stdout)")

        let wrong = try Self.run(
            ["logstore", "list"] + target + ["--access-key-id", "reader"], environment: ["SLUICE_ACCESS_KEY_SECRET": "nope"])
        #expect(wrong.status != 0)
        #expect(!wrong.stderr.contains("nope"), "\(wrong.stderr)")

        let none = try Self.run(["logstore", "list"] + target + ["--access-key-id", "reader"], environment: ["SLUICE_ACCESS_KEY_SECRET": ""])
        #expect(none.status == 1)
        #expect(none.stderr.contains("give the access key secret: --access-key-secret-file FILE"), "\(none.stderr)")

        // The official Python SDK signs with a key of the file too.
        let python = try Self.run(
            [
                "python3", "-c",
                "import os, sys; from aliyun.log import LogClient; "
                    + "c = LogClient('http://' + sys.argv[1], 'reader', os.environ['SLUICE_ACCESS_KEY_SECRET']); "
                    + "c._isRowIp = True; "  // to 127.0.0.1 itself, the project in the Host header only
                    + "print(sorted(c.list_logstore('proj-a').get_logstores()))",
                endpoint,
            ], environment: ["SLUICE_ACCESS_KEY_SECRET": "r:secret:2"], executable: "/usr/bin/env")
        #expect(python.status == 0, "\(python.stderr)")
        #expect(python.stdout == "['store-a']\n", "\(python.stdout)\(python.stderr)")

        // generate takes the same options.
        let input = try Self.file(directory, "input.libsvm", "1 1:0.5\n0 2:0.25\n")
        let generated = try SluiceBinary.run(
            ["generate"] + target + ["--store", "store-a", "--input", input, "--access-key-id", "writer", "--access-key-secret-file", secretFile])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("wrote 2 records to proj-a/store-a"), "\(generated.stdout)")
    }

    @Test func aBadKeyFileIsRefusedNamingItsLine() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let keys = try Self.file(directory, "keys", "good:one\nno-colon-here\n")
        let server = try Server(
            ["--data-dir", directory.appendingPathComponent("data").path, "--listen", "127.0.0.1:0", "--access-key-file", keys],
            directory: directory)
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 1)
        #expect(server.text.contains("--access-key-file \(keys):2: expected ID:SECRET"), "\(server.text)")
        #expect(!server.text.contains("good:one") && !server.text.contains("no-colon-here"))
        let help = try SluiceBinary.run(["logstore", "serve", "--help"])
        #expect(help.stdout.contains("visible to other users"), "\(help.stdout)")
    }
}
