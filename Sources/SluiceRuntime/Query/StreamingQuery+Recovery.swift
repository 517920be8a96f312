import Foundation
import SluiceCheckpoint
import SluiceCluster
import SluiceConnectors
import SluiceCore
import SluiceExec

/// Resuming from a checkpoint: its files are read, checked against each other and the sink's
/// markers (`CheckpointRecovery`), mended where that is exact, and refused where it is not.
extension StreamingQuery {
    /// Checks the checkpoint and mends its offsets files; what is left to redo (states to
    /// recompute, a lost state or commit, a pending epoch) the coordinator carries out.
    /// - Returns: the id the sink keys this query's epochs by, and where the query starts.
    /// - Throws: `CheckpointError` naming the file when the checkpoint cannot be trusted.
    func resume(_ checkpoint: CheckpointStore) throws -> (queryID: String, start: EpochResumption<QueryPayloads>) {
        let metadata = try checkMetadata(checkpoint)
        let queryID = metadata.queryID
        var files = try CheckpointFiles(checkpoint, metadata: metadata, layout: AggregateLayout(stages.driver.aggregate))
        var inventory = files.inventory
        inventory.sinkKeepsMarkers = sink.keepsMarkers
        inventory.sinkCommitted = try sink.lastCommittedEpoch(queryID: queryID)
        inventory.stateless = stages.driver.aggregate == nil && stages.driver.watermarkDelay == nil
        let plan = try CheckpointRecovery.plan(inventory, directory: checkpoint.directory.path)
        for repair in plan.repairs { log("query '\(name)': checkpoint \(checkpoint.directory.path): \(repair)") }
        for epoch in plan.droppedOffsets { try checkpoint.remove("offsets/\(epoch)") }
        for epoch in plan.offsetsFromCommits {
            guard let entry = files.commits[epoch]?.offsets else { continue }
            try checkpoint.write(entry, to: "offsets/\(epoch)")
            files.offsets[epoch] = entry
        }
        let state = plan.stateEpoch.flatMap { files.states[$0] } ?? AggregateState()
        let start: EpochResumption<QueryPayloads> = try plan.resumption(
            state: state, watermarkMicros: state.watermarkMicros, input: { try files.offsetEntry($0).input },
            recordedStart: { try checkpoint.read(SourceOffset.self, from: Self.startFile) })
        return (queryID, start)
    }

    /// The checkpoint's metadata, written with a new id for a new checkpoint; the query must be
    /// the one that wrote it.
    private func checkMetadata(_ checkpoint: CheckpointStore) throws -> CheckpointMetadata {
        let found: CheckpointMetadata?
        do {
            found = try checkpoint.read(CheckpointMetadata.self, from: "metadata")
        } catch {
            throw CheckpointError(
                "checkpoint \(checkpoint.directory.path): metadata cannot be read (it is not the JSON of a checkpoint's "
                    + "metadata), so the query and the id its epochs were committed under are unknown; restore metadata "
                    + "or use a new checkpoint location")
        }
        guard let stored = found else {
            let written = ["offsets", "commits", "state"].filter { !checkpoint.epochs(in: $0).isEmpty }
            guard written.isEmpty else {
                throw CheckpointError(
                    "checkpoint \(checkpoint.directory.path) has \(written.joined(separator: ", ")) files but no metadata "
                        + "file, so the id its epochs were committed under is unknown; restore metadata or use a new "
                        + "checkpoint location")
            }
            // A start recorded without metadata belongs to no known query: the new one starts afresh.
            try checkpoint.remove(Self.startFile)
            let created = CheckpointMetadata(queryName: name, plan: fingerprint)
            try checkpoint.write(created, to: "metadata")
            return created
        }
        guard stored.plan == fingerprint else {
            let old = stored.plan.split(separator: "\n", omittingEmptySubsequences: false)
            let new = fingerprint.split(separator: "\n", omittingEmptySubsequences: false)
            let index = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
            let before = index < old.count ? String(old[index]) : "(nothing)"
            let after = index < new.count ? String(new[index]) : "(nothing)"
            throw RuntimeError(
                "the query differs from the one that wrote checkpoint \(checkpoint.directory.path): was \(before.trimmingWhitespace()), "
                    + "now \(after.trimmingWhitespace()); use a new checkpoint location for a changed query")
        }
        return stored
    }
}

