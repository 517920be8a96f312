import SluiceLogClient
import SluiceLogProtocol
import Testing

/// The body compressions of the SLS API, without a server.
struct CompressionTests {
    /// A log group with every field the codec carries.
    static let group = LogGroup(
        logs: [
            LogRecord(
                time: 1_700_000_002,
                contents: [LogContent(key: "n", value: "2"), LogContent(key: "msg", value: "héllo 2 ✓")]),
            LogRecord(
                time: 1_700_000_102, contents: [LogContent(key: "n", value: "2"), LogContent(key: "empty", value: "")],
                timeNanos: 123_458),
        ],
        topic: "topic-2", source: "10.0.0.2", tags: [LogTag(key: "host", value: "h2"), LogTag(key: "__pack_id__", value: "PACK-2")])

    /// The `LogStoreError` a call throws, nil when it succeeds or throws another type.
    static func logStoreError(_ body: () throws -> Void) -> LogStoreError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LogStoreError
        }
    }

    @Test func aRawSizeThatDoesNotMatchTheBodyIsRefusedNeverGuessed() throws {
        let raw = LogGroupCodec.encode(Self.group)
        for compression in [LogCompression.lz4, .deflate, .none] {
            let body = compression.compress(raw)
            #expect(try compression.decompress(body, rawSize: raw.count) == raw)
            for wrong in [0, 1, raw.count - 1, raw.count + 1] {
                let error = Self.logStoreError { _ = try compression.decompress(body, rawSize: wrong) }
                #expect(error?.status == 400, "\(compression) with raw size \(wrong)")
            }
        }
        #expect(try LogCompression.lz4.decompress(LogCompression.lz4.compress([]), rawSize: 0) == [])
    }
}
