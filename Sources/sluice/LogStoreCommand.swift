import ArgumentParser
import Dispatch
import Foundation
import SluiceLogClient
import SluiceLogStore

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice logstore`: the SLS-compatible log store server and thin clients of its API.
struct LogStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logstore",
        abstract: "Serve an SLS-compatible log store, or create and list its stores.",
        subcommands: [Serve.self, Create.self, List.self, Repair.self]
    )

    /// `sluice logstore serve`.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the log store API (PutLogs, PullLogs, cursors, …) over HTTP.")

        @Option(help: "Directory of the projects, stores and shard segments.")
        var dataDir: String

        @Option(help: ArgumentHelp("Address to listen on; port 0 picks a free one.", valueName: "host:port"))
        var listen = "127.0.0.1:10080"

        @Option(help: ArgumentHelp(
            "An access key that may sign requests (repeatable). " + SecretSources.argvWarning
                + " Prefer --access-key-file.", valueName: "id:secret"))
        var accessKey: [String] = []

        @Option(help: ArgumentHelp(
            "A file of access keys that may sign requests: one ID:SECRET a line, # comments and blank lines "
                + "skipped (repeatable). Keep it private (chmod 600): a file others may read is warned about.",
            valueName: "file"))
        var accessKeyFile: [String] = []

        @Flag(help: "Accept unsigned requests from anyone (no --access-key).")
        var insecureNoAuth = false

        @Option(help: ArgumentHelp("When appends reach the disk: always (before the answer) or interval.", valueName: "policy"))
        var fsync = "always"

        @Option(help: ArgumentHelp("With --fsync interval: milliseconds between flushes.", valueName: "ms"))
        var fsyncIntervalMs = 200

        @Option(help: ArgumentHelp("Bytes after which a shard starts a new segment file.", valueName: "bytes"))
        var segmentBytes = LogStorage.defaultSegmentBytes

        @Flag(help: "Serve in the background: return once the server listens, its output appended to --log-file.")
        var detach = false

        @Option(help: ArgumentHelp(
            "With --detach: where the server's output goes (default: the data directory's path with .log added).",
            valueName: "file"))
        var logFile: String?

        @Option(help: ArgumentHelp(
            "Write the server's process id to this file, removed when it stops; refused while it names a running server.",
            valueName: "file"))
        var pidFile: String?

        func validate() throws {
            if accessKey.isEmpty && accessKeyFile.isEmpty && !insecureNoAuth {
                throw ValidationError(
                    "give --access-key-file FILE or --access-key ID:SECRET (or --insecure-no-auth to accept unsigned requests)")
            }
            for key in accessKey where !key.contains(":") {
                throw ValidationError("--access-key takes ID:SECRET, got '\(key)'")
            }
            if fsync != "always" && fsync != "interval" { throw ValidationError("--fsync takes always or interval") }
            if fsyncIntervalMs <= 0 { throw ValidationError("--fsync-interval-ms must be positive") }
            if segmentBytes < 4096 { throw ValidationError("--segment-bytes must be at least 4096") }
            _ = try hostAndPort()
            if logFile != nil && !detach { throw ValidationError("--log-file goes with --detach") }
        }

        func run() throws {
            if detach {
                let log = logFile ?? URL(fileURLWithPath: dataDir).standardizedFileURL.path + ".log"
                do {
                    let (pid, line) = try Detach.start(
                        arguments: Detach.arguments(removingFlag: "--detach", option: "--log-file"),
                        logFile: log, ready: Self.readyLine)
                    print("\(line) (pid \(pid), output in \(log))")
                    return
                } catch {
                    printError("sluice logstore: error: \(error.message)")
                    throw ExitCode.failure
                }
            }
            let (host, port) = try hostAndPort()
            // A write past a file-size limit fails with EFBIG, answered like a full disk, instead of killing the server.
            signal(SIGXFSZ, SIG_IGN)
            var credentials: [String: String] = [:]
            for key in accessKey {
                let parts = key.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                credentials[String(parts[0])] = String(parts[1])
            }
            do {
                for file in accessKeyFile {
                    for key in try SecretSources.accessKeys(file: file) { credentials[key.id] = key.secret }
                }
            } catch {
                printError("sluice logstore: error: \(error.message)")
                throw ExitCode.failure
            }
            let policy: FsyncPolicy = fsync == "always" ? .always : .interval(.milliseconds(fsyncIntervalMs))
            let server: LogStoreServer
            do {
                server = try LogStoreServer(
                    dataDirectory: dataDir, host: host, port: port, credentials: credentials, insecure: insecureNoAuth,
                    policy: policy, segmentBytes: segmentBytes)
            } catch {
                printError("sluice logstore: error: \(error)")
                throw ExitCode.failure
            }
            var claimed: PidFile?
            if let pidFile {
                do {
                    claimed = try PidFile.claim(pidFile)
                } catch {
                    printError("sluice logstore: error: \(error.message)")
                    throw ExitCode.failure
                }
            }
            defer { claimed?.remove() }
            server.start()
            // Unbuffered: whoever started the server waits for this line to learn the port.
            FileHandle.standardOutput.write(
                Data("\(Self.readyLine)\(host):\(server.port) (data in \(dataDir), fsync \(fsync))\n".utf8))
            let done = DispatchSemaphore(value: 0)
            var sources: [DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { done.signal() }
                source.resume()
                sources.append(source)
            }
            done.wait()
            server.stop()
            // Unbuffered, before the pid file goes: whoever waits for that reads this line in the log.
            FileHandle.standardOutput.write(Data("sluice logstore: stopped\n".utf8))
        }

        /// The start of the line the server writes once it serves, followed by its address.
        static let readyLine = "sluice logstore: listening on http://"

        private func hostAndPort() throws -> (String, Int) {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                (0...65_535).contains(port)
            else { throw ValidationError("--listen takes HOST:PORT, got '\(listen)'") }
            return (String(listen[..<colon]), port)
        }
    }

    /// `sluice logstore create`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a log store (and its project when missing).")

        @OptionGroup var target: LogStoreTarget

        @Option(help: "The log store to create.")
        var store: String

        @Option(help: "Number of shards.")
        var shards = 2

        @Option(help: "Days logs are kept.")
        var ttl = 30

        @Flag(help: "Succeed when the store already exists.")
        var ifNotExists = false

        func run() throws {
            let client = try target.client()
            try target.perform {
                if !(try client.projectExists(target.project)) {
                    try client.createProject(target.project, description: "created by sluice logstore create")
                    print("created project \(target.project)")
                }
                do {
                    try client.createLogStore(project: target.project, store: store, shardCount: shards, ttlDays: ttl)
                    print("created log store \(target.project)/\(store) with \(shards) shards, ttl \(ttl) days")
                } catch let error as LogStoreError where error.code == "LogStoreAlreadyExist" && ifNotExists {
                    _ = error
                    print("log store \(target.project)/\(store) exists")
                }
            }
        }
    }

    /// `sluice logstore list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the log stores of a project, or the shards and cursors of one store.")

        @OptionGroup var target: LogStoreTarget

        @Option(help: "Show this store's shards.")
        var store: String?

        func run() throws {
            let client = try target.client()
            try target.perform {
                guard let store else {
                    for name in try client.listLogStores(project: target.project) { print(name) }
                    return
                }
                print("shard\tstatus\tbegin key\tend key\tbegin cursor\tend cursor\tgroups")
                for shard in try client.listShards(project: target.project, store: store) {
                    let begin = try client.cursor(project: target.project, store: store, shard: shard.id, from: .begin)
                    let end = try client.cursor(project: target.project, store: store, shard: shard.id, from: .end)
                    print(
                        "\(shard.id)\t\(shard.status)\t\(shard.inclusiveBeginKey)\t\(shard.exclusiveEndKey)\t"
                            + "\(begin.encoded)\t\(end.encoded)\t\(end.position - begin.position)")
                }
            }
        }
    }
}

