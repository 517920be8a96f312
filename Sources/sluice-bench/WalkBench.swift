import Foundation
import SluiceCore
import SluiceFormats
import SluiceLogClient
import SluiceLogProtocol

/// `sluice-bench walk [N]`: reading PullLogs answers into the reference query's columns (`label`,
/// `features` as strings, `__time__` as a timestamp, `__topic__` and a tag as strings), the
/// decoding an executor's loghub task does. N records of the sample data in groups of 512 logs
/// (as `sluice generate` writes them, with the server's `__receive_time__` tag), 100 groups per
/// answer. Two readers alternate in rounds over the same answers, so the machine's swings hit
/// both alike:
///
/// - three passes, as the loghub task read before: the list's entries, then each group's
///   header and log count, then its logs (`listEntries`, `logCount`, `forEachLog`);
/// - one pass: `forEachGroup` and `walk`, each log's columns appended as it is reached and the
///   group's header columns after its logs, by closures handed in (as the loghub task read before);
/// - one call: `LogRowDecoder.append(list:firstGroupCursor:)` per answer, the same walk with the
///   row mapping beside it in SluiceLogProtocol (as the loghub task reads now).
enum WalkBench {
    static let groupSize = 512
    static let groupsPerAnswer = 100
    static let rounds = 10

    static func run(records: Int, lines: [String]) {
        let plan = GeneratorPlan(
            rows: LabeledRow.parse(lines.joined(separator: "\n")), records: records, batch: groupSize,
            startTime: 1_554_260_000, eventRate: 20)
        var answers: [[UInt8]] = []
        var answer: [UInt8] = []
        for number in 0..<plan.groupCount {
            var group = plan.group(number, now: 0)
            group.tags.append(LogTag(key: "__receive_time__", value: "1765000000"))
            LogGroupCodec.appendListEntry(LogGroupCodec.encode(group), to: &answer)
            if (number + 1) % groupsPerAnswer == 0 || number + 1 == plan.groupCount {
                answers.append(answer)
                answer = []
            }
        }
        let bytes = answers.reduce(0) { $0 + $1.count }
        let names = ["three passes", "one pass", "one call"]
        var times: [[Double]] = names.map { _ in [] }
        var rows = names.map { _ in 0 }
        for round in 0..<(names.count * rounds) {
            let reader = round % names.count
            let started = DispatchTime.now()
            switch reader {
            case 0: rows[reader] = threePasses(answers, bytes: bytes)
            case 1: rows[reader] = onePass(answers, bytes: bytes)
            default: rows[reader] = oneCall(answers, bytes: bytes)
            }
            times[reader].append(Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        }
        for (reader, name) in names.enumerated() {
            let sorted = times[reader].sorted()
            print(String(
                format: "walk, \(name): %d records (%d MB) in %.3f s median (%.3f–%.3f over %d rounds) = %d records/s",
                rows[reader], bytes / 1_000_000, sorted[sorted.count / 2], sorted.first ?? 0, sorted.last ?? 0,
                sorted.count, Int(Double(rows[reader]) / sorted[sorted.count / 2])))
        }
    }

    static func builders(bytes: Int) -> [TextColumnBuilder] {
        var builders = [DataType.string, .string, .timestamp, .string, .string].map { TextColumnBuilder(type: $0) }
        for index in builders.indices { builders[index].reserve(rows: 0, stringBytes: bytes) }
        return builders
    }

    static let label = Array("label".utf8)
    static let features = Array("features".utf8)

    /// Appends `value` to the column of `key` if it is `label` or `features`.
    @inline(__always)
    static func append(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, to builders: inout [TextColumnBuilder]) {
        let column = key.elementsEqual(label) ? 0 : key.elementsEqual(features) ? 1 : -1
        guard column >= 0 else { return }
        value.withMemoryRebound(to: UInt8.self) { _ = builders[column].append(text: $0, utcOffsetSeconds: 0) }
    }

    static func appendText(_ text: String, to builder: inout TextColumnBuilder) {
        var text = text
        text.withUTF8 { _ = builder.append(text: $0, utcOffsetSeconds: 0) }
    }

    static func threePasses(_ answers: [[UInt8]], bytes: Int) -> Int {
        var builders = builders(bytes: bytes)
        for answer in answers {
            answer.withUnsafeBytes { list in
                let entries = try! LogGroupCodec.listEntries(list)
                let groups = entries.map { UnsafeRawBufferPointer(rebasing: list[$0]) }
                // The header pass: the log count (and, before, the header fields).
                let counts = groups.map { try! LogGroupCodec.logCount($0) }
                for (group, count) in zip(groups, counts) {
                    try! LogGroupCodec.forEachLog(in: group) { time, contents in
                        for (key, value) in contents { append(key, value, to: &builders) }
                        builders[2].append(int64: Int64(time) * 1_000_000)
                    }
                    for _ in 0..<count {
                        appendText("sluice-generate", to: &builders[3])
                        appendText("sluice", to: &builders[4])
                    }
                }
            }
        }
        return builders[0].count
    }

    static func onePass(_ answers: [[UInt8]], bytes: Int) -> Int {
        var builders = builders(bytes: bytes)
        for answer in answers {
            answer.withUnsafeBytes { list in
                _ = try! LogGroupCodec.forEachGroup(inList: list) { group in
                    let header = try LogGroupCodec.walk(group) { time, contents in
                        for (key, value) in contents { append(key, value, to: &builders) }
                        builders[2].append(int64: Int64(time) * 1_000_000)
                    }
                    let tag = header.tags.first { $0.key == "__generator__" }?.value ?? ""
                    for _ in 0..<header.logCount {
                        appendText(header.topic ?? "", to: &builders[3])
                        appendText(tag, to: &builders[4])
                    }
                }
            }
        }
        return builders[0].count
    }

    /// The reference query's columns, as the loghub source maps them.
    static let mapping = LogRowMapping(
        types: [.string, .string, .timestamp, .string, .string],
        fields: [.key(label), .key(features), .time, .topic, .tag("__generator__")])

    static func oneCall(_ answers: [[UInt8]], bytes: Int) -> Int {
        var decoder = LogRowDecoder(
            mapping: mapping, shard: 0, project: "lr-demo", store: "samples", utcOffsetSeconds: 0,
            expectedGroups: answers.count * groupsPerAnswer, textBytes: bytes)
        var cursor: Int64 = 0
        for answer in answers {
            cursor += Int64(try! decoder.append(list: answer, firstGroupCursor: cursor))
        }
        return decoder.finish().rowCount
    }
}
