/// The log groups of one shard that one task reads: cursor positions `start..<end` of `shard`.
///
/// The one form of a shard range, used by the loghub source (its epoch offsets and splits, kept
/// in checkpoints as JSON `{"shard", "start", "end"}`), the driver's `TaskSpec`, the
/// `LaunchTask` message and the executor. Widths, chosen once:
///
/// - `shard` is an `Int`, as the log store names shards (`listShards`, the cursor and pull
///   calls). On the cluster wire it is an `i32`, so a range sent to an executor must have its
///   shard in `wireShardIds`; the codec is the only place that converts.
/// - `start` and `end` are `Int64` cursor positions (log group sequence numbers), as in the
///   log store's cursors and on the wire (`i64`).
///
/// `start == end` is an empty range: nothing to read, at that position.
public struct ShardRange: Codable, Sendable, Hashable {
    /// The shard ids a `LaunchTask` can carry: its `i32` field.
    public static let wireShardIds = Int(Int32.min)...Int(Int32.max)

    /// The shard id.
    public var shard: Int
    /// Cursor position of the first log group read.
    public var start: Int64
    /// Cursor position after the last log group read.
    public var end: Int64

    /// Creates a range.
    ///
    /// - Parameters:
    ///   - shard: The shard id.
    ///   - start: Cursor position of the first log group.
    ///   - end: Cursor position after the last log group.
    public init(shard: Int, start: Int64, end: Int64) {
        self.shard = shard
        self.start = start
        self.end = end
    }

    /// Whether the range holds no log group (`end <= start`).
    public var isEmpty: Bool { end <= start }
}
