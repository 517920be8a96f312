/// The content pairs of one log, as borrowed `(key, value)` byte buffers, in wire order.
///
/// Handed out by `LogGroupCodec.forEachLog`, which has already parsed and validated the log, so
/// iteration never fails and never allocates. The buffers point into the group's bytes and are
/// valid only inside the `forEachLog` callback. Keys and values are raw UTF-8 (possibly
/// invalid); decode them with `String(decoding:as:)` when a `String` is needed.
public struct LogContentsView: Sequence {
    let bytes: UnsafeRawBufferPointer
    /// The byte ranges of each pair's key and value in `bytes`, found while validating.
    let pairs: UnsafeBufferPointer<(key: Range<Int>, value: Range<Int>)>
    /// The log's nanosecond part (`Log.Time_ns`), when present.
    public let timeNanos: UInt32?

    /// Creates a view over the pairs, already found, of one validated `Log`.
    init(bytes: UnsafeRawBufferPointer, pairs: UnsafeBufferPointer<(key: Range<Int>, value: Range<Int>)>, timeNanos: UInt32?) {
        self.bytes = bytes
        self.pairs = pairs
        self.timeNanos = timeNanos
    }

    /// The number of content pairs.
    public var count: Int { pairs.count }

    /// The number of pairs, known up front.
    public var underestimatedCount: Int { pairs.count }

    /// Starts an iteration over the pairs.
    public func makeIterator() -> Iterator {
        Iterator(bytes: bytes, pairs: pairs)
    }

    /// Iterates the pairs of a `LogContentsView`.
    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        let pairs: UnsafeBufferPointer<(key: Range<Int>, value: Range<Int>)>
        var index = 0

        /// The next pair, or nil after the last.
        public mutating func next() -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
            guard index < pairs.count else { return nil }
            let pair = pairs[index]
            index += 1
            return (UnsafeRawBufferPointer(rebasing: bytes[pair.key]), UnsafeRawBufferPointer(rebasing: bytes[pair.value]))
        }
    }
}
