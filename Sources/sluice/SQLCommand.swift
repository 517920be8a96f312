import ArgumentParser
import Foundation
import SluiceConnectors
import SluiceMetastore
import SluicePlan
import SluiceRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice sql`: runs a script statement by statement, like `spark-sql`; on a terminal, a
/// prompt where each statement runs as its `;` is typed.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL statements: DDL, SET, DESC, SHOW, EXPLAIN, queries.",
        discussion: "Reads the script from -f, -e or standard input (whose statements run as lines end them with "
            + "';'). A script stops at the first error, which is printed with its file, line and column; the exit "
            + "status is then 1. Without -f or -e on a terminal, shows the prompt "
            + "\(StatementShell.prompt.debugDescription) instead: each statement runs once a line ends it with ';', "
            + "an error is printed and the prompt comes back; quit;, exit; or Ctrl-D leave. Lines typed are kept in "
            + "~/.sluice_history. --conf, --database and -i apply in that order, before anything else."
    )

    @Option(name: [.short, .customLong("file")], help: "Run the statements in this file.")
    var file: String?

    @Option(name: [.short, .customLong("execute")], help: "Run these statements.")
    var execute: String?

    @Option(name: .customShort("i"), help: ArgumentHelp("Run this file first: an init script.", valueName: "file"))
    var initFile: String?

    @Option(help: ConfSettings.help)
    var conf: [String] = []

    @Option(help: ArgumentHelp("The database to start in, as USE name.", valueName: "name"))
    var database: String?

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

    /// The name messages give standard input.
    static let standardInputName = "<stdin>"

    func validate() throws {
        if let master { _ = try Master(parsing: master, cores: ProcessInfo.processInfo.activeProcessorCount) }
        if file != nil && execute != nil { throw ValidationError("give either -f or -e, not both") }
        if master != nil && (initFile != nil || database != nil) {
            throw ValidationError("-i and --database are not available with --master")
        }
        if Trigger(text: trigger) == nil {
            throw ValidationError("--trigger takes processing-time=<interval>, once or available-now, not '\(trigger)'")
        }
        for definition in define where !definition.contains("=") {
            throw ValidationError("-d takes NAME=VALUE, got '\(definition)'")
        }
        for setting in conf where !setting.contains("=") {
            throw ValidationError("--conf takes k=v, got '\(setting)'")
        }
    }

    func run() throws {
        let variables = try Variables.parseOrFail(define, command: "sql")
        let store: DirectoryCatalogStore
        do {
            store = try DirectoryCatalogStore(path: metastore)
        } catch {
            printError("sluice: error: \(error)")
            throw ExitCode.failure
        }
        if let master {
            let (text, name) = try wholeScript()
            try ClusterSession.run(
                text: ConfSettings.script(conf) + text, name: name, variables: variables, master: master,
                executorCores: 1, executorMemory: "2g", trigger: trigger, store: store, application: "sluice")
            return
        }
        let setup = try setupScripts()
        let stopper = QueryStopper()
        let runner = ScriptRunner(
            session: Session(store: store, connectors: .standard),
            trigger: Trigger(text: trigger) ?? .defaultTrigger, onQuery: { stopper.watch($0) })
        func run(_ text: String, _ name: String, firstLine: Int = 1, showsRows: Bool = true) -> Bool {
            runner.run(text: text, name: name, variables: variables, firstLine: firstLine) { event in
                switch event {
                case .row(let line): if showsRows { print(Redaction.maskingURLs(in: line)) }
                case .warning(let message), .error(let message): printError(Redaction.maskingURLs(in: message))
                }
            }
        }
        for script in setup where !run(script.text, script.name, showsRows: script.showsRows) { throw ExitCode.failure }
        if execute != nil || file != nil {
            let (text, name) = try wholeScript()
            if !run(text, name) { throw ExitCode.failure }
            return
        }
        let interactive = isatty(STDIN_FILENO) == 1
        let shell = StatementShell(
            execute: { text, firstLine in
                defer { fflush(nil) }  // what ran shows before the next line is read, on a pipe too
                return run(text, Self.standardInputName, firstLine: firstLine)
            }, stopsAtError: !interactive)
        if interactive {
            let reader = TerminalLineReader(historyPath: Self.historyPath())
            _ = shell.run { prompt in
                let line = reader.read(prompt: prompt)
                if line == nil { print() }  // Ctrl-D leaves the cursor after the prompt
                return line
            }
            ExitCleanup.run()
        } else if !shell.run(read: { _ in readLine() }) {
            throw ExitCode.failure
        }
    }

    /// What runs before the script, in order: the --conf settings and the --database, quietly
    /// (as `spark-sql` applies them), then the -i file, which prints what it shows.
    private func setupScripts() throws -> [(text: String, name: String, showsRows: Bool)] {
        var scripts = [(text: ConfSettings.script(conf), name: "--conf", showsRows: false)]
        if let database {
            scripts.append(("USE `\(database.replacingOccurrences(of: "`", with: "``"))`", "--database", false))
        }
        if let initFile { scripts.append((try ScriptFile.read(initFile), initFile, true)) }
        return scripts
    }

    /// The script of -e or -f, or all of standard input.
    private func wholeScript() throws -> (String, String) {
        if let execute { return (execute, "<command line>") }
        if let file { return (try ScriptFile.read(file), file) }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return (String(decoding: data, as: UTF8.self), Self.standardInputName)
    }

    /// `~/.sluice_history`, where lines typed at the prompt are kept; nil without a home directory.
    private static func historyPath() -> String? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".sluice_history").path
    }
}

/// Writes `message` and a newline to standard error, unbuffered, after what standard output
/// holds, so that both read in the order they were written when they go to the same file; dropped
/// if standard error is closed (with SIGPIPE ignored, a closed pipe must not end the process
/// before its cleanup).
func printError(_ message: String) {
    fflush(nil)
    _ = StandardStream.write(message, to: STDERR_FILENO)
}
