import SluiceCore
import SluiceSQL

/// Resolves names and types of a parsed query against a catalog and a session, producing a
/// logical plan. Pure: it reads the catalog value it is given and changes nothing.
public struct Binder {
    let catalog: Catalog
    let session: SessionState
    let ids = IDGenerator()

    /// Creates a binder over `catalog` and `session`.
    public init(catalog: Catalog, session: SessionState) {
        self.catalog = catalog
        self.session = session
    }

    /// The table `name` refers to: temporary tables first, then the catalog.
    /// - Throws: `PlanError` of kind `.unknownTable` or `.unknownDatabase`.
    public func table(_ name: QualifiedName) throws -> TableDefinition {
        guard name.parts.count <= 2 else {
            throw PlanError(.unknownTable, "table name '\(name)' has too many parts; write table or database.table", at: name.span)
        }
        if name.parts.count == 1, let temporary = session.temporaryTables[name.name.normalized] { return temporary }
        let database = name.parts.count == 2 ? name.parts[0] : nil
        let databaseName = database?.value ?? session.currentDatabase
        guard catalog.database(databaseName) != nil else {
            throw PlanError(.unknownDatabase, "database '\(databaseName)' not found", at: database?.span ?? name.span)
        }
        guard let table = catalog.table(name.name.value, in: databaseName) else {
            let known = catalog.database(databaseName)?.tables.values.map(\.name).sorted() ?? []
            let hint = known.isEmpty ? "it has no tables" : "it has: \(known.joined(separator: ", "))"
            throw PlanError(
                .unknownTable, "table or view '\(name)' not found in database '\(databaseName)' (\(hint))", at: name.span)
        }
        return table
    }

    /// The function a call names and its signature: temporary, built-in, then the database's own.
    /// - Throws: `PlanError` of kind `.unknownFunction`.
    func function(_ name: QualifiedName) throws -> (FunctionSignature, FunctionDefinition?) {
        if name.parts.count == 1 {
            if let temporary = session.temporaryFunctions[name.name.normalized],
                let signature = FunctionRegistry.userFunctionClasses[temporary.className]
            {
                return (signature, temporary)
            }
            if let builtin = FunctionRegistry.builtin(name.name.value) {
                return (builtin, ModelFunctions.builtin(name.name.value))
            }
        }
        if name.parts.count <= 2 {
            let database = name.parts.count == 2 ? name.parts[0].value : session.currentDatabase
            if let definition = catalog.function(name.name.value, in: database),
                let signature = FunctionRegistry.userFunctionClasses[definition.className]
            {
                return (signature, definition)
            }
        }
        throw PlanError(
            .unknownFunction,
            "undefined function '\(name)': neither a built-in nor a function of database '"
                + (name.parts.count == 2 ? name.parts[0].value : session.currentDatabase) + "' (see SHOW FUNCTIONS)",
            at: name.span)
    }

    /// A fresh output attribute.
    func attribute(_ name: String, _ type: DataType, nullable: Bool = true) -> Attribute {
        Attribute(id: ids.next(), name: name, type: type, nullable: nullable)
    }
}
