import Foundation
import Testing

/// `scripts/test-databases.sh` in a dry run (`SLUICE_TEST_DATABASES_DRY_RUN=1`) on a PATH of
/// stand-ins: MariaDB's server package installed and its client present but not answering,
/// PostgreSQL not installed. The servers other tests use are never touched; `apt-get` and
/// `service` stand-ins record any call, and none must come.
@Suite struct TestDatabasesScriptTests {
    static let script = TestDatabase.repository.appendingPathComponent("scripts/test-databases.sh").path

    /// A directory of stand-ins to use as the whole PATH, and the file its `apt-get` and `service` log calls to.
    struct StandIns {
        let directory: URL
        var calls: URL { directory.appendingPathComponent("calls") }

        init() throws {
            directory = try SluiceBinary.temporaryDirectory()
            for tool in ["bash", "id", "grep"] {
                guard let real = ["/usr/bin/", "/bin/"].map({ $0 + tool }).first(where: FileManager.default.isExecutableFile)
                else { throw Missing(tool: tool) }
                try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(tool).path, withDestinationPath: real)
            }
            let scripts = [
                // Only mariadb-server is installed.
                "dpkg-query": #"case "$3" in mariadb-server) printf 'install ok installed' ;; *) exit 1 ;; esac"#,
                // The client is there; the server does not answer.
                "mariadb": "exit 1",
                "sudo": #"exec "$@""#,
                "apt-get": #"echo "apt-get $*" >> "\#(calls.path)""#,
                "service": #"echo "service $*" >> "\#(calls.path)""#,
            ]
            for (name, body) in scripts {
                let path = directory.appendingPathComponent(name).path
                try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
        }

        struct Missing: Error { let tool: String }

        /// Runs the script with `arguments` in a dry run on this PATH alone.
        func plan(_ arguments: [String]) throws -> SluiceBinary.Result {
            try SluiceBinary.run(
                arguments, environment: ["PATH": directory.path, "SLUICE_TEST_DATABASES_DRY_RUN": "1"],
                executable: TestDatabasesScriptTests.script)
        }

        /// What the stand-ins of `apt-get` and `service` were asked to do.
        var recordedCalls: String { (try? String(contentsOf: calls, encoding: .utf8)) ?? "" }
    }

    static let mariadb = ["would start mariadb", "would create user sluice and database sluice_test on mariadb"]
    static let postgresql = [
        "would install postgresql postgresql-client", "would start postgresql",
        "would create user sluice and database sluice_test on postgresql",
    ]

    @Test(arguments: [
        ([], ["would install postgresql postgresql-client"] + Array(mariadb) + Array(postgresql.dropFirst())),
        (["start"], ["would install postgresql postgresql-client"] + Array(mariadb) + Array(postgresql.dropFirst())),
        (["start", "mariadb"], mariadb),
        (["start", "postgresql"], postgresql),
        (["stop"], ["would stop mariadb", "would stop postgresql"]),
        (["stop", "mariadb"], ["would stop mariadb"]),
        (["stop", "postgresql"], ["would stop postgresql"]),
        (["restart", "postgresql"], ["would stop postgresql", "would start postgresql"]),
    ])
    func eachFormPlansTheActionsOfTheServersItNamesAndInstallsOnlyWhatIsMissing(arguments: [String], expected: [String]) throws {
        let standIns = try StandIns()
        defer { try? FileManager.default.removeItem(at: standIns.directory) }
        let result = try standIns.plan(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map(String.init) == expected)
        #expect(result.stderr.isEmpty)
        #expect(standIns.recordedCalls.isEmpty, "a dry run installed or started: \(standIns.recordedCalls)")
    }

    @Test(arguments: [["start", "mysql"], ["stop", "mysql"], ["restart", "mysql"]])
    func anUnknownServerExitsWith2BeforeAnyAction(arguments: [String]) throws {
        let standIns = try StandIns()
        defer { try? FileManager.default.removeItem(at: standIns.directory) }
        let result = try standIns.plan(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "unknown database server 'mysql': mariadb or postgresql\n")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["launch"], ["start", "mariadb", "postgresql"]])
    func anUnknownCommandOrAThirdArgumentExitsWith2AndTheUsage(arguments: [String]) throws {
        let standIns = try StandIns()
        defer { try? FileManager.default.removeItem(at: standIns.directory) }
        let result = try standIns.plan(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("usage: ") && result.stderr.contains("start|stop|restart [mariadb|postgresql]"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
