import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice sql` as `spark-sql` is used: at a terminal's prompt, and reading a pipe.
@Suite struct SQLShellTests {
    static let prompt = "sluice-sql> "
    static let continuationPrompt = "         > "

    @Test func theTerminalPromptRunsEachStatementAtItsSemicolonAndGoesOnAfterAnError() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let terminal = try PseudoTerminal(
            ["sql", "--metastore", "ms"], environment: ["HOME": directory.path], directory: directory)
        terminal.wait(for: Self.prompt)
        terminal.type("CREATE TABLE t (a int)\n")
        terminal.wait(for: Self.continuationPrompt)
        terminal.type("USING json OPTIONS (path='/p');\n")
        terminal.wait(for: Self.prompt)
        terminal.type("SHOW TABLES;\n")
        terminal.wait(for: "default\tt\tfalse")
        terminal.wait(for: Self.prompt)
        terminal.type("DESC nosuch;\n")
        terminal.wait(for: "<stdin>:4:6: error:")
        terminal.wait(for: Self.prompt)
        terminal.type("SET shown=after; SET shown;\n")
        terminal.wait(for: "shown\tafter")
        terminal.wait(for: Self.prompt)
        terminal.type("quit;\n")
        #expect(terminal.finish() == 0, "\(terminal.screen)")

        let history = directory.appendingPathComponent(".sluice_history").path
        #expect(SecretsCLITests.mode(history) == 0o600)
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        for line in ["CREATE", "USING", "SHOW", "nosuch", "quit;"] {
            #expect(saved.contains(line), "\(saved)")
        }
    }

    @Test func theHistoryFileIsNarrowedAndKeptAcrossSessionsAndCtrlDLeaves() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let history = try SecretsCLITests.file(directory, ".sluice_history", "", mode: 0o644)
        for statement in ["SET first=1;", "SET second=2;"] {
            let terminal = try PseudoTerminal(
                ["sql", "--metastore", "ms"], environment: ["HOME": directory.path], directory: directory)
            terminal.wait(for: Self.prompt)
            terminal.type(statement + "\n")
            terminal.wait(for: Self.prompt)
            terminal.type("SET unfinished=1\n")
            terminal.wait(for: Self.continuationPrompt)
            terminal.type("\u{4}")
            #expect(terminal.finish() == 0, "\(terminal.screen)")
            #expect(!terminal.screen.contains("unfinished\t1"), "Ctrl-D leaves without running what was not ended")
        }
        #expect(SecretsCLITests.mode(history) == 0o600)
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("first=1;") && saved.contains("second=2;"), "\(saved)")

        // A history that cannot be kept is said, and the shell works without it.
        let homeless = directory.appendingPathComponent("no-such-home").path
        let terminal = try PseudoTerminal(["sql", "--metastore", "ms"], environment: ["HOME": homeless], directory: directory)
        terminal.wait(for: "sluice: warning: lines typed are not kept: cannot open '\(homeless)/.sluice_history'")
        terminal.type("SET third=3;\n")
        terminal.wait(for: "third\t3")
        terminal.type("\u{4}")
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test func sigintStopsEachQueryInTurnAndAtThePromptExits() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "{\"a\":1}\n{\"a\":2}\n".write(to: data.appendingPathComponent("x.json"), atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(
            ["sql", "--metastore", "ms"], environment: ["HOME": directory.path], directory: directory)
        terminal.type("CREATE TABLE s (a int) USING json OPTIONS (path='\(data.path)');\n")
        for _ in 1...2 {
            terminal.wait(for: Self.prompt)
            terminal.type("SELECT a FROM s;\n")
            terminal.wait(for: "Batch: 0")
            terminal.process.interrupt()
            terminal.wait(for: "stopping after the current epoch commits")
        }
        terminal.wait(for: Self.prompt)
        terminal.type("SET still=here;\n")
        terminal.wait(for: "still\there")
        terminal.wait(for: Self.prompt)
        terminal.waitForLineEditor()
        terminal.process.interrupt()
        #expect(terminal.finish() == 128 + SIGINT, "\(terminal.screen)")
    }

    @Test func confDatabaseAndInitScriptApplyBeforeThePrompt() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let created = try SluiceBinary.run([
            "sql", "--metastore", directory.appendingPathComponent("ms").path, "-e", "CREATE DATABASE d2",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let initScript = try SecretsCLITests.file(
            directory, "init.sql", "SET from.init=yes;\nCREATE TABLE it (a int) USING json OPTIONS (path='/p');\n")
        let terminal = try PseudoTerminal(
            [
                "sql", "--metastore", "ms", "--conf", "my.k=v1", "--conf", "my.j=v2", "--database", "d2", "-i",
                initScript,
            ],
            environment: ["HOME": directory.path], directory: directory)
        terminal.wait(for: Self.prompt)
        terminal.type("SET my.j;\n")
        terminal.wait(for: "my.j\tv2")
        terminal.type("SET from.init;\n")
        terminal.wait(for: "from.init\tyes")
        terminal.type("SHOW TABLES;\n")
        terminal.wait(for: "d2\tit\tfalse")
        terminal.type("exit;\n")
        #expect(terminal.finish() == 0, "\(terminal.screen)")
    }

    @Test func confDatabaseAndInitScriptApplyBeforeAScriptAndTheirErrorsStopIt() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        _ = try SluiceBinary.run(["sql", "--metastore", metastore, "-e", "CREATE DATABASE d2"])
        let initScript = try SecretsCLITests.file(directory, "init.sql", "SET from.init=${v};\nUSE default;\nUSE d2;\n")
        let result = try SluiceBinary.run(
            [
                "sql", "--metastore", metastore, "--conf", "my.k=v1", "--database", "default", "-i", initScript, "-d",
                "v=yes",
                "-e", "SET my.k; SET from.init; CREATE TABLE x (a int) USING json OPTIONS (path='/p'); SHOW TABLES",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        // --conf and --database apply quietly; the init script shows what it prints.
        #expect(result.stdout == "from.init\tyes\nmy.k\tv1\nfrom.init\tyes\nd2\tx\tfalse\n", "\(result.stdout)")

        let missing = try SluiceBinary.run([
            "sql", "--metastore", metastore, "--database", "nosuch", "-e", "SET a=b; SET a",
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("--database:1:5: error: database 'nosuch' not found"), "\(missing.stderr)")
        let conf = try SluiceBinary.run([
            "sql", "--metastore", metastore, "--conf", "a=1", "--conf", "spark.sql.streaming.outputMode=x",
        ])
        #expect(conf.status == 1 && conf.stderr.contains("--conf:2:"), "\(conf.stderr)")
        #expect(missing.stdout.isEmpty, "nothing runs after a failed setting")
        let failing = try SecretsCLITests.file(directory, "bad.sql", "SET a=1;\nDESC nosuch;\n")
        let bad = try SluiceBinary.run(["sql", "--metastore", metastore, "-i", failing, "-e", "SET b=2; SET b"])
        #expect(bad.status == 1 && bad.stderr.contains("bad.sql:2:6: error:"), "\(bad.stderr)")
        #expect(!bad.stdout.contains("b\t2"))
    }

    @Test func aPipeRunsEachStatementAsItCompletesAndStopsAtTheFirstError() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let process = Process()
        process.executableURL = SluiceBinary.url
        process.arguments = ["sql", "--metastore", directory.appendingPathComponent("ms").path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("SET\n a=1;\n".utf8))
        // The input stays open: what was read has run, and shows, before the input ends.
        var shown = Data()
        while !String(decoding: shown, as: UTF8.self).contains("a\t1\n") {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            shown += more
        }
        #expect(String(decoding: shown, as: UTF8.self) == "a\t1\n")
        input.fileHandleForWriting.write(Data("DESC nosuch;\nSET b=2; SET b;\n".utf8))
        try input.fileHandleForWriting.close()
        shown += output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: shown, as: UTF8.self) == "a\t1\n", "nothing runs after the error")
        #expect(stderr.hasPrefix("<stdin>:3:6: error: table or view 'nosuch' not found"), "\(stderr)")
    }

    @Test func aPipedScriptsLastStatementNeedsNoSemicolonAndQuitEndsIt() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        let last = try Self.run(["sql", "--metastore", metastore], input: "SET a=1;\n-- a comment\nSET a")
        #expect(last.status == 0 && last.stdout == "a\t1\na\t1\n", "\(last.stdout)\(last.stderr)")
        let quit = try Self.run(["sql", "--metastore", metastore], input: "SET a=1; SET a; QUIT;\nSET b=2; SET b;\n")
        #expect(quit.status == 0 && quit.stdout == "a\t1\na\t1\n", "\(quit.stdout)\(quit.stderr)")
    }

    @Test func outputAndErrorsKeepTheStatementOrderInOneFile() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let metastore = directory.appendingPathComponent("ms").path
        _ = try SluiceBinary.run([
            "sql", "--metastore", metastore, "-e", "CREATE TABLE t (a int) USING json OPTIONS (path='/one')",
        ])
        let script =
            "SET a=1; SET a; CREATE TABLE IF NOT EXISTS t (a int) USING json OPTIONS (path='/two'); "
            + "DESC t; SET b=2; SET b; DESC nosuch"
        for arguments in [["-e", script], []] {
            let file = directory.appendingPathComponent("both.txt")
            #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
            let handle = try FileHandle(forWritingTo: file)
            let process = Process()
            process.executableURL = SluiceBinary.url
            process.arguments = ["sql", "--metastore", metastore] + arguments
            let input = Pipe()
            process.standardInput = arguments.isEmpty ? input : FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            if arguments.isEmpty {
                try input.fileHandleForWriting.write(contentsOf: Data(script.utf8))
            }
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            try handle.close()
            #expect(process.terminationStatus == 1)
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            let order = [
                "a\t1", "option path: '/one' → '/two'", "a\tint\tNULL", "b\t2", "error: table or view 'nosuch'",
            ]
            let positions = order.compactMap { wanted in lines.firstIndex { $0.contains(wanted) } }
            #expect(positions.count == order.count && positions == positions.sorted(), "\(arguments): \(lines)")
        }
    }

    /// Runs `sluice` with `input` on its standard input, a pipe.
    static func run(_ arguments: [String], input: String) throws -> SluiceBinary.Result {
        let process = Process()
        process.executableURL = SluiceBinary.url
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return SluiceBinary.Result(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}
