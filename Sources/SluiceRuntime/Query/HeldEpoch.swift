import SluiceCore
import SluiceExec

/// The epoch's record as the query's shell holds it between directives: the tasks' results
/// from `launchTasks` to `runDriverStage`, the rows from there to `commitSink`. Each is taken
/// by the directive naming its epoch, so a directive for another epoch is a bug, not a write
/// of the wrong rows.
struct HeldEpoch {
    /// The task results of an epoch whose driver stage has not run.
    var outputs: (epoch: Int, results: [TaskOutput])?
    /// The rows of an epoch the sink has not taken.
    var rows: (epoch: Int, values: [[Value]])?

    /// The task results of `epoch`, no longer held.
    mutating func takeOutputs(epoch: Int) throws -> [TaskOutput] {
        defer { outputs = nil }
        guard let held = outputs, held.epoch == epoch else {
            throw RuntimeError("the driver stage of epoch \(epoch) was asked for, but \(Self.describe(outputs?.epoch)) task results are held")
        }
        return held.results
    }

    /// The rows of `epoch`, no longer held.
    mutating func takeRows(epoch: Int) throws -> [[Value]] {
        defer { rows = nil }
        guard let held = rows, held.epoch == epoch else {
            throw RuntimeError("the sink was asked for epoch \(epoch), but \(Self.describe(rows?.epoch)) rows are held")
        }
        return held.values
    }

    private static func describe(_ epoch: Int?) -> String {
        epoch.map { "epoch \($0)'s" } ?? "no"
    }
}
