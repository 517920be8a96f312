import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The README's step-by-step recipe is what `sluice demo --print-commands` prints, and runs as
/// printed: from a fresh directory holding a copy of `examples/`, with `sluice` on `PATH`, into
/// MariaDB (which `scripts/test.sh` starts, as the README's once-per-machine step does).
@Suite(.serialized) struct ReadmeRecipeTests {
    static let root = DocsLinkTests.root

    /// The lines of the code block after the README's recipe marker.
    static func readmeRecipe() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let marker = text.range(of: "<!-- recipe:") else { throw RecipeError("README.md has no recipe marker") }
        let after = text[marker.upperBound...]
        guard let open = after.range(of: "```sh\n"), let close = after[open.upperBound...].range(of: "```\n") else {
            throw RecipeError("README.md's recipe marker is not followed by a ```sh block")
        }
        return String(after[open.upperBound..<close.lowerBound])
    }

    /// The once-per-machine commands before the recipe.
    static func readmeSetup() throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let marker = text.range(of: "<!-- recipe:"), let section = text.range(of: "## Your own run, step by step")
        else { throw RecipeError("README.md has no step-by-step section") }
        let before = text[section.upperBound..<marker.lowerBound]
        guard let open = before.range(of: "```sh\n"), let close = before[open.upperBound...].range(of: "```\n") else {
            throw RecipeError("the step-by-step section has no setup block")
        }
        return before[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
    }

    struct RecipeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func theReadmesRecipeIsWhatTheDemoPrints() throws {
        let printed = try SluiceBinary.run(["demo", "--print-commands"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(try Self.readmeRecipe() == printed.stdout)
        // Other values show in what is printed.
        let other = try SluiceBinary.run(["demo", "--print-commands", "--records", "777", "--master", "local[1]"])
        #expect(other.stdout.contains("--records 777 "), "\(other.stdout)")
        #expect(other.stdout.contains("sluice submit --properties-file examples/seed.properties --master 'local[1]' "))
    }

    @Test func theSetupStepsAreTheOnesTheTestScriptRuns() throws {
        let setup = try Self.readmeSetup()
        #expect(setup == ["scripts/test-databases.sh start mariadb", "scripts/install.sh"])
        let test = try String(contentsOf: Self.root.appendingPathComponent("scripts/test.sh"), encoding: .utf8)
        #expect(test.contains("\nscripts/install.sh"))
        #expect(test.contains("\nscripts/test-databases.sh start\n"))
    }

    @Test func theReadmesRecipeRunsAsPrintedAndFillsTheSinkTable() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("examples"), to: directory.appendingPathComponent("examples"))
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: bin.appendingPathComponent("sluice").path, withDestinationPath: SluiceBinary.url.path)
        // A table left by an earlier run would hold its rows too.
        let drop = try SluiceBinary.run(
            ["mariadb", "-h", "127.0.0.1", "-u", "sluice", "-psluice", "sluice_test", "-e", "DROP TABLE IF EXISTS lr_accuracy"],
            executable: "/usr/bin/env")
        #expect(drop.status == 0, "\(drop.stderr)")
        let pidFile = directory.appendingPathComponent("sluice-run/logstore.pid").path
        defer {
            // A failed step leaves the log store serving: stop it.
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
        }
        let recipe = try Self.readmeRecipe()
        let result = try Self.bash(recipe, in: directory, path: bin.path)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")

        // The last SELECT: a header, then one accuracy per 10-second window and label.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        guard let header = lines.lastIndex(of: "time\tlabel\tacc") else {
            Issue.record("no result table in \(result.stdout)")
            return
        }
        let rows = lines[(header + 1)...].map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.allSatisfy { $0.count == 3 }, "\(rows)")
        let windows = Set(rows.map { $0[0] })
        // 20,000 records at 500 a second of event time: 40 seconds, in 4 or 5 windows by where they start.
        #expect((4...5).contains(windows.count), "\(rows)")
        #expect(Set(rows.map { $0[1] }) == ["0", "1"], "\(rows)")
        let accuracies = rows.compactMap { Double($0[2]) }
        #expect(accuracies.count == rows.count && accuracies.allSatisfy { (0...1).contains($0) }, "\(rows)")
        // Labels flipped more and more along the run: accuracies vary by window.
        #expect(Set(accuracies).count > 2, "\(rows)")
        #expect(!FileManager.default.fileExists(atPath: pidFile) || Self.waitGone(pidFile), "the log store was not stopped")
    }

    @Test func serveDetachReturnsOnceTheServerListensAndThePidFileStopsIt() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let pidFile = directory.appendingPathComponent("logstore.pid").path
        let data = directory.appendingPathComponent("data").path
        let serve = ["logstore", "serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--insecure-no-auth", "--detach", "--pid-file", pidFile]
        let started = try SluiceBinary.run(serve)
        #expect(started.status == 0, "\(started.stderr)")
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(pidText))
        defer { kill(pid, SIGTERM) }
        #expect(started.stdout.contains("listening on http://127.0.0.1:"), "\(started.stdout)")
        #expect(started.stdout.contains("(pid \(pid), output in \(data).log)"), "\(started.stdout)")
        // It serves: a client reaches it at the printed port.
        let address = try #require(started.stdout.range(of: "http://127.0.0.1:"))
        let port = started.stdout[address.upperBound...].prefix { $0.isNumber }
        let create = try SluiceBinary.run(
            ["logstore", "create", "--endpoint", "127.0.0.1:\(port)", "--project", "proj-a", "--store", "store-a", "--access-key-id", "x"],
            environment: ["SLUICE_ACCESS_KEY_SECRET": "y"])
        #expect(create.status == 0, "\(create.stderr)")
        // A second server with the same pid file is refused, naming the running one.
        let again = try SluiceBinary.run(serve)
        #expect(again.status == 1)
        #expect(again.stderr.contains("names process \(pid), which is running"), "\(again.stderr)")
        // Stopped by the pid it wrote, it removes its pid file.
        kill(pid, SIGTERM)
        #expect(Self.waitGone(pidFile))
        let log = try String(contentsOfFile: data + ".log", encoding: .utf8)
        #expect(log.contains("sluice logstore: stopped"), "\(log)")
    }

    @Test func serveDetachFailsWithTheServersOutputWhenItCannotStart() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        // The data directory is a file: the server exits at once.
        let data = directory.appendingPathComponent("data").path
        try "not a directory".write(toFile: data, atomically: true, encoding: .utf8)
        let result = try SluiceBinary.run(
            ["logstore", "serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--insecure-no-auth", "--detach"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the server exited at start"), "\(result.stderr)")
        #expect(result.stderr.contains("sluice logstore: error:"), "\(result.stderr)")
    }

    /// Runs `script` with `bash -e` in `directory`, `path` first on PATH.
    static func bash(_ script: String, in directory: URL, path: String) throws -> SluiceBinary.Result {
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return try SluiceBinary.run(
            ["-euo", "pipefail", "-c", script], environment: ["PATH": path + ":" + inherited], executable: "/bin/bash",
            directory: directory)
    }

    /// Whether the file at `path` is gone within 10 seconds.
    static func waitGone(_ path: String) -> Bool {
        for _ in 0..<200 {
            if !FileManager.default.fileExists(atPath: path) { return true }
            usleep(50_000)
        }
        return false
    }
}
