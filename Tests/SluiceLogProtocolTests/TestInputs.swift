import SluiceLogProtocol
import SluiceTestSupport

/// Deterministic random log groups for round-trip tests.
enum RandomLogGroups {
    /// Pieces random strings are made of: ASCII, multi-byte UTF-8, emoji, controls, quotes.
    static let pieces: [String] = [
        "a", "Z", "0", " ", "_", "=", "\"", "\\", "\n", "\u{0}", "é", "ß", "中", "文", "\u{1F600}",
        "\u{1F1EF}\u{1F1F5}", "__time__", "__tag__:", "key", "value",
    ]

    /// A random string of 0...`maxPieces` pieces (possibly empty).
    static func string(_ random: inout SplitMix64, maxPieces: Int = 8) -> String {
        let count = Int.random(in: 0...maxPieces, using: &random)
        var text = ""
        for _ in 0..<count {
            text += pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
        return text
    }

    /// A random string or nil.
    static func optionalString(_ random: inout SplitMix64) -> String? {
        Bool.random(using: &random) ? string(&random) : nil
    }

    /// A random log record.
    static func record(_ random: inout SplitMix64) -> LogRecord {
        let contentCount = Int.random(in: 0...6, using: &random)
        var contents: [LogContent] = []
        for _ in 0..<contentCount {
            contents.append(LogContent(key: string(&random), value: string(&random)))
        }
        let time = Bool.random(using: &random) ? UInt32.random(in: 0...UInt32.max, using: &random) : 1_700_000_000
        let nanos: UInt32? = Bool.random(using: &random) ? UInt32.random(in: 0...999_999_999, using: &random) : nil
        return LogRecord(time: time, contents: contents, timeNanos: nanos)
    }

    /// A random log group: 0...5 logs, optional header fields, 0...3 tags.
    static func group(_ random: inout SplitMix64) -> LogGroup {
        let logCount = Int.random(in: 0...5, using: &random)
        var logs: [LogRecord] = []
        for _ in 0..<logCount {
            logs.append(record(&random))
        }
        let tagCount = Int.random(in: 0...3, using: &random)
        var tags: [LogTag] = []
        for _ in 0..<tagCount {
            tags.append(LogTag(key: string(&random), value: string(&random)))
        }
        return LogGroup(
            logs: logs, topic: optionalString(&random), source: optionalString(&random), tags: tags,
            reserved: optionalString(&random), machineUUID: optionalString(&random))
    }
}

/// Whether `body` throws a `LogProtocolError` (and nothing else).
func throwsProtocolError<T>(_ body: () throws -> T) -> Bool {
    do {
        _ = try body()
        return false
    } catch is LogProtocolError {
        return true
    } catch {
        return false
    }
}
