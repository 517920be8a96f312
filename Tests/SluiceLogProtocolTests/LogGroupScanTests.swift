import SluiceLogProtocol
import SluiceTestSupport
import Testing

/// The allocation-free readers (`logCount`, `forEachLog`, `walk`, `forEachGroup`, `listEntries`)
/// must agree with `decode`.
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

    @Test func walkSeesWhatDecodeSees() throws {
        var random = SplitMix64(state: 7)
        for _ in 0..<200 {
            let group = RandomLogGroups.group(&random)
            let bytes = LogGroupCodec.encode(group)
            let (header, logs) = try bytes.withUnsafeBytes { try Self.walked($0) }
            #expect(header.topic == group.topic)
            #expect(header.source == group.source)
            #expect(header.tags == group.tags)
            #expect(header.logCount == group.logs.count)
            #expect(logs == group.logs)
        }
    }

    @Test func forEachGroupWalksEveryGroupOfAList() throws {
        var random = SplitMix64(state: 9)
        for _ in 0..<50 {
            let groups = (0..<Int.random(in: 0...6, using: &random)).map { _ in RandomLogGroups.group(&random) }
            var list: [UInt8] = []
            for group in groups { LogGroupCodec.appendListEntry(LogGroupCodec.encode(group), to: &list) }
            var seen: [LogGroup] = []
            let count = try list.withUnsafeBytes { buffer in
                try LogGroupCodec.forEachGroup(inList: buffer) { bytes in
                    let (header, logs) = try Self.walked(bytes)
                    seen.append(LogGroup(logs: logs, topic: header.topic, source: header.source, tags: header.tags))
                }
            }
            #expect(count == groups.count)
            // The walk leaves out what rows do not use (Reserved, MachineUUID).
            #expect(seen == groups.map { LogGroup(logs: $0.logs, topic: $0.topic, source: $0.source, tags: $0.tags) })
        }
    }

    /// Damaged bytes, as a hostile or broken server could send: random flips, cuts and junk in
    /// valid groups and lists. The walk never crashes, fails exactly when `decode` fails (with a
    /// `LogProtocolError`), and reads what `decode` reads when both succeed.
    @Test func damagedGroupsAndListsFailAsDecodeFails() throws {
        var random = SplitMix64(state: 10)
        var failures = 0
        for round in 0..<3_000 {
            let groups = (0..<Int.random(in: 1...3, using: &random)).map { _ in RandomLogGroups.group(&random) }
            var bytes: [UInt8] = []
            if round % 2 == 0 {
                bytes = LogGroupCodec.encode(groups[0])
            } else {
                for group in groups { LogGroupCodec.appendListEntry(LogGroupCodec.encode(group), to: &bytes) }
            }
            Self.damage(&bytes, &random)
            if round % 2 == 0 {
                let decoded = try? LogGroupCodec.decode(bytes)
                let walked = try? bytes.withUnsafeBytes { try Self.walked($0) }
                #expect((walked == nil) == (decoded == nil), "round \(round): \(bytes)")
                if walked == nil {
                    failures += 1
                    #expect(throwsProtocolError { try bytes.withUnsafeBytes { try Self.walked($0) } })
                }
                if let decoded, let walked {
                    #expect(walked.logs == decoded.logs && walked.header.topic == decoded.topic)
                    #expect(walked.header.source == decoded.source && walked.header.tags == decoded.tags)
                }
            } else {
                let decoded = try? LogGroupCodec.decodeList(bytes)
                var walked: [[LogRecord]] = []
                let failed = throwsProtocolError {
                    try bytes.withUnsafeBytes { buffer in
                        try LogGroupCodec.forEachGroup(inList: buffer) { walked.append(try Self.walked($0).logs) }
                    }
                }
                #expect(failed == (decoded == nil), "round \(round): \(bytes)")
                if failed { failures += 1 }
                if let decoded { #expect(walked == decoded.map(\.logs)) }
            }
        }
        // The damage must make many inputs invalid, or the test shows nothing.
        #expect(failures > 1_000, "\(failures) of 3000 damaged inputs failed")
    }

    /// Flips, overwrites, cuts or inserts a few bytes of `bytes`.
    static func damage(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let place = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where !bytes.isEmpty: bytes[place] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1 where !bytes.isEmpty: bytes[place] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.removeSubrange(place..<bytes.count)
            default:
                let junk: [UInt8] = [0xFF, 0x80, 0x0A, 0x7F, 0x01, 0x0B, 0x32, 0x25]
                bytes.insert(junk[Int.random(in: 0..<junk.count, using: &random)], at: place)
            }
        }
    }

    /// The header and logs of one group, by `walk`.
    static func walked(_ bytes: UnsafeRawBufferPointer) throws -> (header: LogGroupHeader, logs: [LogRecord]) {
        var logs: [LogRecord] = []
        let header = try LogGroupCodec.walk(bytes) { time, contents in
            var pairs: [LogContent] = []
            for (key, value) in contents {
                pairs.append(LogContent(key: String(decoding: key, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
            }
            logs.append(LogRecord(time: time, contents: pairs, timeNanos: contents.timeNanos))
        }
        #expect(header.logCount == logs.count)
        return (header, logs)
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
