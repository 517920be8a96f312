import ArgumentParser
import Foundation
import SluiceConnectors
import SluiceCore
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

    @Option(help: ArgumentHelp(
        "local, local[N] or local[*]: N executor processes on this machine (default local[2]).", valueName: "master"))
    var master: String?

    @Option(help: "Executor processes; with local[N] it must equal N.")
    var numExecutors: Int?

    @Option(help: "Tasks each executor runs at once (default 1).")
    var executorCores: Int?

    @Option(help: ArgumentHelp("Resident memory per executor above which its tasks fail (default 2g).", valueName: "size"))
    var executorMemory: String?

    @Option(help: ArgumentHelp(
        "Resident memory of the driver (this process) above which the query fails (default 1g).", valueName: "size"))
    var driverMemory: String?

    @Option(help: "The application's name, shown in the driver's messages (default sluice).")
    var name: String?

    @Option(help: ConfSettings.help)
    var conf: [String] = []

    @Option(name: [.short, .customLong("define"), .customLong("hivevar")], help: Variables.help)
    var define: [String] = []

    @Option(help: ArgumentHelp(
        "available-now, once or processing-time=<interval> (default processing-time=1s).", valueName: "trigger"))
    var trigger: String?

    @Option(help: ArgumentHelp(
        "Settings read before the command line's, as spark-submit's: spark.master, spark.executor.instances, "
            + "spark.executor.cores, spark.executor.memory, spark.driver.memory, spark.app.name, sluice.trigger, "
            + "other spark.* keys as --conf, sluice.var.NAME=VALUE as -d NAME=VALUE.",
        valueName: "file"))
    var propertiesFile: String?

    @Argument(help: "The SQL script.")
    var script: String

    func validate() throws {
        for setting in conf + define where !setting.contains("=") {
            throw ValidationError("--conf and -d take NAME=VALUE, got '\(setting)'")
        }
        if propertiesFile == nil { _ = try settings(properties: nil) }
    }

    func run() throws {
        let properties = try propertiesFile.map(PropertiesSource.read)
        let effective: Settings
        do {
            effective = try settings(properties: properties)
        } catch let error as ValidationError {
            printError("sluice submit: error: \(error.message)\(propertiesFile.map { " (with --properties-file \($0))" } ?? "")")
            throw ExitCode(2)
        }
        let variables = try Variables.parseOrFail((properties?.definitions ?? []) + define, command: "submit")
        let text = try ScriptFile.read(script)
        let settings = (properties?.settings.map { "\($0.key)=\($0.value)" } ?? []) + conf
        try ClusterSession.run(
            text: text, name: script, settings: settings, variables: variables, master: effective.master,
            executorCores: effective.executorCores, executorMemory: effective.executorMemory,
            driverMemory: effective.driverMemory, trigger: effective.trigger, store: InMemoryCatalogStore(),
            application: effective.name)
    }

    /// The settings a run uses: the command line's, else the properties file's, else the defaults.
    struct Settings {
        var master = "local[2]"
        var executorCores = 1
        var executorMemory = "2g"
        var driverMemory = "1g"
        var name = "sluice"
        var trigger = "processing-time=1s"
    }

    /// The command line over `properties` over the defaults, checked.
    /// - Throws: `ValidationError` naming what is wrong.
    func settings(properties: SubmitProperties?) throws -> Settings {
        var settings = Settings()
        if let value = master ?? properties?.master { settings.master = value }
        if let value = executorCores ?? properties?.executorCores { settings.executorCores = value }
        if let value = executorMemory ?? properties?.executorMemory { settings.executorMemory = value }
        if let value = driverMemory ?? properties?.driverMemory { settings.driverMemory = value }
        if let value = name ?? properties?.name { settings.name = value }
        if let value = trigger ?? properties?.trigger { settings.trigger = value }
        let parsed = try Master(parsing: settings.master, cores: ProcessInfo.processInfo.activeProcessorCount)
        if let executors = numExecutors ?? properties?.numExecutors, executors != parsed.executors {
            throw ValidationError("--num-executors \(executors) differs from --master \(settings.master)")
        }
        if settings.executorCores < 1 { throw ValidationError("--executor-cores must be at least 1") }
        _ = try MemorySize.bytes(settings.executorMemory)
        _ = try MemorySize.bytes(settings.driverMemory)
        if Trigger(text: settings.trigger) == nil {
            throw ValidationError(
                "--trigger takes processing-time=<interval>, once or available-now, not '\(settings.trigger)'")
        }
        return settings
    }
}

