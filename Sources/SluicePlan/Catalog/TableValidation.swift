import SluiceCore
import SluiceSQL

/// Checks a `CREATE TABLE` against its provider and turns it into a `TableDefinition`.
enum TableValidation {
    /// The definition `statement` creates in `database`.
    /// - Throws: `PlanError` for an unknown provider, unknown, missing, repeated or invalid options,
    ///   and columns the provider does not allow.
    static func definition(of statement: CreateTable, in database: String) throws(PlanError) -> TableDefinition {
        let providerName = statement.provider.normalized
        guard let provider = Provider.all[providerName] else {
            let known = Provider.all.keys.sorted().joined(separator: ", ")
            throw PlanError(
                .unknownProvider, "unknown data source '\(statement.provider.value)'; Sluice knows: \(known)",
                at: statement.provider.span)
        }
        try checkOptions(statement, provider: provider)
        let columns = try declaredColumns(statement, provider: provider)
        return TableDefinition(
            database: database, name: statement.name.name.value, provider: providerName,
            options: statement.options.map { TableOptionValue(key: $0.key, value: $0.value) },
            declaredColumns: columns, comment: statement.comment)
    }

    private static func checkOptions(_ statement: CreateTable, provider: Provider) throws(PlanError) {
        var seen: Set<String> = []
        for option in statement.options {
            let lower = option.key.lowercased()
            guard seen.insert(lower).inserted else {
                throw PlanError(.invalidOption, "option '\(option.key)' is given twice", at: option.keySpan)
            }
            guard provider.knows(option.key) else {
                let known = (provider.requiredOptions + provider.optionalOptions).joined(separator: ", ")
                throw PlanError(
                    .invalidOption,
                    "unknown option '\(option.key)' for data source '\(provider.name)'; it takes: \(known)",
                    at: option.keySpan)
            }
            try checkValue(option)
        }
        for required in provider.requiredOptions where !seen.contains(required.lowercased()) {
            throw PlanError(
                .missingOption,
                "data source '\(provider.name)' needs option '\(required)' (required: "
                    + provider.requiredOptions.joined(separator: ", ") + ")",
                at: statement.provider.span)
        }
    }

    private static func checkValue(_ option: TableOption) throws(PlanError) {
        let lower = option.key.lowercased()
        if let allowed = Provider.enumeratedOptions[lower],
            !allowed.contains(where: { $0.lowercased() == option.value.lowercased() })
        {
            throw PlanError(
                .invalidOption,
                "option '\(option.key)' must be one of \(allowed.joined(separator: ", ")), not '\(option.value)'",
                at: option.valueSpan)
        }
        if Provider.positiveIntegerOptions.contains(lower), (Int(option.value) ?? 0) <= 0 {
            throw PlanError(
                .invalidOption, "option '\(option.key)' must be a positive integer, not '\(option.value)'",
                at: option.valueSpan)
        }
        if lower == "url", !option.value.lowercased().hasPrefix("jdbc:") {
            throw PlanError(
                .invalidOption, "option 'url' must be a JDBC URL starting with 'jdbc:', not '\(option.value)'",
                at: option.valueSpan)
        }
        if lower == "startingoffsets" || lower == "endingoffsets" {
            let value = option.value.lowercased()
            guard value == "earliest" || value == "latest" || value.hasPrefix("{") else {
                throw PlanError(
                    .invalidOption, "option '\(option.key)' must be earliest, latest or a JSON object, not '\(option.value)'",
                    at: option.valueSpan)
            }
        }
    }

    private static func declaredColumns(_ statement: CreateTable, provider: Provider) throws(PlanError) -> [Column] {
        var seen: Set<String> = []
        var isLogStore = false
        if case .logStore = provider.schemaRule { isLogStore = true }
        var columns: [Column] = []
        for definition in statement.columns {
            let lower = definition.name.normalized
            guard seen.insert(lower).inserted else {
                throw PlanError(.alreadyExists, "column '\(definition.name.value)' is declared twice", at: definition.name.span)
            }
            var name = definition.name.value
            if isLogStore, let system = Provider.logStoreSystemColumn(named: name) {
                guard system.types.contains(definition.type.type) else {
                    let types = system.types.map(\.sqlName).joined(separator: ", ")
                    throw PlanError(
                        .typeMismatch,
                        "system column '\(system.name)' cannot be declared as \(definition.type.type.sqlName); "
                            + "declare it as \(types)",
                        at: definition.type.span)
                }
                name = system.name
            }
            columns.append(
                Column(name: name, type: definition.type.type, nullable: !definition.notNull,
                       comment: definition.comment))
        }
        switch provider.schemaRule {
        case .fixed where !columns.isEmpty:
            throw PlanError(
                .unsupported, "data source '\(provider.name)' has a fixed schema; remove the column list",
                at: statement.columns[0].name.span)
        case .declared where columns.isEmpty:
            throw PlanError(
                .missingOption, "data source '\(provider.name)' needs declared columns: CREATE TABLE t (col type, …)",
                at: statement.provider.span)
        default:
            return columns
        }
    }
}
