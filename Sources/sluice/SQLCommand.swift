import ArgumentParser
import Foundation
import SluiceMetastore
import SluicePlan
import SluiceRuntime

/// `sluice sql`: runs a script statement by statement, like `spark-sql`.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL statements: DDL, SET, DESC, SHOW, EXPLAIN.",
        discussion: "Reads the script from -f, -e or standard input. Stops at the first error, which is printed "
            + "with its file, line and column; the exit status is then 1."
    )

    @Option(name: [.short, .customLong("file")], help: "Run the statements in this file.")
    var file: String?

    @Option(name: [.short, .customLong("execute")], help: "Run these statements.")
    var execute: String?

    @Option(name: [.short, .customLong("define"), .customLong("hivevar")], help: Variables.help)
    var define: [String] = []

    @Option(help: "The metastore directory, where tables and functions persist between runs.")
    var metastore = "./metastore"

    @Option(help: ArgumentHelp(
        "When streaming queries run epochs, unless the script sets spark.sql.streaming.query.trigger.<name>: "
            + "processing-time=<interval>, once or available-now.", valueName: "trigger"))
    var trigger = "processing-time=1s"

    @Option(help: ArgumentHelp(
        "Run queries over log stores on a local cluster: local, local[N] or local[*] executor processes.",
        valueName: "master"))
    var master: String?

    func validate() throws {
        if let master { _ = try Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount) }
        if file != nil && execute != nil { throw ValidationError("give either -f or -e, not both") }
        if Trigger(text: trigger) == nil {
            throw ValidationError("--trigger takes processing-time=<interval>, once or available-now, not '\(trigger)'")
        }
        for definition in define where !definition.contains("=") {
            throw ValidationError("-d takes NAME=VALUE, got '\(definition)'")
        }
    }

    func run() throws {
        let (text, name) = try script()
        let variables = try Variables.parseOrFail(define, command: "sql")
        let store: DirectoryCatalogStore
        do {
            store = try DirectoryCatalogStore(path: metastore)
        } catch {
            printError("sluice: error: \(error)")
            throw ExitCode.failure
        }
        if let master {
            try ClusterSession.run(
                text: text, name: name, variables: variables, master: master, executorCores: 1,
                executorMemory: "2g", trigger: trigger, store: store, application: "sluice")
            return
        }
        let stopper = QueryStopper()
        let runner = ScriptRunner(
            session: Session(store: store, sinkCatalog: JDBCSinkCatalog(), sourceCatalog: LoghubSourceCatalog()),
            trigger: Trigger(text: trigger) ?? .defaultTrigger, onQuery: { stopper.watch($0) })
        let succeeded = runner.run(text: text, name: name, variables: variables) { event in
            switch event {
            case .row(let line): print(Redaction.maskingURLs(in: line))
            case .warning(let message), .error(let message): printError(Redaction.maskingURLs(in: message))
            }
        }
        if !succeeded { throw ExitCode.failure }
    }


    private func script() throws -> (String, String) {
        if let execute { return (execute, "<command line>") }
        if let file { return (try ScriptFile.read(file), file) }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return (String(decoding: data, as: UTF8.self), "<stdin>")
    }
}

/// Writes `message` and a newline to standard error, unbuffered; dropped if standard error is
/// closed (with SIGPIPE ignored, a closed pipe must not end the process before its cleanup).
func printError(_ message: String) {
    _ = StandardStream.write(message, to: STDERR_FILENO)
}
