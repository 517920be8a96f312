import ArgumentParser
import SluiceRuntime

/// The `sluice` command line: thin commands over the library targets.
@main
struct Sluice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A streaming SQL engine for machine-learning inference over sharded log stores.",
        version: "0.1.0",
        subcommands: [SQLCommand.self, SubmitCommand.self, DemoCommand.self, ExecutorCommand.self, LogStoreCommand.self, GenerateCommand.self]
    )

    static func main() {
        ProcessTuning.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
