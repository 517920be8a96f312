/// The content pairs of one log, as borrowed `(key, value)` byte buffers, in wire order.
///
/// Handed out by `LogGroupCodec.forEachLog`, which has already validated the log, so
/// iteration never fails and never allocates. The buffers point into the group's bytes and are
/// valid only inside the `forEachLog` callback. Keys and values are raw UTF-8 (possibly
/// invalid); decode them with `String(decoding:as:)` when a `String` is needed.
public struct LogContentsView: Sequence {
    let bytes: UnsafeRawBufferPointer
    let range: Range<Int>
    /// The number of content pairs.
    public let count: Int
    /// The log's nanosecond part (`Log.Time_ns`), when present.
    public let timeNanos: UInt32?

    /// Creates a view over the validated `Log` message at `range` of `bytes`.
    init(bytes: UnsafeRawBufferPointer, range: Range<Int>, count: Int, timeNanos: UInt32?) {
        self.bytes = bytes
        self.range = range
        self.count = count
        self.timeNanos = timeNanos
    }

    /// The number of pairs, known up front.
    public var underestimatedCount: Int { count }

    /// Starts an iteration over the pairs.
    public func makeIterator() -> Iterator {
        Iterator(reader: ProtobufReader(bytes, range: range))
    }

    /// Iterates the pairs of a `LogContentsView`.
    public struct Iterator: IteratorProtocol {
        var reader: ProtobufReader

        /// The next pair, or nil after the last.
        public mutating func next() -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
            do {
                while !reader.isAtEnd {
                    let tag = try reader.readTag()
                    guard tag.field == LogGroupCodec.LogField.contents else {
                        try reader.skipField(tag)
                        continue
                    }
                    let contentRange = try reader.readLengthDelimited()
                    let pair = try LogGroupCodec.readPair(reader.bytes, contentRange, .content)
                    return (
                        UnsafeRawBufferPointer(rebasing: reader.bytes[pair.key]),
                        UnsafeRawBufferPointer(rebasing: reader.bytes[pair.value])
                    )
                }
                return nil
            } catch {
                // forEachLog validated this log before handing out the view.
                preconditionFailure("LogContentsView over an unvalidated log: \(error)")
            }
        }
    }
}
