import ArgumentParser
import Foundation
import SluiceCluster
import SluiceRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice executor`: one executor process of a cluster, started by `sluice submit` or by hand.
struct ExecutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor",
        abstract: "Run an executor: connect to a driver, run the tasks it sends, exit when it is gone.")

    @Option(help: ArgumentHelp("The driver's address.", valueName: "tcp://host:port"))
    var driver: String

    @Option(help: "A file holding the cluster's shared secret (keep it private: chmod 600).")
    var secretFile: String

    @Option(help: "Tasks run at once.")
    var cores = 1

    @Option(help: ArgumentHelp("Resident memory above which running tasks fail (512m, 2g, …; 0 for none).", valueName: "size"))
    var memory = "0"

    @Option(help: "This executor's id (default: host-pid).")
    var id: String?

    /// Set by a local driver: Ctrl-C on a terminal reaches the whole process group, and the
    /// driver, not its executors, decides when to stop (it tells them, or they see it gone).
    @Flag(help: .hidden)
    var ignoreInterrupts = false

    func validate() throws {
        if cores < 1 { throw ValidationError("--cores must be at least 1") }
        if !driver.hasPrefix("tcp://") { throw ValidationError("--driver takes tcp://HOST:PORT, got '\(driver)'") }
        if memory != "0" { _ = try MemorySize.bytes(memory) }
    }

    func run() throws {
        ProcessTuning.applyExecutor()
        if ignoreInterrupts { signal(SIGINT, SIG_IGN) }
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        let executorId = id ?? "\(host)-\(pid)"
        do {
            // Warns when others may read the file; the secret itself is read as the cluster writes it.
            _ = try? SecretSources.read(secretFile, purpose: "--secret-file")
            let secret = try ClusterSecret.read(secretFile)
            let configuration = ExecutorStateMachine.Configuration(
                executorId: executorId, host: host, pid: pid, cores: cores,
                memoryLimitBytes: memory == "0" ? 0 : try MemorySize.bytes(memory), secret: Array(secret.utf8))
            let executor = try ClusterExecutor(driver: driver, configuration: configuration) { message in
                printError(message)
            }
            let reason = executor.wait()
            printError("executor \(executorId): \(reason)")
            if !reason.hasPrefix("shut down") { throw ExitCode.failure }
        } catch let error as RuntimeError {
            printError("sluice executor: error: \(error.message)")
            throw ExitCode.failure
        }
    }
}
