import SluiceTestSupport
import Testing

@testable import SluiceCluster

@Suite struct MessageCodecTests {
    @Test func randomMessagesRoundTrip() throws {
        var random = SplitMix64(state: 7)
        for index in 0..<3000 {
            let message = RandomMessages.message(index, &random)
            let frame = MessageCodec.encode(message)
            let decoded = try MessageCodec.decode(frame, payloadFrameBytes: message.payloadFrameBytes)
            #expect(decoded == message, "message \(index)")
            #expect(MessageCodec.encode(decoded) == frame, "message \(index) re-encodes differently")
        }
    }

    @Test func framesStartWithMagicVersionAndType() {
        let frame = MessageCodec.encode(.shutdown(reason: "bye"))
        #expect(frame == [0x53, 0x4C, 0x43, 3, 10, 3, 0x62, 0x79, 0x65])
        let cancel = MessageCodec.encode(
            .cancelTask(CancelTask(key: TaskKey(queryId: "q", epoch: 258, task: -1, attempt: 3))))
        #expect(
            cancel == [
                0x53, 0x4C, 0x43, 3, 9, 1, 0x71, 2, 1, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 3, 0, 0, 0,
            ])
    }

    /// A task result is two frames: its header (key, time, the partial's size), then the partial
    /// as it is, which the codec counts but never reads.
    @Test func aTaskResultIsAHeaderFrameThenThePartialsFrame() throws {
        let result = TaskResult(key: TaskKey(queryId: "q", epoch: 2, task: 1, attempt: 0), seconds: 0.5, partialBytes: 300)
        let header = MessageCodec.encode(.taskResult(result))
        #expect(
            header == [
                0x53, 0x4C, 0x43, 3, 7, 1, 0x71, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0xE0, 0x3F, 0x2C, 0x01, 0, 0, 0, 0, 0, 0,
            ])
        #expect(header.count <= MessageCodec.taskResultOverheadBytesMax + 1)
        #expect(ClusterMessage.taskResult(result).payloadFrameBytes == [300])
        #expect(try MessageCodec.decode(header, payloadFrameBytes: [300]) == .taskResult(result))
        let empty = TaskResult(key: result.key, seconds: 0, partialBytes: 0)
        #expect(try MessageCodec.decode(MessageCodec.encode(.taskResult(empty)), payloadFrameBytes: [0]) == .taskResult(empty))
    }

    @Test func framesMissingExtraOrOfTheWrongSizeFail() {
        let result = TaskResult(key: TaskKey(queryId: "q", epoch: 2, task: 1, attempt: 0), seconds: 0.5, partialBytes: 300)
        let header = MessageCodec.encode(.taskResult(result))
        #expect(
            decodeError(header)?.message
                == "TaskResult without its partial's frame: a TaskResult is 2 frames, the message and then its partial")
        #expect(
            decodeError(header, payloadFrameBytes: [300, 0])?.message
                == "TaskResult with 3 frames instead of 2 (the message and then its partial)")
        #expect(
            decodeError(header, payloadFrameBytes: [299])?.message
                == "TaskResult announces a partial of 300 bytes, but the frame after it has 299")
        #expect(
            decodeError(MessageCodec.encode(.shutdown(reason: "x")), payloadFrameBytes: [5])?.message
                == "Shutdown with 2 frames instead of 1")
        #expect(
            decodeError(MessageCodec.encode(.taskResult(result)), payloadFrameBytes: [MessageCodec.maxMessageBytes])?.message
                .contains("exceeds the limit of \(MessageCodec.maxMessageBytes) bytes") == true)
        var negative = header
        negative.replaceSubrange((header.count - 8)..., with: [UInt8](repeating: 0xFF, count: 8))
        #expect(decodeError(negative, payloadFrameBytes: [300])?.message == "TaskResult.partialBytes is -1, not a size")
    }

    @Test func settingsEncodeInKeyOrder() throws {
        let query = StartQuery(queryId: "", plan: [], settings: ["b": "2", "a": "1", "é": "3"])
        let frame = MessageCodec.encode(.startQuery(query))
        #expect(Array(frame[5...]) == [0, 0, 3, 1, 0x61, 1, 0x31, 1, 0x62, 1, 0x32, 2, 0xC3, 0xA9, 1, 0x33])
        var swapped = frame
        swapped.replaceSubrange(8..<12, with: [1, 0x62, 1, 0x32])
        swapped.replaceSubrange(12..<16, with: [1, 0x61, 1, 0x31])
        #expect(decodeError(swapped)?.message.contains("out of order") == true)
    }

    @Test func everyTruncatedPrefixFails() {
        var random = SplitMix64(state: 11)
        for index in 0..<300 {
            let message = RandomMessages.message(index, &random)
            let frame = MessageCodec.encode(message)
            for length in 0..<frame.count {
                let error = decodeError(Array(frame.prefix(length)), payloadFrameBytes: message.payloadFrameBytes)
                #expect(error != nil, "message \(index) cut to \(length) bytes")
            }
        }
    }

    @Test func trailingBytesFail() {
        var random = SplitMix64(state: 13)
        for index in 0..<50 {
            let message = RandomMessages.message(index, &random)
            let frame = MessageCodec.encode(message) + [0]
            let error = decodeError(frame, payloadFrameBytes: message.payloadFrameBytes)
            #expect(error?.message.contains("trailing") == true, "message \(index)")
        }
    }

    @Test func wrongMagicVersionAndTypeAreNamed() {
        let frame = MessageCodec.encode(.shutdown(reason: "x"))
        var magic = frame
        magic[0] = 0x58
        #expect(decodeError(magic)?.message.contains("magic") == true)
        #expect(decodeError([0x47, 0x45, 0x54])?.message.contains("magic") == true)  // "GET"
        // A peer of the previous encoding, which sent a task result as one frame, is told apart.
        var version = frame
        version[3] = 2
        let versionError = decodeError(version)?.message ?? ""
        #expect(versionError.contains("version 2 is not understood"))
        #expect(versionError.contains("understands version 3"))
        for type: UInt8 in [0, 11, 255] {
            var unknown = frame
            unknown[4] = type
            #expect(decodeError(unknown)?.message == "unknown cluster message type \(type)")
        }
    }

    @Test func invalidUTF8Fails() {
        let header: [UInt8] = [0x53, 0x4C, 0x43, 3, 10]
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x61, 0x80]] {
            let message = decodeError(header + [UInt8(bad.count)] + bad)?.message ?? ""
            #expect(message.contains("Shutdown.reason") && message.contains("UTF-8"), "\(bad)")
        }
        #expect(decodeError(header + [2, 0xC3, 0xA9]) == nil)
    }

    @Test func badLengthsVarintsAndBooleansFail() {
        let header: [UInt8] = [0x53, 0x4C, 0x43, 3, 10]
        #expect(decodeError(header + [0xE8, 0x07, 0x61, 0x62])?.message.contains("exceeds") == true)  // 1000
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(decodeError(header + huge)?.message.contains("exceeds") == true)
        let overflow: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]
        #expect(decodeError(header + overflow)?.message.contains("overflows") == true)
        #expect(decodeError(header + [0x80, 0x00])?.message.contains("shortest") == true)
        var failed = MessageCodec.encode(
            .taskFailed(
                TaskFailed(key: TaskKey(queryId: "", epoch: 0, task: 0, attempt: 0), error: "", retryable: true)))
        failed[failed.count - 1] = 2
        #expect(decodeError(failed)?.message.contains("boolean") == true)
        let heartbeat: [UInt8] = [0x53, 0x4C, 0x43, 3, 5, 0, 0xFF, 0x01]
        #expect(decodeError(heartbeat)?.message.contains("count 255") == true)
    }

    @Test func framesAboveTheLimitFail() throws {
        #expect(MessageCodec.maxMessageBytes == 256 * 1024 * 1024)
        let frame = MessageCodec.encode(.shutdown(reason: String(repeating: "x", count: 200)))
        #expect(throws: ClusterProtocolError.self) { try MessageCodec.decode(frame, limit: frame.count - 1) }
        #expect(
            try MessageCodec.decode(frame, limit: frame.count) == .shutdown(reason: String(repeating: "x", count: 200)))
    }

    @Test func randomMutationsNeverCrashAndDecodeCanonically() {
        var random = SplitMix64(state: 17)
        for index in 0..<3000 {
            let original = RandomMessages.message(index, &random)
            var frame = MessageCodec.encode(original)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let message = try? MessageCodec.decode(frame, payloadFrameBytes: original.payloadFrameBytes) {
                #expect(MessageCodec.encode(message) == frame, "mutated message \(index)")
                #expect(message.payloadFrameBytes == original.payloadFrameBytes, "mutated message \(index)")
            }
        }
    }
}
