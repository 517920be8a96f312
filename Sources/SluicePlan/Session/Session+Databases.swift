import SluiceCore
import SluiceSQL

extension Session {
    func createDatabase(_ name: Identifier, ifNotExists: Bool) throws -> [Output] {
        try store.update { catalog in
            if catalog.database(name.value) != nil {
                if ifNotExists { return [] }
                throw PlanError(.alreadyExists, "database '\(name.value)' already exists", at: name.span)
            }
            catalog.databases[name.normalized] = DatabaseDefinition(name: name.value)
            return []
        }
    }

    func dropDatabase(_ name: Identifier, ifExists: Bool, cascade: Bool) throws -> [Output] {
        if name.normalized == "default" {
            throw PlanError(.invalidState, "the default database cannot be dropped", at: name.span)
        }
        try store.update { catalog in
            guard let database = catalog.database(name.value) else {
                if ifExists { return }
                throw PlanError(.unknownDatabase, "database '\(name.value)' not found", at: name.span)
            }
            if !cascade && (!database.tables.isEmpty || !database.functions.isEmpty) {
                throw PlanError(
                    .invalidState,
                    "database '\(name.value)' is not empty (\(Plural.count(database.tables.count, "table")), "
                        + "\(Plural.count(database.functions.count, "function"))); use DROP DATABASE … CASCADE",
                    at: name.span)
            }
            catalog.databases[name.normalized] = nil
        }
        if state.currentDatabase == name.normalized { state.currentDatabase = "default" }
        return []
    }

    func showTables(_ database: Identifier?, pattern: String?) throws -> [Output] {
        let catalog = try store.load()
        let name = database?.value.lowercased() ?? state.currentDatabase
        guard let found = catalog.database(name) else {
            throw PlanError(.unknownDatabase, "database '\(name)' not found", at: database?.span)
        }
        var rows = found.tables.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
            .filter { LikePattern.matches($0.name, pattern) }
            .map { Output.row("\(found.name)\t\($0.name)\tfalse") }
        rows += state.temporaryTables.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
            .filter { LikePattern.matches($0.name, pattern) }
            .map { Output.row("\t\($0.name)\ttrue") }
        return rows
    }
}

/// `1 table`, `2 tables`.
enum Plural {
    static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
