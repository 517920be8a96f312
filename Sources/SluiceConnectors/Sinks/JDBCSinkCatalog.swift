import SluiceCore
import SluicePlan
import SluiceSinks

/// Reads the columns of the database tables behind `jdbc2` tables, for `DESC`.
struct JDBCSinkCatalog: SinkCatalog {
    /// Creates the catalog.
    public init() {}

    public func columns(of table: TableDefinition) throws -> SinkColumns {
        var settings: [String: String] = [:]
        for option in table.options { settings[option.key] = option.value }
        let options = try SinkOptions(options: settings, statement: nil, utcOffsetSeconds: 0)
        let described: [SinkColumn]?
        do {
            described = try JDBCSinks.describe(options)
        } catch let error as SinkError where error.kind != .configuration {
            return .unavailable("cannot read them now: \(error.message)")
        }
        guard let columns = described else { return .tableMissing }
        return .columns(columns.map { Column(name: $0.name, type: Self.type(of: $0.typeName)) })
    }

    /// The SQL type of a database column type name, by SQLite's affinity rules.
    static func type(of name: String) -> DataType {
        let upper = name.uppercased()
        if upper.contains("BIGINT") { return .bigint }
        if upper.contains("INT") { return .int }
        if upper.contains("BOOL") { return .boolean }
        if upper.contains("TIMESTAMP") || upper.contains("DATETIME") { return .timestamp }
        if upper == "DATE" { return .date }
        if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") { return .double }
        if upper.contains("DEC") || upper.contains("NUMERIC") { return .double }
        return .string
    }
}
