import ArgumentParser
import Foundation
import SluicePlan
import SluiceRuntime

/// `sluice submit`: runs a script on a cluster, as `spark-submit` does: the driver in this
/// process, executors beside it (`--master local[N]`). The script runs on a fresh catalog.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Run a SQL script on a cluster: the driver here, executor processes beside it.",
        discussion: "Queries over log stores (USING loghub) run their tasks on the executors; other queries run in "
            + "the driver. The script runs on a fresh catalog: its tables are the ones it creates.")

    @Option(help: ArgumentHelp("local, local[N] or local[*]: N executor processes on this machine.", valueName: "master"))
    var master = "local[2]"

    @Option(help: "Executor processes; with local[N] it must equal N.")
    var numExecutors: Int?

    @Option(help: "Tasks each executor runs at once.")
    var executorCores = 1

    @Option(help: ArgumentHelp("Resident memory per executor above which its tasks fail.", valueName: "size"))
    var executorMemory = "2g"

    @Option(help: ArgumentHelp("Resident memory of the driver (this process) above which the query fails.", valueName: "size"))
    var driverMemory = "1g"

    @Option(help: "The application's name, shown in the driver's messages.")
    var name = "sluice"

    @Option(help: ConfSettings.help)
    var conf: [String] = []

    @Option(name: [.short, .customLong("define"), .customLong("hivevar")], help: Variables.help)
    var define: [String] = []

    @Option(help: ArgumentHelp("available-now, once or processing-time=<interval>.", valueName: "trigger"))
    var trigger = "processing-time=1s"

    @Argument(help: "The SQL script.")
    var script: String

    func validate() throws {
        let parsed = try Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount)
        if let numExecutors, numExecutors != parsed.executors {
            throw ValidationError("--num-executors \(numExecutors) differs from --master \(master)")
        }
        if executorCores < 1 { throw ValidationError("--executor-cores must be at least 1") }
        _ = try MemorySize.bytes(executorMemory)
        _ = try MemorySize.bytes(driverMemory)
        if Trigger(text: trigger) == nil {
            throw ValidationError("--trigger takes processing-time=<interval>, once or available-now, not '\(trigger)'")
        }
        for setting in conf + define where !setting.contains("=") {
            throw ValidationError("--conf and -d take NAME=VALUE, got '\(setting)'")
        }
    }

    func run() throws {
        let variables = try Variables.parseOrFail(define, command: "submit")
        let text = try ScriptFile.read(script)
        let settings = ConfSettings.script(conf)
        try ClusterSession.run(
            text: settings + text, name: script, variables: variables, master: master,
            executorCores: executorCores, executorMemory: executorMemory, driverMemory: driverMemory, trigger: trigger,
            store: InMemoryCatalogStore(), application: name)
    }
}

/// Runs a script with a local cluster: shared by `sluice submit` and `sluice sql --master`.
enum ClusterSession {
    static func run(
        text: String, name: String, variables: [String: String], master: String, executorCores: Int,
        executorMemory: String, driverMemory: String = "0", trigger: String, store: CatalogStore, application: String
    ) throws {
        let stopper = QueryStopper()
        let cluster: LocalCluster
        do {
            cluster = try LocalCluster(
                master: Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount), cores: executorCores,
                memoryBytes: try MemorySize.bytes(executorMemory),
                driverMemoryBytes: driverMemory == "0" ? 0 : try MemorySize.bytes(driverMemory),
                log: { printError(Redaction.maskingURLs(in: "\(application): \($0)")) })
        } catch let error as RuntimeError {
            printError("sluice: error: \(error.message)")
            throw ExitCode.failure
        }
        ExitCleanup.add { cluster.stop(reason: "the driver is exiting") }
        let runner = ScriptRunner(
            session: Session(store: store, sinkCatalog: JDBCSinkCatalog(), sourceCatalog: LoghubSourceCatalog()),
            trigger: Trigger(text: trigger) ?? .defaultTrigger, clusterTasks: cluster.tasks
        ) { stopper.watch($0) }
        let succeeded = runner.run(text: text, name: name, variables: variables) { event in
            switch event {
            case .row(let line): print(Redaction.maskingURLs(in: line))
            case .warning(let message), .error(let message): printError(Redaction.maskingURLs(in: message))
            }
        }
        cluster.stop(reason: succeeded ? "the script finished" : "the script failed")
        ExitCleanup.run()
        if !succeeded { throw ExitCode.failure }
    }
}

/// `-d NAME=VALUE` definitions. `NAME=@FILE` reads the value from FILE (its one trailing
/// newline dropped), so that secrets need not be on the command line, which other users can
/// read; `NAME=@@TEXT` is the literal value `@TEXT`.
enum Variables {
    /// What the help of `-d` says.
    static let help = ArgumentHelp(
        "Set variable NAME for ${NAME} in the script; NAME=@FILE reads the value from FILE (@@ for a literal @). "
            + SecretSources.argvWarning,
        valueName: "NAME=VALUE")

    /// The variables of `definitions`.
    /// - Throws: `CommandLineError` naming the file of a `NAME=@FILE` that cannot be read.
    static func parse(_ definitions: [String]) throws(CommandLineError) -> [String: String] {
        var values: [String: String] = [:]
        for definition in definitions {
            let parts = definition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            if value.hasPrefix("@@") {
                values[name] = String(value.dropFirst())
            } else if value.hasPrefix("@") {
                values[name] = try SecretSources.read(String(value.dropFirst()), purpose: "-d \(name)=@FILE")
            } else {
                values[name] = value
            }
        }
        return values
    }

    /// The variables of `definitions`, or the error printed and the command failed.
    static func parseOrFail(_ definitions: [String], command: String) throws -> [String: String] {
        do {
            return try parse(definitions)
        } catch {
            printError("sluice \(command): error: \(error.message)")
            throw ExitCode.failure
        }
    }
}
