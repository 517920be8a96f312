import SluiceCluster
import SluiceCore
import SluicePlan

/// The connectors Sluice runs, keyed by provider (the `USING` name): the one place a provider
/// name becomes a source, a sink, an executor's split or a `DESC` lookup.
///
/// Each connector carries its provider's declaration from the catalog (`Provider.all`: options,
/// schema rule), so what `CREATE TABLE` accepts and what the runtime opens cannot drift apart.
public struct ConnectorRegistry: Sendable {
    /// The connectors, by lower-case provider name.
    public let connectors: [String: Connector]

    /// A registry of `connectors`; a later connector of the same name replaces an earlier one.
    public init(_ connectors: [Connector]) {
        self.connectors = Dictionary(connectors.map { ($0.name, $0) }, uniquingKeysWith: { _, later in later })
    }

    /// The connector of `provider`.
    /// - Throws: `ConnectorError` naming the providers there are.
    public func connector(_ provider: String) throws -> Connector {
        guard let connector = connectors[provider.lowercased()] else {
            throw ConnectorError(
                "no connector for data source '\(provider)'; Sluice has: \(connectors.keys.sorted().joined(separator: ", "))")
        }
        return connector
    }

    /// The source of `context.scan`'s table, producing batches with the scan's columns.
    /// - Throws: `ConnectorError` when the provider has no source, or what opening it throws.
    public func openSource(_ context: SourceContext) throws -> QuerySource {
        let table = context.scan.table
        guard let open = try connector(table.provider).source else {
            throw ConnectorError("table \(table.qualifiedName) (\(table.provider)) cannot be read")
        }
        return try open(context)
    }

    /// The sink of `context.table`, or the console when the query has no table to write to.
    /// - Throws: `ConnectorError` when the provider has no sink, or what opening it throws.
    public func openSink(_ context: SinkContext) throws -> QuerySink {
        let provider = context.table?.provider ?? Connector.resultProvider
        guard let open = try connector(provider).sink else {
            throw ConnectorError("writing to \(provider) tables is not supported in this version")
        }
        return try open(context)
    }

    /// The split of `range` that an executor reads itself, for a scan of a table whose source is
    /// read in shard ranges (`QuerySource.readsShardRanges`).
    /// - Throws: `ConnectorError` when the provider's source is not read in shard ranges.
    public func shardSplit(scan: ScanNode, utcOffsetSeconds: Int, range: ShardRange) throws -> SourceSplit {
        let table = scan.table
        guard let split = try connector(table.provider).shardSplit else {
            throw ConnectorError(
                "executors read log-store shard ranges; \(table.qualifiedName) is \(table.provider), which is not read in them")
        }
        return try split(scan, utcOffsetSeconds, range)
    }
}

extension ConnectorRegistry: SinkCatalog, SourceCatalog {
    /// The columns of `table`'s database table, from its connector.
    public func columns(of table: TableDefinition) throws -> SinkColumns {
        guard let describe = try connector(table.provider).sinkColumns else {
            return .unavailable("data source '\(table.provider)' cannot read them")
        }
        return try describe(table)
    }

    /// The columns of a sample of `table`'s records, from its connector; none when it cannot sample.
    public func sampledColumns(of table: TableDefinition) throws -> [String] {
        guard let sample = try connector(table.provider).sampledColumns else { return [] }
        return try sample(table)
    }
}
