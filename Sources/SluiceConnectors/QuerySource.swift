import SluiceCluster
import SluiceCore
import SluiceExec

/// Where an epoch's input ends: for file sources, the files it reads; for log stores, the
/// cursor range of each shard.
public struct SourceOffset: Codable, Sendable, Equatable {
    /// Files of this epoch, in reading order.
    public var files: [String]
    /// Every file read by this epoch and the ones before.
    public var seen: [String]
    /// For a log store: the range of each shard read by this epoch.
    public var shards: [ShardRange]?

    /// Creates an offset.
    public init(files: [String], seen: [String], shards: [ShardRange]? = nil) {
        self.files = files
        self.seen = seen
        self.shards = shards
    }
}

/// A source of rows for a query: it plans epochs and reads them.
public protocol QuerySource: AnyObject {
    /// Whether the source is a stream (a directory) rather than bounded (a file).
    var isStreaming: Bool { get }
    /// Where a query with no epoch yet starts, resolved now (an offset whose ranges are empty, at
    /// the start), so that a checkpoint can keep it; `nil` for a source that starts at its
    /// beginning whenever it starts (files).
    func initialOffset() throws -> SourceOffset?
    /// The next epoch's offset after `previous`, or `nil` when nothing new is available.
    func nextOffset(after previous: SourceOffset?) throws -> SourceOffset?
    /// The splits of `offset`: pieces read into batches (with the scan's columns) by tasks, in parallel.
    func splits(_ offset: SourceOffset) throws -> [SourceSplit]
    /// Checks that `offset`, recorded by an earlier run, can still be read as it was: an epoch
    /// run again must read the same input.
    /// - Throws: when the input is gone (unless the source is told to skip lost data).
    func verify(_ offset: SourceOffset) throws
    /// Whether every split is a log-store shard range (`SourceSplit.shardRange`) that an executor
    /// can read itself (`ConnectorRegistry.shardSplit`), so the query's tasks can run on a cluster.
    var readsShardRanges: Bool { get }
}

extension QuerySource {
    /// Files are read as they are named; nothing to check.
    public func verify(_ offset: SourceOffset) throws {}
    /// Files start at the first file whenever the query starts.
    public func initialOffset() throws -> SourceOffset? { nil }
    /// Files and constants are read in this process only.
    public var readsShardRanges: Bool { false }
}

/// A piece of an epoch's input that one task reads.
public protocol SourceSplit: Sendable {
    /// The rows of the piece, with the columns of the scan; malformed records are counted in `metrics`.
    func read(metrics: inout TaskMetrics) throws -> RecordBatch
    /// The log-store shard range the piece reads, which an executor can pull itself; `nil` for
    /// other pieces (files), which run only in this process.
    var shardRange: ShardRange? { get }
}

extension SourceSplit {
    /// Pieces of files and constants are not shard ranges.
    public var shardRange: ShardRange? { nil }
}
