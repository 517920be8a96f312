import SluiceLogClient
import SluiceLogProtocol
import SluicePlan

/// `DESC` of a loghub table without declared columns: the keys and tags of the newest log groups
/// of every shard.
struct LoghubSourceCatalog: SourceCatalog {
    /// Newest log groups read per shard.
    public static let sampleGroupsPerShard: Int64 = 8
    /// How long a sample may wait for the store before `DESC` goes on without it.
    public static let sampleTimeout: Duration = .seconds(3)

    /// Creates the catalog.
    public init() {}

    public func sampledColumns(of table: TableDefinition) throws -> [String] {
        let options = try LoghubOptions(table: table)
        do {
            let client = try SLSClient(
                endpoint: options.endpoint, credentials: options.credentials, timeout: Self.sampleTimeout, attempts: 1)
            var keys: [String] = []
            var tags: [String] = []
            for shard in try client.listShards(project: options.project, store: options.store) {
                let begin = try client.cursor(project: options.project, store: options.store, shard: shard.id, from: .begin)
                let end = try client.cursor(project: options.project, store: options.store, shard: shard.id, from: .end)
                let start = LogCursor(position: max(begin.position, end.position - Self.sampleGroupsPerShard))
                guard start < end else { continue }
                let pulled = try client.pullLogs(
                    project: options.project, store: options.store, shard: shard.id, cursor: start,
                    count: Int(Self.sampleGroupsPerShard), end: end)
                for bytes in try pulled.groups {
                    let group = try LogGroupCodec.decode(bytes)
                    for tag in group.tags where !tags.contains(tag.key) { tags.append(tag.key) }
                    for log in group.logs {
                        for content in log.contents where !keys.contains(content.key) { keys.append(content.key) }
                    }
                }
            }
            return keys + tags.map(Self.tagColumn)
        } catch let error as LogStoreError {
            throw ConnectorError("log store \(options.project)/\(options.store) at \(options.endpoint): \(error)")
        }
    }

    /// The column name of tag `key`: `__tag__hostname__` for `__hostname__`, else `__tag__:<key>`.
    static func tagColumn(_ key: String) -> String {
        if key.count > 4, key.hasPrefix("__"), key.hasSuffix("__") { return "__tag" + key }
        return "__tag__:" + key
    }
}
