/// Session settings `spark.datasource.<provider>.<option>=value`: defaults for the options of
/// every table of that provider that a query reads, as Spark passes them to its data sources
/// (`SessionConfigSupport`). An option the table gives itself wins.
public enum SessionDataSourceOptions {
    /// The prefix of the settings.
    public static let prefix = "spark.datasource."

    /// The provider and option a setting `key` names, or nil when it is not such a setting.
    public static func split(_ key: String) -> (provider: String, option: String)? {
        guard key.lowercased().hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), dot != rest.startIndex, rest.index(after: dot) != rest.endIndex
        else { return nil }
        return (rest[..<dot].lowercased(), String(rest[rest.index(after: dot)...]))
    }

    /// `table` with the options `conf` sets for its provider added where the table has none of its own.
    public static func apply(_ conf: [String: String], to table: TableDefinition) -> TableDefinition {
        var table = table
        for (key, value) in conf.sorted(by: { $0.key < $1.key }) {
            guard let (provider, option) = split(key), provider == table.provider, table.option(option) == nil
            else { continue }
            table.options.append(TableOptionValue(key: option, value: value))
        }
        return table
    }
}
