import Foundation
import SluiceCluster
import SluiceCore
import SluiceExec
import SluicePlan
import Testing

@testable import SluiceConnectors

/// The registry: one connector per provider, agreeing with the catalog's declarations, and the
/// errors of providers it cannot read, write or split.
@Suite struct ConnectorRegistryTests {
    let registry = ConnectorRegistry.standard

    func table(_ provider: String, _ options: [String: String] = [:]) -> TableDefinition {
        TableDefinition(
            database: "default", name: "t", provider: provider,
            options: options.sorted { $0.key < $1.key }.map { TableOptionValue(key: $0.key, value: $0.value) },
            declaredColumns: [])
    }

    func scan(_ table: TableDefinition, _ columns: [(String, DataType)] = []) -> ScanNode {
        ScanNode(
            table: table,
            attributes: columns.enumerated().map { Attribute(id: $0.offset, name: $0.element.0, type: $0.element.1, origin: .column) },
            isStreaming: false)
    }

    func sinkContext(_ table: TableDefinition?, streaming: Bool, emit: @escaping (String) -> Void = { _ in }) -> SinkContext {
        SinkContext(
            table: table, queryName: "q", columns: [Column(name: "a", type: .int), Column(name: "b", type: .string)],
            isStreaming: streaming, replacesAll: false, sinkStatement: nil, utcOffsetSeconds: 0, emit: emit, log: { _ in })
    }

    @Test func everyDeclaredProviderHasAConnectorWithTheCatalogsOptions() throws {
        for (name, provider) in Provider.all {
            let connector = try registry.connector(name)
            #expect(connector.declaration?.name == name)
            #expect(connector.options == provider.requiredOptions + provider.optionalOptions, "\(name)")
            #expect((connector.source != nil) == provider.isSource, "\(name): a source exactly when the catalog reads it")
            if connector.sink != nil { #expect(provider.isSink, "\(name): a sink the catalog does not let INSERT write") }
        }
        let undeclared = registry.connectors.keys.filter { Provider.all[$0] == nil }
        #expect(undeclared == [StagePlanner.oneRowTable.provider])
    }

    @Test func anUnknownProviderNamesTheOnesThereAre() {
        #expect(
            throws: ConnectorError("no connector for data source 'parquet'; Sluice has: console, csv, jdbc2, json, libsvm, loghub, onerow")
        ) {
            try registry.openSource(SourceContext(scan: scan(table("parquet")), utcOffsetSeconds: 0, warn: { _ in }))
        }
    }

    @Test func aSinkProviderCannotBeReadAndAFileProviderCannotBeWritten() {
        #expect(throws: ConnectorError("table default.t (console) cannot be read")) {
            try registry.openSource(SourceContext(scan: scan(table("console")), utcOffsetSeconds: 0, warn: { _ in }))
        }
        #expect(throws: ConnectorError("writing to json tables is not supported in this version")) {
            try registry.openSink(sinkContext(table("json", ["path": "/tmp/x"]), streaming: false))
        }
    }

    @Test func aFileTableWithoutAPathIsRefused() {
        #expect(throws: ConnectorError("table default.t has no path")) {
            try registry.openSource(SourceContext(scan: scan(table("csv")), utcOffsetSeconds: 0, warn: { _ in }))
        }
    }

    @Test func aJSONTableReadsItsFileAndCountsMalformedRecords() throws {
        let path = NSTemporaryDirectory() + "sluice-registry-\(UUID().uuidString).json"
        try Data("{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2}\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try registry.openSource(
            SourceContext(scan: scan(table("json", ["path": path]), [("a", .int), ("b", .string)]), utcOffsetSeconds: 0, warn: { _ in }))
        #expect(!source.isStreaming && !source.readsShardRanges)
        let offset = try #require(try source.nextOffset(after: nil))
        var metrics = TaskMetrics()
        let batches = try source.splits(offset).map { try $0.read(metrics: &metrics) }
        #expect(batches.map(\.rowCount).reduce(0, +) == 2, "the malformed line is dropped")
        #expect(metrics.malformedRecords == 1)
        #expect(try source.nextOffset(after: offset) == nil, "a file is read once")
    }

    @Test func aSelectPrintsTabSeparatedRowsAndAStreamPrintsTables() throws {
        var lines: [String] = []
        let batch = try registry.openSink(sinkContext(nil, streaming: false) { lines.append($0) })
        _ = try batch.write(queryID: "q", epoch: 0, rows: [[.int(1), .null]])
        #expect(lines == ["1\tNULL"])
        lines = []
        let stream = try registry.openSink(sinkContext(nil, streaming: true) { lines.append($0) })
        _ = try stream.write(queryID: "q", epoch: 3, rows: [[.int(1), .string("x")]])
        #expect(lines.contains("Batch: 3") && lines.contains("|a|b|") && lines.contains("|1|x|"), "\(lines)")
    }

    @Test func aConsoleTableShowsItsNumRows() throws {
        var lines: [String] = []
        let sink = try registry.openSink(sinkContext(table("console", ["numRows": "1"]), streaming: true) { lines.append($0) })
        _ = try sink.write(queryID: "q", epoch: 0, rows: [[.int(1), .string("x")], [.int(2), .string("y")]])
        #expect(lines.contains("only showing top 1 rows"), "\(lines)")
        #expect(lines.contains("|1|x|") && !lines.contains("|2|y|"))
    }

    @Test func onlyALogStoreTableSplitsIntoShardRangesForExecutors() throws {
        let range = ShardRange(shard: 1, start: 5, end: 9)
        #expect(throws: ConnectorError("executors read log-store shard ranges; default.t is json, which is not read in them")) {
            try registry.shardSplit(scan: scan(table("json", ["path": "/tmp/x"])), utcOffsetSeconds: 0, range: range)
        }
        let loghub = table(
            "loghub",
            ["sls.project": "p", "sls.store": "s", "endpoint": "127.0.0.1:1", "access.key.id": "k", "access.key.secret": "s"])
        let split = try registry.shardSplit(scan: scan(loghub, [("a", .string)]), utcOffsetSeconds: 0, range: range)
        #expect(split.shardRange == range)
    }

    @Test func aLogStoreTableNamesTheOptionItLacks() {
        #expect(throws: ConnectorError("loghub table default.t needs option sls.store")) {
            try registry.openSource(
                SourceContext(scan: scan(table("loghub", ["sls.project": "p"])), utcOffsetSeconds: 0, warn: { _ in }))
        }
    }

    @Test func describeAsksOnlyTheConnectorsThatCan() throws {
        guard case .unavailable(let reason) = try registry.columns(of: table("console")) else {
            Issue.record("a console has no database table")
            return
        }
        #expect(reason == "data source 'console' cannot read them")
        #expect(try registry.sampledColumns(of: table("json", ["path": "/tmp/x"])) == [])
    }
}