/// The options every log store client command takes.
struct LogStoreTarget: ParsableArguments {
    @Option(help: ArgumentHelp("The log store's API: host:port or http://host:port.", valueName: "endpoint"))
    var endpoint: String

    @Option(help: "The project.")
    var project: String

    @Option(help: "Access key id that signs requests.")
    var accessKeyId: String

    @Option(help: ArgumentHelp(
        "Access key secret that signs requests. " + SecretSources.argvWarning
            + " Prefer --access-key-secret-file or $\(SecretSources.accessKeySecretVariable)."))
    var accessKeySecret: String?

    @Option(help: ArgumentHelp(
        "A file holding the access key secret (one trailing newline is dropped).", valueName: "file"))
    var accessKeySecretFile: String?

    func validate() throws {
        if accessKeySecret != nil && accessKeySecretFile != nil {
            throw ValidationError("give --access-key-secret or --access-key-secret-file, not both")
        }
    }

    /// The secret: from --access-key-secret, --access-key-secret-file or the environment, in that order.
    func secret() throws(CommandLineError) -> String {
        if let accessKeySecret { return accessKeySecret }
        if let accessKeySecretFile {
            let secret = try SecretSources.read(accessKeySecretFile, purpose: "--access-key-secret-file")
            guard !secret.isEmpty else { throw CommandLineError("--access-key-secret-file \(accessKeySecretFile) is empty") }
            return secret
        }
        if let secret = ProcessInfo.processInfo.environment[SecretSources.accessKeySecretVariable], !secret.isEmpty {
            return secret
        }
        throw CommandLineError(
            "give the access key secret: --access-key-secret-file FILE, the environment variable "
                + "\(SecretSources.accessKeySecretVariable), or --access-key-secret SECRET (visible to other users)")
    }

