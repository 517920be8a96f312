import SluiceCore
import SluiceSQL

/// Runs statements against a catalog store and a session state, like `spark-sql`, and
/// returns what they print. Catalog changes go through `CatalogStore.update`, so a
/// statement that fails changes nothing.
public final class Session {
    /// One line a statement prints.
    public enum Output: Equatable, Sendable {
        /// A result line (stdout).
        case row(String)
        /// A warning (stderr); the statement still succeeded.
        case warning(String)
    }

    /// The session's state: current database, settings, temporary objects.
    public internal(set) var state = SessionState()
    let store: CatalogStore
    let sinkCatalog: SinkCatalog?
    let sourceCatalog: SourceCatalog?

    /// Creates a session over `store`; `sinkCatalog`, when given, lets `DESC` read sink tables' columns,
    /// and `sourceCatalog` lets it sample the keys of log-store tables.
    public init(store: CatalogStore, sinkCatalog: SinkCatalog? = nil, sourceCatalog: SourceCatalog? = nil) {
        self.sourceCatalog = sourceCatalog
        self.store = store
        self.sinkCatalog = sinkCatalog
    }

    /// Runs one statement.
    /// - Throws: `PlanError` for anything wrong with it, or the store's error.
    public func execute(_ statement: Statement) throws -> [Output] {
        switch statement.kind {
        case .createDatabase(let name, let ifNotExists): return try createDatabase(name, ifNotExists: ifNotExists)
        case .dropDatabase(let name, let ifExists, let cascade): return try dropDatabase(name, ifExists: ifExists, cascade: cascade)
        case .use(let name):
            guard try store.load().database(name.value) != nil else {
                throw PlanError(.unknownDatabase, "database '\(name.value)' not found", at: name.span)
            }
            state.currentDatabase = name.value.lowercased()
            return []
        case .createTable(let create): return try createTable(create)
        case .dropTable(let name, let ifExists): return try dropTable(name, ifExists: ifExists)
        case .describeTable(let name, let extended): return try describeTable(name, extended: extended)
        case .describeFunction(let name): return try describeFunction(name)
        case .createFunction(let create): return try createFunction(create)
        case .dropFunction(let name, let ifExists, let temporary):
            return try dropFunction(name, ifExists: ifExists, temporary: temporary)
        case .set(let key, let value): return try set(key: key, value: value, span: statement.valueSpan ?? statement.span)
        case .reset(let key):
            state.reset(key)
            return []
        case .showTables(let database, let pattern): return try showTables(database, pattern: pattern)
        case .showDatabases(let pattern):
            let names = try store.load().databases.values.map(\.name).sorted()
            return names.filter { LikePattern.matches($0, pattern) }.map { .row($0) }
        case .showFunctions(let pattern): return try showFunctions(pattern: pattern)
        case .insert, .query:
            // Queries run in the runtime (ScriptRunner hands them to QueryRunner); a session only binds them.
            throw PlanError(
                .unsupported, "a session does not run queries: run them with SluiceRuntime's ScriptRunner or QueryRunner",
                at: statement.span)
        case .explain(let inner, _):
            let text = try bind(inner)
            return (["== Logical Plan =="] + text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                .map { .row($0) }
        }
    }

    /// Binds a query or insert and returns its plan text.
    func bind(_ statement: Statement) throws -> String {
        let binder = Binder(catalog: try store.load(), session: state)
        switch statement.kind {
        case .insert(let table, let query): return Explain.text(try binder.bindInsert(table: table, query: query))
        case .query(let query):
            let plan = try binder.bindQuery(query)
            _ = try binder.outputMode(queryName: state.value(SessionState.Key.queryName), plan: plan, at: query.span)
            return Explain.text(plan)
        default:
            throw PlanError(.unsupported, "EXPLAIN takes a SELECT or an INSERT", at: statement.span)
        }
    }

    /// The database a name's qualifier names, or the current one.
    func databaseName(_ name: QualifiedName) throws -> String {
        guard name.parts.count <= 2 else {
            throw PlanError(.unknownTable, "name '\(name)' has too many parts; write name or database.name", at: name.span)
        }
        return name.parts.count == 2 ? name.parts[0].value.lowercased() : state.currentDatabase
    }

    /// Fails unless `database` exists in `catalog`.
    func requireDatabase(_ database: String, in catalog: Catalog, at span: SourceSpan) throws {
        guard catalog.database(database) != nil else {
            throw PlanError(.unknownDatabase, "database '\(database)' not found", at: span)
        }
    }
}

/// Reads the columns of database tables behind `jdbc2` tables (I/O, in SluiceConnectors).
public protocol SinkCatalog {
    /// What is known of `table`'s database table.
    /// - Throws: an error naming the database when it cannot be read.
    func columns(of table: TableDefinition) throws -> SinkColumns
}

/// Samples the keys of log-store tables for `DESC` (I/O, in SluiceConnectors).
public protocol SourceCatalog {
    /// The column names found in a sample of the recent records of `table`: log keys first, then
    /// tags as `__tag__<key>__` (or `__tag__:<key>` when the key is not `__…__`).
    /// - Throws: an error naming the store when it cannot be read.
    func sampledColumns(of table: TableDefinition) throws -> [String]
}

/// The columns of a sink's database table, as far as they can be known.
public enum SinkColumns: Sendable {
    /// The table's columns.
    case columns([Column])
    /// The database or the table does not exist yet.
    case tableMissing
    /// The database cannot be read now (unreachable, refused, no driver); the reason says why.
    case unavailable(String)
}

/// SQL `LIKE`-style patterns as `SHOW … LIKE` takes them: `*` and `%` any run, `_` one, `|` alternatives.
enum LikePattern {
    static func matches(_ name: String, _ pattern: String?) -> Bool {
        guard let pattern else { return true }
        return pattern.split(separator: "|").contains { matches(Array(name.lowercased()), Array($0.lowercased())) }
    }

    private static func matches(_ text: [Character], _ pattern: [Character]) -> Bool {
        var table = Array(repeating: Array(repeating: false, count: pattern.count + 1), count: text.count + 1)
        table[0][0] = true
        for j in stride(from: 1, through: pattern.count, by: 1) where pattern[j - 1] == "*" || pattern[j - 1] == "%" {
            table[0][j] = table[0][j - 1]
        }
        for i in stride(from: 1, through: text.count, by: 1) {
            for j in stride(from: 1, through: pattern.count, by: 1) {
                switch pattern[j - 1] {
                case "*", "%": table[i][j] = table[i - 1][j] || table[i][j - 1]
                case "_": table[i][j] = table[i - 1][j - 1]
                default: table[i][j] = table[i - 1][j - 1] && text[i - 1] == pattern[j - 1]
                }
            }
        }
        return table[text.count][pattern.count]
    }
}
