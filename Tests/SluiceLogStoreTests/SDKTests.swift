import Foundation
import SluiceLogClient
import SluiceLogProtocol
import Testing

@testable import SluiceLogStore

/// The official aliyun-log-python-sdk against an in-process server: `Python/sdk_roundtrip.py`
/// creates a project and store, writes and reads through the SDK (v1, and v4 when the installed
/// SDK signs it), and reads logs this test wrote with `SLSClient`; this test then reads what the
/// script wrote.
struct SDKTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/sdk_roundtrip.py")

    /// A group as the script describes groups: topic, source, tags and logs (time, contents).
    static func description(of group: LogGroup, shard: Int) -> [String: Any] {
        [
            "shard": shard,
            "topic": group.topic ?? "",
            "source": group.source ?? "",
            "tags": group.tags.map { [$0.key, $0.value] },
            "logs": group.logs.map { log -> [String: Any] in
                ["time": Int(log.time), "contents": log.contents.map { [$0.key, $0.value] }]
            },
        ]
    }

    @Test func theOfficialPythonSDKRoundTrips() throws {
        let fixture = try ServerFixture(credentials: ["sdk-ak": "sdk-sk"])
        defer { fixture.close() }
        let client = try fixture.client(id: "sdk-ak", secret: "sdk-sk")

        // Logs written from Swift, for the script to read back.
        try client.createProject("swift-side", description: "written by SDKTests")
        try client.createLogStore(project: "swift-side", store: "from_swift", shardCount: 2)
        let shards = try client.listShards(project: "swift-side", store: "from_swift")
        try #require(shards.count == 2)
        let compressions: [LogCompression] = [.lz4, .deflate, .none]
        var expected: [[String: Any]] = []
        for number in 0..<6 {
            let shard = number % 2
            let group = SampleGroups.group(100 + number)
            try client.putLogs(
                project: "swift-side", store: "from_swift", group: group, hashKey: shards[shard].inclusiveBeginKey,
                compression: compressions[number % 3])
            expected.append(Self.description(of: group, shard: shard))
        }
        let expectPath = fixture.directory.path + "/expect.json"
        let expectation: [String: Any] = ["project": "swift-side", "store": "from_swift", "groups": expected]
        try JSONSerialization.data(withJSONObject: expectation, options: [.sortedKeys])
            .write(to: URL(fileURLWithPath: expectPath))

        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", Self.script.path, "--port", String(fixture.port), "--ak", "sdk-ak", "--sk", "sdk-sk",
                "--project", "sdk-proj", "--store", "sdk_store", "--expect", expectPath,
            ],
            timeoutSeconds: 300)
        #expect(result.status == 0, "sdk_roundtrip.py exited \(result.status):\n\(result.stderr)\n\(result.stdout)")
        guard result.status == 0 else { return }

        // What the script says it wrote, read back with the Swift client.
        let lastLine = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any], "report: \(result.stdout)")
        #expect(report["ok"] as? Bool == true)
        #expect(report["expected_groups_read"] as? Int == expected.count, "the script read every group written from Swift")
        let written = try #require(report["written"] as? [[String: Any]])
        #expect(written.count >= 5, "\(written.count) groups reported")

        var stored: [(shard: Int, group: LogGroup)] = []
        for shard in 0..<2 {
            for pulled in try ShardReader.readAll(client, project: "sdk-proj", store: "sdk_store", shard: shard) {
                let split = try #require(SampleGroups.splitReceiveTime(pulled.group), "no __receive_time__ tag")
                stored.append((shard, split.group))
            }
        }
        #expect(stored.count == written.count, "the store holds exactly the groups the script wrote")
        for item in written {
            let topic = item["topic"] as? String ?? "?"
            let matches = stored.filter { $0.group.topic == topic }
            guard matches.count == 1, let match = matches.first else {
                Issue.record("group \(topic) is stored \(matches.count) times")
                continue
            }
            if let shard = item["shard"] as? Int {
                #expect(match.shard == shard, "group \(topic) routed by hash key")
            }
            #expect(match.shard == (item["found_shard"] as? Int), "group \(topic): the script and Swift agree on its shard")
            #expect(match.group.source == item["source"] as? String, "group \(topic) source")
            let tags = (item["tags"] as? [[String]] ?? []).map { LogTag(key: $0.first ?? "", value: $0.last ?? "") }
            #expect(match.group.tags == tags, "group \(topic) tags")
            let logs = item["logs"] as? [[String: Any]] ?? []
            #expect(match.group.logs.count == logs.count, "group \(topic) log count")
            for (log, described) in zip(match.group.logs, logs) {
                #expect(Int(log.time) == (described["time"] as? Int), "group \(topic) log time")
                let contents = (described["contents"] as? [[String]] ?? []).map {
                    LogContent(key: $0.first ?? "", value: $0.last ?? "")
                }
                #expect(log.contents == contents, "group \(topic) log contents")
                #expect(log.timeNanos != nil, "the python SDK sends Time_ns, and it is kept")
            }
        }
    }
}