    func client() throws -> SLSClient {
        do {
            return try SLSClient(
                endpoint: endpoint,
                credentials: SLSCredentials(accessKeyId: accessKeyId, accessKeySecret: try secret()))
        } catch let error as CommandLineError {
            printError("sluice: error: \(error.message)")
            throw ExitCode.failure
        } catch {
            printError("sluice: error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Runs `body`, printing a log store error and failing the command.
    func perform(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LogStoreError {
            printError("sluice: error: \(error)")
            throw ExitCode.failure
        }
    }
}

extension LogStoreCommand {
    /// `sluice logstore repair`.
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every stored record and take damaged ones out (run with the server stopped).",
            discussion: """
                Damaged bytes move to <shard>/quarantine/<segment>@<offset>; every valid group is kept at its \
                sequence number; each lost group's sequence number becomes a tombstone, pulled as an empty \
                log group, so cursors stay valid. Prints every loss: file, offset, bytes and the groups lost.
                """)

        @Option(help: "Directory of the projects, stores and shard segments.")
        var dataDir: String

        func run() throws {
            let report: RepairReport
            do {
                report = try LogStoreRepair.repair(dataDirectory: dataDir)
            } catch {
                printError("sluice logstore repair: error: \(error)")
                throw ExitCode.failure
            }
            print(
                "sluice logstore repair: checked \(report.shards) shards, \(report.segments) segments, "
                    + "\(report.bytesChecked) bytes")
            for loss in report.losses {
                let groups =
                    loss.sequences.isEmpty
                    ? "no finished group"
                    : "groups \(loss.sequences.lowerBound)...\(loss.sequences.upperBound - 1) "
                        + "(\(loss.sequences.count) lost, now tombstones)"
                print(
                    "lost: \(loss.segment) offset \(loss.offset), \(loss.length) bytes, \(groups): \(loss.problem)"
                        + (loss.quarantine.map { "; bytes kept in \($0)" } ?? ""))
            }
            if report.losses.isEmpty {
                print("sluice logstore repair: nothing damaged")
            } else {
                let bytes = report.losses.reduce(0) { $0 + $1.length }
                print("sluice logstore repair: \(report.groupsLost) groups lost, \(bytes) bytes quarantined")
            }
        }
    }
}