/// Reading `--properties-file`: a file that cannot be read or holds an unknown `sluice.*` key
/// fails the command (status 1) with the reason; ignored keys are warned about.
enum PropertiesSource {
    /// The settings of the properties file at `path`.
    static func read(_ path: String) throws -> SubmitProperties {
        do {
            let text = try SecretSources.read(path, purpose: "--properties-file", isSecret: false)
            let entries = try PropertiesFile.parse(text, name: path)
            // Secrets belong in files of their own (sluice.var.password=@FILE); written here, the file must be private.
            if entries.contains(where: { SecretRedaction.isSecret($0.key) && Variables.isLiteral($0.value) }) {
                SecretSources.warnIfShared(path, purpose: "--properties-file with a secret")
            }
            let properties = try SubmitProperties(entries: entries, file: path)
            for warning in properties.warnings { printError("sluice submit: warning: \(warning)") }
            return properties
        } catch let error as CommandLineError {
            printError("sluice submit: error: \(error.message)")
        } catch let error as RuntimeError {
            printError("sluice submit: error: \(error.message)")
        }
        throw ExitCode.failure
    }
}

/// Runs a script with a local cluster: shared by `sluice submit` and `sluice sql --master`.
/// However the run ends (the script done or failed, SIGINT or SIGTERM, standard output closed),
/// the executors stop and the cluster's temporary directory goes (`ExitCleanup`).
enum ClusterSession {
    static func run(
        text: String, name: String, settings: [String] = [], variables: [String: String], master: String,
        executorCores: Int,
        executorMemory: String, driverMemory: String = "0", trigger: String, store: CatalogStore, application: String
    ) throws {
        StandardOutput.ignoreBrokenPipes()
        let stopper = QueryStopper()
        let cluster: LocalCluster
        do {
            cluster = try ExitCleanup.registering {
                let cluster = try LocalCluster(
                    master: Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount),
                    cores: executorCores, memoryBytes: try MemorySize.bytes(executorMemory),
                    driverMemoryBytes: driverMemory == "0" ? 0 : try MemorySize.bytes(driverMemory),
                    log: { printError(Redaction.maskingURLs(in: "\(application): \($0)")) })
                ExitCleanup.add { cluster.stop(reason: "the driver is exiting") }
                return cluster
            }
        } catch let error as RuntimeError {
            printError("sluice: error: \(error.message)")
            throw ExitCode.failure
        }
        defer { ExitCleanup.run() }
        let runner = ScriptRunner(
            session: Session(store: store, connectors: .standard),
            trigger: Trigger(text: trigger) ?? .defaultTrigger, clusterTasks: cluster.tasks
        ) { stopper.watch($0) }
        let emit: (ScriptRunner.Event) -> Void = { event in
            switch event {
            case .row(let line): StandardOutput.line(Redaction.maskingURLs(in: line))
            case .warning(let message), .error(let message): printError(Redaction.maskingURLs(in: message))
            }
        }
        // Settings run as their own script, so that the script's own lines and columns stay right.
        let settingsText = ConfSettings.script(settings)
        // As spark-submit's --conf, settings print nothing; what goes wrong in them does.
        let succeeded =
            runner.run(text: settingsText, name: "--conf", variables: [:]) { if case .row = $0 {} else { emit($0) } }
            && runner.run(text: text, name: name, variables: variables, emit: emit)
        cluster.stop(reason: succeeded ? "the script finished" : "the script failed")
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

    /// Whether a definition's value is the value itself rather than `@FILE`, the name of a file holding it.
    static func isLiteral(_ value: String) -> Bool {
        !value.hasPrefix("@") || value.hasPrefix("@@")
    }

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
