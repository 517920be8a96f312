import SluiceCore
import SluiceExec
import SluiceFormats
import SluicePlan

/// Opens the source a scan reads.
public enum Sources {
    /// The source of `scan`'s table, producing batches with the scan's columns.
    public static func open(_ scan: ScanNode, utcOffsetSeconds: Int, warn: @escaping (String) -> Void) throws -> QuerySource {
        let table = scan.table
        let schema = scan.attributes.map { Column(name: $0.name, type: $0.type, nullable: $0.nullable) }
        let maxFiles = table.option("maxFilesPerTrigger").flatMap { Int($0) }
        switch table.provider {
        case "json":
            guard let path = table.option("path") else { throw ConnectorError("table \(table.qualifiedName) has no path") }
            return try FileSource(path: path, maxFilesPerTrigger: maxFiles, lineAligned: true) { bytes, metrics in
                let result = JSONLinesFormat.scan(bytes, schema: schema, utcOffsetSeconds: utcOffsetSeconds)
                metrics.malformedRecords += result.malformedRecords
                return result.batch
            }
        case "csv":
            guard let path = table.option("path") else { throw ConnectorError("table \(table.qualifiedName) has no path") }
            let header = (table.option("header") ?? "false").lowercased() == "true"
            let separator = (table.option("sep") ?? table.option("delimiter") ?? ",").utf8.first ?? UInt8(ascii: ",")
            let nullValue = table.option("nullValue") ?? ""
            return try FileSource(path: path, maxFilesPerTrigger: maxFiles, lineAligned: false) { bytes, metrics in
                let result = CSVFormat.scan(
                    bytes, schema: schema, header: header, separator: separator, nullValue: nullValue,
                    utcOffsetSeconds: utcOffsetSeconds)
                metrics.malformedRecords += result.malformedRecords
                return result.batch
            }
        case "libsvm":
            guard let path = table.option("path") else { throw ConnectorError("table \(table.qualifiedName) has no path") }
            return try FileSource(path: path, maxFilesPerTrigger: maxFiles, lineAligned: true) { bytes, metrics in
                let result = LibSVMTextFormat.scan(bytes)
                metrics.malformedRecords += result.malformedRecords
                return result.batch
            }
        case "onerow":
            return OneRowSource()
        case "loghub":
            return try LoghubSource(scan: scan, utcOffsetSeconds: utcOffsetSeconds, warn: warn)
        default:
            throw ConnectorError("table \(table.qualifiedName) (\(table.provider)) cannot be read")
        }
    }
}
