import SluiceCluster
import SluiceTestSupport

/// Deterministic random cluster messages for codec tests.
enum RandomMessages {
    /// Pieces random strings are made of: ASCII, multi-byte UTF-8, a combining accent, emoji,
    /// NUL and controls.
    static let pieces: [String] = [
        "a", "Z", "0", " ", "_", "=", "\"", "\n", "\u{0}", "é", "e\u{301}", "ß", "中", "\u{1F600}", "key", "value",
    ]

    /// A random string of 0...`maxPieces` pieces.
    static func string(_ random: inout SplitMix64, maxPieces: Int = 6) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &random) {
            text += pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
        return text
    }

    /// 0...`maxCount` random bytes.
    static func bytes(_ random: inout SplitMix64, maxCount: Int = 40) -> [UInt8] {
        (0..<Int.random(in: 0...maxCount, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// A random `Int64`: small, extreme or any.
    static func int64(_ random: inout SplitMix64) -> Int64 {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: Int64.random(in: -3...300, using: &random)
        case 1: [Int64.min, Int64.max, 0, -1][Int.random(in: 0..<4, using: &random)]
        default: Int64(bitPattern: random.next())
        }
    }

    /// A random `Int32`.
    static func int32(_ random: inout SplitMix64) -> Int32 {
        Int32(truncatingIfNeeded: int64(&random))
    }

    /// A random double that is not NaN (infinities, zeros of both signs and subnormals included).
    static func double(_ random: inout SplitMix64) -> Double {
        while true {
            let value = Double(bitPattern: random.next())
            if !value.isNaN { return value }
        }
    }

    /// A random task key.
    static func taskKey(_ random: inout SplitMix64) -> TaskKey {
        TaskKey(queryId: string(&random), epoch: int64(&random), task: int32(&random), attempt: int32(&random))
    }

    /// A random message; `index % 10` selects the kind, so every kind comes up.
    static func message(_ index: Int, _ random: inout SplitMix64) -> ClusterMessage {
        switch index % 10 {
        case 0:
            return .register(
                Register(
                    protocolVersion: UInt16.random(in: 0...UInt16.max, using: &random), executorId: string(&random),
                    host: string(&random), pid: int32(&random), cores: Int(int64(&random)),
                    memoryLimitBytes: int64(&random), secretProof: bytes(&random)))
        case 1:
            return .registered(
                Registered(
                    executorId: string(&random), heartbeatIntervalMillis: int64(&random),
                    heartbeatTimeoutMillis: int64(&random)))
        case 2:
            return .refused(reason: string(&random))
        case 3:
            var settings: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                settings[string(&random, maxPieces: 3)] = string(&random)
            }
            return .startQuery(
                StartQuery(queryId: string(&random), plan: bytes(&random, maxCount: 300), settings: settings))
        case 4:
            let keys = (0..<Int.random(in: 0...4, using: &random)).map { _ in taskKey(&random) }
            return .heartbeat(Heartbeat(executorId: string(&random), runningTasks: keys, residentBytes: int64(&random)))
        case 5:
            return .launchTask(
                LaunchTask(
                    key: taskKey(&random),
                    range: ShardRange(shard: Int(int32(&random)), start: int64(&random), end: int64(&random)),
                    watermarkMicros: Bool.random(using: &random) ? int64(&random) : nil))
        case 6:
            return .taskResult(
                TaskResult(
                    key: taskKey(&random), seconds: double(&random), partialBytes: Int.random(in: 0...300, using: &random)))
        case 7:
            return .taskFailed(
                TaskFailed(key: taskKey(&random), error: string(&random), retryable: Bool.random(using: &random)))
        case 8:
            return .cancelTask(CancelTask(key: taskKey(&random)))
        default:
            return .shutdown(reason: string(&random))
        }
    }
}

/// The error `MessageCodec.decode` throws for `bytes` followed by frames of `payloadFrameBytes`
/// bytes, or `nil` when it decodes.
func decodeError(_ bytes: [UInt8], payloadFrameBytes: [Int] = []) -> ClusterProtocolError? {
    do {
        _ = try MessageCodec.decode(bytes, payloadFrameBytes: payloadFrameBytes)
        return nil
    } catch {
        return error
    }
}
