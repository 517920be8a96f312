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

    /// Where a run starts after recovery.
    struct Resumption {
        /// The id the sink keys this query's epochs by.
        var queryID: String
        var state: AggregateState
        var lastOffset: SourceOffset?
        var epoch: Int
    }
}
