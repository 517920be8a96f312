import SluiceCore
import SluiceSQL

extension Session {
    func createTable(_ create: CreateTable) throws -> [Output] {
        let database = try databaseName(create.name)
        var definition = try TableValidation.definition(of: create, in: database)
        if create.temporary {
            guard create.name.parts.count == 1 else {
                throw PlanError(.unsupported, "a temporary table name cannot have a database", at: create.name.span)
            }
            definition.database = "temporary"
            let key = create.name.name.normalized
            if state.temporaryTables[key] != nil, !create.ifNotExists {
                throw PlanError(.alreadyExists, "temporary table '\(create.name.name.value)' already exists", at: create.name.span)
            }
            if state.temporaryTables[key] == nil { state.temporaryTables[key] = definition }
            return []
        }
        return try store.update { catalog in
            try requireDatabase(database, in: catalog, at: create.name.span)
            if let existing = catalog.table(definition.name, in: database) {
                guard create.ifNotExists else {
                    throw PlanError(.alreadyExists, "table \(existing.qualifiedName) already exists", at: create.name.span)
                }
                let differences = TableDifference.between(existing, definition)
                if differences.isEmpty { return [] }
                return [
                    .warning(
                        "table \(existing.qualifiedName) already exists with a different definition ("
                            + differences.joined(separator: "; ")
                            + "); keeping the existing one — DROP TABLE \(existing.qualifiedName) to redefine it")
                ]
            }
            catalog.databases[database]?.tables[definition.name.lowercased()] = definition
            return []
        }
    }

    func dropTable(_ name: QualifiedName, ifExists: Bool) throws -> [Output] {
        if name.parts.count == 1, state.temporaryTables.removeValue(forKey: name.name.normalized) != nil { return [] }
        let database = try databaseName(name)
        try store.update { catalog in
            try requireDatabase(database, in: catalog, at: name.span)
            guard catalog.table(name.name.value, in: database) != nil else {
                if ifExists { return }
                throw PlanError(.unknownTable, "table \(database).\(name.name.value) not found", at: name.span)
            }
            catalog.databases[database]?.tables[name.name.normalized] = nil
        }
        return []
    }
}

/// What differs between two definitions of one table, for the `IF NOT EXISTS` warning.
enum TableDifference {
    static func between(_ old: TableDefinition, _ new: TableDefinition) -> [String] {
        var differences: [String] = []
        if old.provider != new.provider { differences.append("provider \(old.provider) → \(new.provider)") }
        let keys = (old.options + new.options).map { $0.key.lowercased() }
        var seen: Set<String> = []
        for key in keys where seen.insert(key).inserted {
            let before = old.option(key)
            let after = new.option(key)
            guard before != after else { continue }
            let redacted = Redaction.isSecret(key)
            let show = { (value: String?) in
                value.map { redacted ? Redaction.mask : "'\(SecretRedaction.maskingURLs(in: $0))'" } ?? "unset"
            }
            differences.append("option \(key): \(show(before)) → \(show(after))")
        }
        if old.declaredColumns != new.declaredColumns {
            let describe = { (columns: [Column]) in
                columns.isEmpty ? "none" : columns.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", ")
            }
            differences.append("columns (\(describe(old.declaredColumns))) → (\(describe(new.declaredColumns)))")
        }
        return differences
    }
}

/// Spark's redaction of secret option values (the rule is `SecretRedaction`'s).
public enum Redaction {
    /// What a redacted value prints as.
    public static let mask = SecretRedaction.mask

    /// Whether the value of option `key` is hidden.
    public static func isSecret(_ key: String) -> Bool {
        SecretRedaction.isSecret(key)
    }

    /// `text` with the passwords of the URLs in it masked (`SecretRedaction.maskingURLs`): for
    /// every line a program prints that may echo a connection string.
    public static func maskingURLs(in text: String) -> String {
        SecretRedaction.maskingURLs(in: text)
    }

    /// `value`, or the mask when `key` is secret; the passwords of URLs in it masked.
    public static func display(_ key: String, _ value: String) -> String {
        isSecret(key) ? mask : SecretRedaction.maskingURLs(in: value)
    }
}
