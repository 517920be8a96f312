import ArgumentParser
import Foundation
import SluiceLogStore
import SluicePlan
import SluiceRuntime

/// `sluice demo`: the whole pipeline on embedded defaults, in one command (`DemoRun`): a log
/// store, the generator, the reference script on `local[2]` into SQLite, each window's accuracy
/// printed as it is committed. Ctrl-C or SIGTERM stops after the current epoch and prints the
/// summary; a closed standard output stops at once, removing the cluster's temporary directory
/// either way.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on embedded defaults: log store, generator, seed.sql on local[2], SQLite.")

    @Option(help: "Records the generator writes.")
    var records = 20_000

    @Option(help: "Records per second the generator writes.")
    var rate = 4_000.0

    @Option(help: "Records per second of event time (so a 10-second window holds this many times 10).")
    var eventRate = 500

    @Option(help: "Where the log store, checkpoint and results go (emptied first).")
    var work = "sluice-demo"

    @Option(help: ArgumentHelp("Executor processes: local[N].", valueName: "master"))
    var master = "local[2]"

    @Flag(help: "Print the separate commands that do what the demo does (serve, create, generate, submit), and exit.")
    var printCommands = false

    func validate() throws {
        if records < 1 || rate <= 0 || eventRate < 1 { throw ValidationError("--records, --rate and --event-rate must be positive") }
        _ = try Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    func run() throws {
        if printCommands {
            print(DemoRecipe(records: records, rate: rate, eventRate: eventRate, master: master).commands, terminator: "")
            return
        }
        StandardOutput.ignoreBrokenPipes()
        let stopper = QueryStopper()
        let master = self.master
        defer { ExitCleanup.run() }
        let outcome = try DemoRun(records: records, rate: rate, eventRate: eventRate, work: work, master: master).run(
            startLogStore: { directory in
                let server = try LogStoreServer(
                    dataDirectory: directory, host: "127.0.0.1", port: 0,
                    credentials: [DemoRun.key.accessKeyId: DemoRun.key.accessKeySecret], insecure: false)
                server.start()
                return DemoRun.LogStore(endpoint: "127.0.0.1:\(server.port)", stop: { server.stop() })
            },
            startCluster: {
                try ExitCleanup.registering {
                    let cluster = try LocalCluster(
                        master: Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount), cores: 1,
                        memoryBytes: 2 << 30, log: { printError(Redaction.maskingURLs(in: "cluster: \($0)")) })
                    ExitCleanup.add { cluster.stop(reason: "the demo is exiting") }
                    return cluster
                }
            },
            onQuery: { stopper.watch($0) }, say: { StandardOutput.line($0) },
            warn: { printError(Redaction.maskingURLs(in: $0)) })
        if !outcome.succeeded { throw ExitCode.failure }
        StandardOutput.line("done: \(outcome.summary), results in \(outcome.database), table \(DemoRecipe.table)")
    }
}
