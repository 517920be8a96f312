import ArgumentParser
import Foundation
import SluiceLogClient

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice generate`: replays a LIBSVM file into a log store as logs with keys `label` and `features`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the rows of a LIBSVM file into a log store as logs (label, features).",
        discussion: "Rows are cycled until --records are written. With --start-time T and --event-rate K the log "
            + "time of record i is T + floor(i / K), so runs are deterministic; otherwise it is the wall clock. "
            + "--flip-labels F flips about F of the binary labels (0 <-> 1), chosen by --seed; with --drift the "
            + "fraction rises along the run from 0 at the first record to 2F at the last, so accuracy falls over time."
    )

    @OptionGroup var target: LogStoreTarget

    @Option(help: "The log store to write to.")
    var store: String

    @Option(help: "The LIBSVM file to replay.")
    var input: String

    @Option(help: "Records to write (default: each row once).")
    var records: Int?

    @Option(help: "Records per second to write at.")
    var rate: Double?

    @Flag(help: "Write as fast as possible (the default without --rate).")
    var maxRate = false

    @Option(help: ArgumentHelp("Log time of the first record, unix seconds.", valueName: "T"))
    var startTime: Int64?

    @Option(help: ArgumentHelp("With --start-time: records per second of event time.", valueName: "K"))
    var eventRate = 1000

    @Option(help: ArgumentHelp("Fraction of binary labels to flip (0 <-> 1), from 0 to 1.", valueName: "FRACTION"))
    var flipLabels: Double?

    @Option(help: "Seed choosing which labels are flipped: the same seed flips the same records (default: random).")
    var seed: UInt64?

    @Flag(help: "With --flip-labels: the fraction rises along the run, from 0 to 2 x FRACTION (capped at 1).")
    var drift = false

    @Option(help: "Records per PutLogs request.")
    var batch = 512

    @Option(help: "How groups are spread over shards: round-robin or hash.")
    var spread = "round-robin"

    func validate() throws {
        if rate != nil && maxRate { throw ValidationError("give --rate or --max-rate, not both") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if let records, records < 0 { throw ValidationError("--records must not be negative") }
        if eventRate <= 0 { throw ValidationError("--event-rate must be positive") }
        if !(1...4096).contains(batch) { throw ValidationError("--batch must be between 1 and 4096") }
        if let flipLabels, !(0...1).contains(flipLabels) { throw ValidationError("--flip-labels takes a fraction from 0 to 1") }
        if flipLabels == nil && (drift || seed != nil) { throw ValidationError("--drift and --seed go with --flip-labels") }
        if LogGenerator.Spread(rawValue: spread) == nil { throw ValidationError("--spread takes round-robin or hash") }
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: input, encoding: .utf8) else {
            printError("sluice generate: error: cannot read \(input)")
            throw ExitCode.failure
        }
        let rows = LabeledRow.parse(text)
        guard !rows.isEmpty else {
            printError("sluice generate: error: \(input) has no rows")
            throw ExitCode.failure
        }
        let flip = flipLabels.map { LabelFlip(fraction: $0, seed: seed ?? UInt64.random(in: 0...UInt64.max), drift: drift) }
        let plan = GeneratorPlan(
            rows: rows, records: records ?? rows.count, batch: batch, startTime: startTime, eventRate: eventRate, flip: flip)
        let client = try target.client()
        let generator = LogGenerator(
            client: client, project: target.project, store: store, plan: plan,
            spread: LogGenerator.Spread(rawValue: spread) ?? .roundRobin)
        let terminal = isatty(STDERR_FILENO) != 0
        try target.perform {
            let written = try generator.run(rate: maxRate ? nil : rate) { progress in
                guard terminal else { return }
                let speed = progress.seconds > 0 ? Double(progress.records) / progress.seconds : 0
                FileHandle.standardError.write(
                    Data(String(format: "\r%d records, %.0f records/s   ", progress.records, speed).utf8))
            }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            print("wrote \(written) records to \(target.project)/\(store)")
        }
    }
}
