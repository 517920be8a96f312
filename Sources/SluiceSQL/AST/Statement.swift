import SluiceCore

/// One parsed statement with its spot.
public struct Statement: Sendable, Equatable {
    /// What the statement is.
    public var kind: Kind
    /// Where it is written (without the `;`).
    public var span: SourceSpan
    /// Where the value of a `SET key=value` is written, for messages about the value.
    public var valueSpan: SourceSpan?

    /// Creates a statement.
    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The statements of the dialect.
    public indirect enum Kind: Sendable, Equatable {
        case createDatabase(Identifier, ifNotExists: Bool)
        case dropDatabase(Identifier, ifExists: Bool, cascade: Bool)
        case use(Identifier)
        case createTable(CreateTable)
        case dropTable(QualifiedName, ifExists: Bool)
        /// `DESC[RIBE] [EXTENDED|FORMATTED] [TABLE] name`.
        case describeTable(QualifiedName, extended: Bool)
        /// `DESC[RIBE] FUNCTION [EXTENDED] name`.
        case describeFunction(QualifiedName)
        case createFunction(CreateFunction)
        case dropFunction(QualifiedName, ifExists: Bool, temporary: Bool)
        /// `SET` alone (`key` nil), `SET key`, or `SET key=value` (value raw to the statement's end).
        case set(key: String?, value: String?)
        /// `RESET` alone or `RESET key`.
        case reset(key: String?)
        /// `SHOW TABLES [IN db] [LIKE 'pattern']`.
        case showTables(database: Identifier?, pattern: String?)
        /// `SHOW [USER|SYSTEM|ALL] FUNCTIONS [LIKE 'pattern']`.
        case showFunctions(pattern: String?)
        /// `SHOW DATABASES [LIKE 'pattern']`.
        case showDatabases(pattern: String?)
        /// `INSERT INTO [TABLE] t SELECT …`.
        case insert(table: QualifiedName, query: Query)
        /// A `SELECT`.
        case query(Query)
        /// `EXPLAIN [EXTENDED] statement`.
        case explain(Statement, extended: Bool)
    }
}

/// `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name [(columns)] USING provider [OPTIONS (…)] [COMMENT '…']`.
public struct CreateTable: Sendable, Equatable {
    /// The table's name.
    public var name: QualifiedName
    /// Whether `IF NOT EXISTS` was given.
    public var ifNotExists: Bool
    /// Whether `TEMPORARY` was given (the table then lives only for the session).
    public var temporary: Bool
    /// Declared columns; empty when none were declared.
    public var columns: [ColumnDefinition]
    /// The `USING` provider.
    public var provider: Identifier
    /// `OPTIONS`, in order as written.
    public var options: [TableOption]
    /// The `COMMENT`, if any.
    public var comment: String?

    /// Creates the statement's content.
    public init(
        name: QualifiedName, ifNotExists: Bool, temporary: Bool, columns: [ColumnDefinition], provider: Identifier,
        options: [TableOption], comment: String?
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.temporary = temporary
        self.columns = columns
        self.provider = provider
        self.options = options
        self.comment = comment
    }
}

/// A declared column: `name type [NOT NULL] [COMMENT '…']`.
public struct ColumnDefinition: Sendable, Equatable {
    /// The column's name.
    public var name: Identifier
    /// The column's type.
    public var type: TypeName
    /// Whether `NOT NULL` was given.
    public var notNull: Bool
    /// The comment, if any.
    public var comment: String?

    /// Creates a column definition.
    public init(name: Identifier, type: TypeName, notNull: Bool = false, comment: String? = nil) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.comment = comment
    }
}

/// One `key = value` of `OPTIONS`.
public struct TableOption: Sendable, Equatable {
    /// The key as written (dotted keys joined with `.`).
    public var key: String
    /// The value as text.
    public var value: String
    /// Where the key is written.
    public var keySpan: SourceSpan
    /// Where the value is written.
    public var valueSpan: SourceSpan

    /// Creates an option.
    public init(key: String, value: String, keySpan: SourceSpan, valueSpan: SourceSpan) {
        self.key = key
        self.value = value
        self.keySpan = keySpan
        self.valueSpan = valueSpan
    }
}

/// `CREATE [OR REPLACE] [TEMPORARY] FUNCTION [IF NOT EXISTS] name AS 'class' [USING JAR 'path', …]`.
public struct CreateFunction: Sendable, Equatable {
    /// The function's name.
    public var name: QualifiedName
    /// The implementing class name.
    public var className: String
    /// Where the class name is written.
    public var classSpan: SourceSpan
    /// Resource paths from `USING JAR|FILE|ARCHIVE`.
    public var resources: [String]
    /// Whether `TEMPORARY` was given.
    public var temporary: Bool
    /// Whether `OR REPLACE` was given.
    public var orReplace: Bool
    /// Whether `IF NOT EXISTS` was given.
    public var ifNotExists: Bool

    /// Creates the statement's content.
    public init(
        name: QualifiedName, className: String, classSpan: SourceSpan, resources: [String], temporary: Bool,
        orReplace: Bool, ifNotExists: Bool
    ) {
        self.name = name
        self.className = className
        self.classSpan = classSpan
        self.resources = resources
        self.temporary = temporary
        self.orReplace = orReplace
        self.ifNotExists = ifNotExists
    }
}
