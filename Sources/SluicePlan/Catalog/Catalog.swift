import SluiceCore

/// The catalog: databases, their tables and functions. A value; the metastore persists it.
///
/// Names are stored lower-cased as keys (Spark resolves them case-insensitively) and keep
/// their written form inside the definitions.
public struct Catalog: Codable, Sendable, Equatable {
    /// The version of the persisted format.
    public var formatVersion = 1
    /// Databases by lower-cased name.
    public var databases: [String: DatabaseDefinition]

    /// A catalog holding only the `default` database.
    public init() {
        databases = ["default": DatabaseDefinition(name: "default")]
    }

    /// The database named `name`, if it exists.
    public func database(_ name: String) -> DatabaseDefinition? {
        databases[name.lowercased()]
    }

    /// The table `name` in `database`, if it exists.
    public func table(_ name: String, in database: String) -> TableDefinition? {
        databases[database.lowercased()]?.tables[name.lowercased()]
    }

    /// The function `name` in `database`, if it exists.
    public func function(_ name: String, in database: String) -> FunctionDefinition? {
        databases[database.lowercased()]?.functions[name.lowercased()]
    }
}

/// A database: a namespace of tables and functions.
public struct DatabaseDefinition: Codable, Sendable, Equatable {
    /// The name as written when created.
    public var name: String
    /// Tables by lower-cased name.
    public var tables: [String: TableDefinition] = [:]
    /// Functions by lower-cased name.
    public var functions: [String: FunctionDefinition] = [:]

    /// Creates an empty database.
    public init(name: String) {
        self.name = name
    }
}

/// A table: a provider with options and, where declared, columns.
public struct TableDefinition: Codable, Sendable, Equatable {
    /// The database it belongs to.
    public var database: String
    /// The name as written when created.
    public var name: String
    /// The `USING` provider, lower-cased.
    public var provider: String
    /// `OPTIONS` in the order written.
    public var options: [TableOptionValue]
    /// The declared columns; empty when none were declared.
    public var declaredColumns: [Column]
    /// The table comment, if any.
    public var comment: String?

    /// Creates a table definition.
    public init(
        database: String, name: String, provider: String, options: [TableOptionValue], declaredColumns: [Column],
        comment: String? = nil
    ) {
        self.database = database
        self.name = name
        self.provider = provider
        self.options = options
        self.declaredColumns = declaredColumns
        self.comment = comment
    }

    /// `database.name`.
    public var qualifiedName: String { "\(database).\(name)" }

    /// The value of option `key`, compared case-insensitively as Spark's options are.
    public func option(_ key: String) -> String? {
        let lower = key.lowercased()
        return options.first { $0.key.lowercased() == lower }?.value
    }
}

/// One option of a table.
public struct TableOptionValue: Codable, Sendable, Equatable {
    /// The key as written.
    public var key: String
    /// The value.
    public var value: String

    /// Creates an option.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A user function: a name bound to an implementing class.
public struct FunctionDefinition: Codable, Sendable, Equatable {
    /// The database it belongs to.
    public var database: String
    /// The name as written when created.
    public var name: String
    /// The class named in `AS '…'`.
    public var className: String
    /// The resources of `USING JAR …` (recorded, not loaded).
    public var resources: [String]

    /// Creates a function definition.
    public init(database: String, name: String, className: String, resources: [String]) {
        self.database = database
        self.name = name
        self.className = className
        self.resources = resources
    }

    /// `database.name`; the name alone for a built-in (no database).
    public var qualifiedName: String { database.isEmpty ? name : "\(database).\(name)" }
}
