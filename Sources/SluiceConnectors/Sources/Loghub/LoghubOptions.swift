import Foundation
import SluiceLogClient
import SluicePlan

/// The options of a `USING loghub` table (emr-semantics.md §2).
struct LoghubOptions: Sendable {
    /// Where the first epoch of a query without a checkpoint starts.
    enum StartingOffsets: Sendable, Equatable {
        /// The oldest retained log of every shard.
        case earliest
        /// After the newest log of every shard when the query starts (Spark's streaming default).
        case latest
        /// Per shard id, the first log received at or after a unix time; unlisted shards start earliest.
        case times([Int: Int64])
    }

    let project: String
    let store: String
    let endpoint: String
    let credentials: SLSCredentials
    let startingOffsets: StartingOffsets
    /// Logs per epoch, spread evenly over the shards; nil reads everything present.
    let maxOffsetsPerTrigger: Int?
    /// Whether data removed by retention behind a checkpointed cursor fails the query.
    let failOnDataLoss: Bool
    /// Log groups per PullLogs call.
    let batchGetStep: Int

    /// Log groups per PullLogs call unless `loghub.batchGet.step` says otherwise (EMR's default).
    static let defaultBatchGetStep = 100

    init(table: TableDefinition) throws {
        func required(_ key: String) throws -> String {
            guard let value = table.option(key), !value.isEmpty else {
                throw ConnectorError("loghub table \(table.qualifiedName) needs option \(key)")
            }
            return value
        }
        project = try required("sls.project")
        store = try required("sls.store")
        endpoint = try required("endpoint")
        credentials = SLSCredentials(
            accessKeyId: try required("access.key.id"), accessKeySecret: try required("access.key.secret"))
        maxOffsetsPerTrigger = table.option("maxOffsetsPerTrigger").flatMap { Int($0) }
        failOnDataLoss = (table.option("failOnDataLoss") ?? "true").lowercased() != "false"
        batchGetStep = min(max(table.option("loghub.batchGet.step").flatMap { Int($0) } ?? Self.defaultBatchGetStep, 1), 1000)
        startingOffsets = try Self.parseStart(table.option("startingoffsets"), project: project, store: store)
    }

    private static func parseStart(_ text: String?, project: String, store: String) throws -> StartingOffsets {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .latest }
        switch text.lowercased() {
        case "earliest": return .earliest
        case "latest": return .latest
        default: break
        }
        let key = "\(project)#\(store)"
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            let shards = object[key] as? [String: Any]
        else {
            throw ConnectorError(
                "startingoffsets must be earliest, latest or {\"\(key)\": {\"<shard>\": <unix seconds>, …}}, not \(text)")
        }
        var times: [Int: Int64] = [:]
        for (shard, value) in shards {
            guard let id = Int(shard), let time = (value as? NSNumber)?.int64Value else {
                throw ConnectorError("startingoffsets: shard \(shard) needs a unix time in seconds")
            }
            times[id] = time
        }
        return .times(times)
    }
}