/// The files of a checkpoint directory, read and checked: the inventory recovery plans from,
/// and the decoded entries and states it then uses.
struct CheckpointFiles {
    let checkpoint: CheckpointStore
    var offsets: [Int: StreamingQuery.OffsetEntry] = [:]
    var commits: [Int: StreamingQuery.CommitEntry] = [:]
    /// Decoded states; only the newest trusted one is read (older ones are never needed).
    var states: [Int: AggregateState] = [:]
    var inventory = CheckpointInventory()

    init(_ checkpoint: CheckpointStore, metadata: CheckpointMetadata, layout: AggregateLayout) throws {
        self.checkpoint = checkpoint
        for epoch in checkpoint.epochs(in: "offsets") {
            do {
                if let entry = try checkpoint.read(StreamingQuery.OffsetEntry.self, from: "offsets/\(epoch)"), entry.epoch == epoch {
                    offsets[epoch] = entry
                    inventory.offsets.insert(epoch)
                } else {
                    inventory.damagedOffsets[epoch] = "it holds another epoch's offsets"
                }
            } catch {
                inventory.damagedOffsets[epoch] = "not the JSON of an offsets entry"
            }
        }
        for epoch in checkpoint.epochs(in: "commits") {
            inventory.commits.insert(epoch)
            // A commit that cannot be read still proves its epoch committed; it just cannot give offsets.
            if let entry = try? checkpoint.read(StreamingQuery.CommitEntry.self, from: "commits/\(epoch)"),
                entry.epoch == epoch, let recorded = entry.offsets, recorded.epoch == epoch
            {
                commits[epoch] = entry
                inventory.commitsWithOffsets.insert(epoch)
            }
        }
        for epoch in checkpoint.epochs(in: "state").reversed() {
            switch try Self.readState(checkpoint, epoch: epoch, framed: metadata.framesState, layout: layout) {
            case .success(let state):
                states[epoch] = state
                inventory.validStates.insert(epoch)
            case .failure(let reason):
                inventory.damagedStates[epoch] = reason.message
            }
            if !states.isEmpty { break }
        }
    }

    /// The offsets of `epoch`, from its file or (rewritten already) its commit.
    func offsetEntry(_ epoch: Int) throws -> StreamingQuery.OffsetEntry {
        guard let entry = offsets[epoch] ?? commits[epoch]?.offsets else {
            throw CheckpointError("checkpoint \(checkpoint.directory.path): offsets/\(epoch) is missing")
        }
        return entry
    }

    /// The state in `state/<epoch>`, or why it cannot be trusted. Checkpoints of earlier versions
    /// hold unframed states (binary, or JSON before that); in a checkpoint of this version an
    /// unframed file is damage. States of earlier versions are converted to `layout`'s columns.
    static func readState(_ checkpoint: CheckpointStore, epoch: Int, framed: Bool, layout: AggregateLayout) throws
        -> Result<AggregateState, CheckpointError>
    {
        guard let bytes = try checkpoint.readBytes(from: "state/\(epoch)") else {
            return .failure(CheckpointError("missing"))
        }
        let body: [UInt8]
        switch StateFile.unframe(bytes, epoch: epoch) {
        case .valid(let contents): body = contents
        case .damaged(let reason): return .failure(CheckpointError(reason))
        case .legacy(let contents):
            guard !framed else { return .failure(CheckpointError("it does not start with a state file's header")) }
            body = contents
        }
        if PartialResultCodec.isState(body) {
            do {
                return .success(try PartialResultCodec.decodeState(body, layout: layout))
            } catch let error as ExecError {
                return .failure(CheckpointError("its state cannot be decoded: \(error.message)"))
            }
        }
        guard !framed, let state = try? JSONDecoder().decode(LegacyAggregateState.self, from: Data(body)) else {
            return .failure(CheckpointError("its state cannot be decoded"))
        }
        return .success(state.converted(to: layout))
    }
}
