import ArgumentParser
import Foundation
import SluiceRuntime

/// The `sluice` command line: thin commands over the library targets.
@main
struct Sluice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A streaming SQL engine for machine-learning inference over sharded log stores.",
        version: "0.1.0",
        subcommands: [SQLCommand.self, SubmitCommand.self, DemoCommand.self, ExecutorCommand.self, LogStoreCommand.self, GenerateCommand.self, TrainCommand.self]
    )

    static func main() {
        ProcessTuning.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Usage errors exit with 2, as most Unix commands do (the parser's own default is 64);
            // failures with 1.
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
