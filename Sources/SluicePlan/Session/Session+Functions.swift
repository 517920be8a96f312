import SluiceCore
import SluiceSQL

extension Session {
    func createFunction(_ create: CreateFunction) throws -> [Output] {
        guard FunctionRegistry.userFunctionClasses[create.className] != nil else {
            let known = FunctionRegistry.userFunctionClasses.keys.sorted().joined(separator: ", ")
            throw PlanError(
                .unknownFunction, "unknown function class '\(create.className)'; Sluice implements: \(known)",
                at: create.classSpan)
        }
        let warnings = create.resources.map {
            Output.warning("resource '\($0)' is not loaded: \(create.className) is built into Sluice")
        }
        let name = create.name.name
        if create.temporary {
            guard create.name.parts.count == 1 else {
                throw PlanError(.unsupported, "a temporary function name cannot have a database", at: create.name.span)
            }
            if state.temporaryFunctions[name.normalized] != nil, !create.orReplace {
                if create.ifNotExists { return warnings }
                throw PlanError(.alreadyExists, "temporary function '\(name.value)' already exists", at: name.span)
            }
            state.temporaryFunctions[name.normalized] = FunctionDefinition(
                database: "temporary", name: name.value, className: create.className, resources: create.resources)
            return warnings
        }
        let database = try databaseName(create.name)
        return try store.update { catalog in
            try requireDatabase(database, in: catalog, at: create.name.span)
            if let existing = catalog.function(name.value, in: database), !create.orReplace {
                if create.ifNotExists || existing.className == create.className { return warnings }
                throw PlanError(
                    .alreadyExists,
                    "function \(existing.qualifiedName) already exists as '\(existing.className)'; use CREATE OR REPLACE",
                    at: name.span)
            }
            catalog.databases[database]?.functions[name.normalized] = FunctionDefinition(
                database: database, name: name.value, className: create.className, resources: create.resources)
            return warnings
        }
    }

    func dropFunction(_ name: QualifiedName, ifExists: Bool, temporary: Bool) throws -> [Output] {
        if name.parts.count == 1, state.temporaryFunctions.removeValue(forKey: name.name.normalized) != nil { return [] }
        if temporary {
            if ifExists { return [] }
            throw PlanError(.unknownFunction, "temporary function '\(name.name.value)' not found", at: name.span)
        }
        if name.parts.count == 1, FunctionRegistry.builtin(name.name.value) != nil {
            throw PlanError(.invalidState, "cannot drop built-in function '\(name.name.value)'", at: name.span)
        }
        let database = try databaseName(name)
        try store.update { catalog in
            try requireDatabase(database, in: catalog, at: name.span)
            guard catalog.function(name.name.value, in: database) != nil else {
                if ifExists { return }
                throw PlanError(.unknownFunction, "function \(database).\(name.name.value) not found", at: name.span)
            }
            catalog.databases[database]?.functions[name.name.normalized] = nil
        }
        return []
    }

    func showFunctions(pattern: String?) throws -> [Output] {
        let catalog = try store.load()
        var names = Set(FunctionRegistry.builtins.keys)
        for database in catalog.databases.values {
            for function in database.functions.values { names.insert("\(database.name).\(function.name)".lowercased()) }
        }
        for function in state.temporaryFunctions.values { names.insert(function.name.lowercased()) }
        return names.sorted().filter { LikePattern.matches($0, pattern) }.map { .row($0) }
    }

    func describeFunction(_ name: QualifiedName) throws -> [Output] {
        let binder = Binder(catalog: try store.load(), session: state)
        let (signature, definition) = try binder.function(name)
        var lines = ["Function: \(definition?.qualifiedName ?? signature.name)"]
        if let definition { lines.append("Class: \(definition.className)") }
        lines.append("Kind: \(signature.kind)")
        lines.append("Arguments: \(signature.arityText)")
        lines.append("Usage: \(signature.usage)")
        return lines.map { .row($0) }
    }
}
