import Foundation
import Testing

/// `scripts/install.sh` puts `sluice` and its completions under a prefix, idempotently, and says
/// when the prefix is not on PATH. (Its release build runs in `scripts/test.sh`, before the tests.)
@Suite struct InstallScriptTests {
    static let script = DocsLinkTests.root.appendingPathComponent("scripts/install.sh").path

    @Test func installsTheBinaryAndCompletionsOnceAndSaysWhatIsMissingFromPath() throws {
        let prefix = try SluiceBinary.temporaryDirectory().appendingPathComponent("prefix").path
        let arguments = ["--prefix", prefix, "--binary", SluiceBinary.url.path]
        let first = try SluiceBinary.run(arguments, environment: ["PATH": "/usr/bin:/bin"], executable: Self.script)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "\(prefix)/bin/sluice\n")
        let installed = [
            "bin/sluice", "share/bash-completion/completions/sluice", "share/zsh/site-functions/_sluice",
            "share/fish/vendor_completions.d/sluice.fish",
        ]
        for file in installed {
            #expect(first.stderr.contains("install: \(prefix)/\(file)\n"), "\(first.stderr)")
        }
        #expect(SecretsCLITests.mode(prefix + "/bin/sluice") == 0o755)
        #expect(SecretsCLITests.mode(prefix + "/share/bash-completion/completions/sluice") == 0o644)
        #expect(first.stderr.contains("\(prefix)/bin is not on PATH"), "\(first.stderr)")
        let bash = try String(contentsOfFile: prefix + "/share/bash-completion/completions/sluice", encoding: .utf8)
        #expect(bash.contains("-F _sluice sluice") && bash.contains("submit") && bash.contains("--properties-file"))
        let version = try SluiceBinary.run(["--version"], executable: prefix + "/bin/sluice")
        #expect(version.status == 0 && !version.stdout.isEmpty)

        // Again: nothing changes, nothing is said to be installed; on PATH, no advice.
        let second = try SluiceBinary.run(
            arguments, environment: ["PATH": "\(prefix)/bin:/usr/bin:/bin"], executable: Self.script)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("install: \(prefix)"), "\(second.stderr)")
        #expect(!second.stderr.contains("not on PATH"), "\(second.stderr)")
    }

    @Test func anUnknownArgumentIsAUsageError() throws {
        let result = try SluiceBinary.run(["--prefx", "/tmp/x"], executable: Self.script)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown argument '--prefx'"), "\(result.stderr)")
    }
}
