import Foundation
import SluiceLogClient
import SluiceLogProtocol
import Testing

@testable import SluiceLogStore

/// Uncompressed PullLogs answers leave the segment files by `sendfile` (SwiftNIO file regions),
/// each group between its list framing and its receive-time tag.
@Suite struct UncompressedPullTests {
    @Test func groupsSpreadOverManySegmentsArriveIntact() throws {
        let directory = try TestDirectory("sendfile")
        defer { directory.remove() }
        let server = try LogStoreServer(
            dataDirectory: directory.path + "/data", host: "127.0.0.1", port: 0, credentials: ["id": "secret"],
            insecure: false, segmentBytes: 4096)
        server.start()
        defer { server.stop() }
        let client = try SLSClient(
            endpoint: "127.0.0.1:\(server.port)", credentials: SLSCredentials(accessKeyId: "id", accessKeySecret: "secret"),
            timeout: .seconds(10))
        try client.createProject("proj1")
        try client.createLogStore(project: "proj1", store: "store1", shardCount: 1)
        for n in 0..<120 { try client.putLogs(project: "proj1", store: "store1", group: SampleGroups.group(n)) }
        let segments = try FileManager.default.subpathsOfDirectory(atPath: directory.path + "/data")
            .filter { $0.hasSuffix(".seg") }
        #expect(segments.count >= 3, "the groups span several segment files: \(segments)")

        // Several pulls on one kept-alive connection, each answer made of file regions of
        // several segments with the framing between them.
        for _ in 0..<3 {
            let plain = try ShardReader.readAll(client, project: "proj1", store: "store1", shard: 0, compression: .none)
            #expect(plain.count == 120)
            for (index, item) in plain.enumerated() {
                #expect(SampleGroups.splitReceiveTime(item.group)?.group == SampleGroups.group(index), "group \(index)")
            }
        }
        let lz4 = try ShardReader.readAll(client, project: "proj1", store: "store1", shard: 0, compression: .lz4)
        #expect(lz4.map(\.group) == (try ShardReader.readAll(client, project: "proj1", store: "store1", shard: 0, compression: .none)).map(\.group))
    }
}
