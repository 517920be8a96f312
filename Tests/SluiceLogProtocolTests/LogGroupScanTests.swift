import SluiceLogProtocol
import SluiceTestSupport
import Testing

/// The allocation-free readers (`logCount`, `forEachLog`, `groupHeader`, `listEntries`) must
/// agree with `decode`.
@Suite struct LogGroupScanTests {
    @Test func logCountAgreesWithDecode() throws {
        var random = SplitMix64(state: 5)
        for _ in 0..<200 {
            let group = RandomLogGroups.group(&random)
            let bytes = LogGroupCodec.encode(group)
            let count = try bytes.withUnsafeBytes { try LogGroupCodec.logCount($0) }
            #expect(count == group.logs.count)
        }
    }

    @Test func forEachLogSeesWhatDecodeSees() throws {
        var random = SplitMix64(state: 6)
        for _ in 0..<200 {
            let group = RandomLogGroups.group(&random)
            let bytes = LogGroupCodec.encode(group)
            var visited: [LogRecord] = []
            try bytes.withUnsafeBytes { buffer in
                try LogGroupCodec.forEachLog(in: buffer) { time, contents in
                    var pairs: [LogContent] = []
                    for (key, value) in contents {
                        let keyText = String(decoding: key, as: UTF8.self)
                        pairs.append(LogContent(key: keyText, value: String(decoding: value, as: UTF8.self)))
                    }
                    #expect(pairs.count == contents.count)
                    visited.append(LogRecord(time: time, contents: pairs, timeNanos: contents.timeNanos))
                }
            }
            #expect(visited == group.logs)
        }
    }

    @Test func forEachLogPassesBodyErrorsThrough() {
        struct Stop: Error {}
        let bytes = LogGroupCodec.encode(
            LogGroup(logs: [LogRecord(time: 1, contents: []), LogRecord(time: 2, contents: [])]))
        var seen: [UInt32] = []
        var stopped = false
        do {
            try bytes.withUnsafeBytes { buffer in
                try LogGroupCodec.forEachLog(in: buffer) { time, _ in
                    seen.append(time)
                    throw Stop()
                }
            }
        } catch is Stop {
            stopped = true
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(stopped)
        #expect(seen == [1])
    }

    @Test func groupHeaderAgreesWithDecode() throws {
        var random = SplitMix64(state: 7)
        for _ in 0..<200 {
            let group = RandomLogGroups.group(&random)
            let bytes = LogGroupCodec.encode(group)
            let header = try bytes.withUnsafeBytes { try LogGroupCodec.groupHeader($0) }
            #expect(header.topic == group.topic)
            #expect(header.source == group.source)
            #expect(header.tags == group.tags)
            #expect(header.logCount == group.logs.count)
        }
    }

    @Test func listsRoundTripThroughEntries() throws {
        var random = SplitMix64(state: 8)
        for _ in 0..<50 {
            let groups = (0..<Int.random(in: 0...6, using: &random)).map { _ in RandomLogGroups.group(&random) }
            var list: [UInt8] = []
            var encodedGroups: [[UInt8]] = []
            for (index, group) in groups.enumerated() {
                let bytes = LogGroupCodec.encode(group)
                encodedGroups.append(bytes)
                // Exercise both overloads.
                if index % 2 == 0 {
                    LogGroupCodec.appendListEntry(bytes, to: &list)
                } else {
                    bytes.withUnsafeBytes { LogGroupCodec.appendListEntry($0, to: &list) }
                }
            }
            #expect(try LogGroupCodec.decodeList(list) == groups)
            let entries: [[UInt8]] = try list.withUnsafeBytes { buffer in
                try LogGroupCodec.listEntries(buffer).map { Array(buffer[$0]) }
            }
            #expect(entries == encodedGroups)
        }
    }

    @Test func listEntryFramingIsTheDocumentedPrefix() throws {
        let group: [UInt8] = [0x1A, 0x01, 0x74]  // Topic "t"
        var list: [UInt8] = []
        LogGroupCodec.appendListEntry(group, to: &list)
        LogGroupCodec.appendListEntry([], to: &list)
        #expect(list == [0x0A, 0x03, 0x1A, 0x01, 0x74, 0x0A, 0x00])
        #expect(try LogGroupCodec.decodeList(list) == [LogGroup(topic: "t"), LogGroup()])
        let truncated = Array(list.dropLast(3))
        let failed = throwsProtocolError { try LogGroupCodec.decodeList(truncated) }
        #expect(failed)
    }
}
