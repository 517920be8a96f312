import SluiceCore
import SluiceFormats
import SluicePlan
import SluiceSinks

extension ConnectorRegistry {
    /// The connectors Sluice ships: `json`, `csv` and `libsvm` files, `loghub` log stores, the
    /// `console` and `jdbc2` databases, and the one row of `SELECT` without `FROM`.
    public static let standard = ConnectorRegistry([
        StandardConnectors.json, StandardConnectors.csv, StandardConnectors.libsvm, StandardConnectors.loghub,
        StandardConnectors.console, StandardConnectors.jdbc2, StandardConnectors.oneRow,
    ])
}

/// The connectors of `ConnectorRegistry.standard`, each wiring a provider's options to its source or sink.
enum StandardConnectors {
    /// `USING json`: JSON lines, a record a line.
    static let json = files("json", lineAligned: true) { _, schema, utcOffset in
        { bytes, metrics in
            let result = JSONLinesFormat.scan(bytes, schema: schema, utcOffsetSeconds: utcOffset)
            metrics.malformedRecords += result.malformedRecords
            return result.batch
        }
    }

    /// `USING csv`: records that may span lines (quoted newlines), so a file is one split.
    static let csv = files("csv", lineAligned: false) { table, schema, utcOffset in
        let header = (table.option("header") ?? "false").lowercased() == "true"
        let separator = (table.option("sep") ?? table.option("delimiter") ?? ",").utf8.first ?? UInt8(ascii: ",")
        let nullValue = table.option("nullValue") ?? ""
        return { bytes, metrics in
            let result = CSVFormat.scan(
                bytes, schema: schema, header: header, separator: separator, nullValue: nullValue,
                utcOffsetSeconds: utcOffset)
            metrics.malformedRecords += result.malformedRecords
            return result.batch
        }
    }

    /// `USING libsvm`: `label index:value …` lines, with a fixed schema.
    static let libsvm = files("libsvm", lineAligned: true) { _, _, _ in
        { bytes, metrics in
            let result = LibSVMTextFormat.scan(bytes)
            metrics.malformedRecords += result.malformedRecords
            return result.batch
        }
    }

    /// A file source of provider `name`: its `path` and `maxFilesPerTrigger` options, and the
    /// scanner `scanner` makes of the table, the scan's columns and the session's offset.
    static func files(
        _ name: String, lineAligned: Bool,
        scanner: @escaping @Sendable (TableDefinition, [Column], Int) -> FileSource.Scanner
    ) -> Connector {
        Connector(
            name: name, declaration: Provider.all[name],
            source: { context in
                let table = context.scan.table
                guard let path = table.option("path") else {
                    throw ConnectorError("table \(table.qualifiedName) has no path")
                }
                let schema = context.scan.attributes.map { Column(name: $0.name, type: $0.type, nullable: $0.nullable) }
                return try FileSource(
                    path: path, maxFilesPerTrigger: table.option("maxFilesPerTrigger").flatMap { Int($0) },
                    lineAligned: lineAligned, scanner: scanner(table, schema, context.utcOffsetSeconds))
            })
    }

    /// `USING loghub`: a stream over a log store's shards, read by executors in shard ranges.
    static let loghub = Connector(
        name: "loghub", declaration: Provider.all["loghub"],
        source: { try LoghubSource(scan: $0.scan, utcOffsetSeconds: $0.utcOffsetSeconds, warn: $0.warn) },
        shardSplit: { scan, utcOffset, range in try LoghubSplit(scan: scan, utcOffsetSeconds: utcOffset, range: range) },
        sampledColumns: { try LoghubSourceCatalog().sampledColumns(of: $0) })

    /// `USING console`, and where a query without a sink table prints its result: Spark's table
    /// per epoch, or tab-separated rows for a bounded `SELECT`.
    static let console = Connector(
        name: "console", declaration: Provider.all["console"],
        sink: { context in
            let style: ConsoleSink.Style
            if let table = context.table {
                style = .table(
                    numRows: Int(table.option("numRows") ?? "") ?? ConsoleSink.rowsShownDefault,
                    truncate: (table.option("truncate") ?? "true").lowercased() == "true")
            } else {
                style = context.isStreaming ? .table(numRows: ConsoleSink.rowsShownDefault, truncate: true) : .tabSeparated
            }
            return ConsoleSink(columns: context.columns, style: style, utcOffsetSeconds: context.utcOffsetSeconds, emit: context.emit)
        })

    /// `USING jdbc2`: a database table, written with the epoch's marker in the same transaction.
    static let jdbc2 = Connector(
        name: "jdbc2", declaration: Provider.all["jdbc2"],
        sink: { context in
            var settings: [String: String] = [:]
            for option in context.table?.options ?? [] { settings[option.key] = option.value }
            let options = try SinkOptions(
                options: settings, statement: context.sinkStatement, utcOffsetSeconds: context.utcOffsetSeconds)
            if options.isolation == .none {
                context.log("query '\(context.queryName)': isolationLevel NONE writes without a transaction, so results are at-least-once")
            }
            let mode = SinkWrite(marked: context.isStreaming, replacesAll: context.replacesAll)
            return try JDBCSinks.open(options, schema: context.columns, mode: mode, log: context.log)
        },
        sinkColumns: { try JDBCSinkCatalog().columns(of: $0) })

    /// The source of `SELECT` without `FROM` (`StagePlanner.oneRowTable`): one row, once.
    static let oneRow = Connector(
        name: StagePlanner.oneRowTable.provider, declaration: nil, source: { _ in OneRowSource() })
}
