import SluiceCluster
import SluiceConnectors
import SluiceExec

extension StreamingQuery {
    /// `offsets/<epoch>`: what the epoch reads, written before it runs.
    struct OffsetEntry: Codable, Equatable {
        var epoch: Int
        var source: SourceOffset
        /// The watermark when the epoch started, µs.
        var watermarkMicros: Int64?
    }

    /// `commits/<epoch>`: written after the sink committed the epoch and its state was written.
    /// It records the epoch's offsets too, so a lost `offsets/<epoch>` is written again exactly;
    /// commits of earlier versions hold the epoch alone.
    struct CommitEntry: Codable, Equatable {
        var epoch: Int
        var offsets: OffsetEntry?
    }
}

extension StreamingQuery.OffsetEntry {
    /// The entry of the coordinator's `input`.
    init(_ input: EpochInput<SourceOffset>) {
        self.init(epoch: input.epoch, source: input.offset, watermarkMicros: input.watermarkMicros)
    }

    /// The coordinator's input of this entry.
    var input: EpochInput<SourceOffset> {
        EpochInput(epoch: epoch, offset: source, watermarkMicros: watermarkMicros)
    }
}
