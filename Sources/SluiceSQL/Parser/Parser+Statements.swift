import SluiceCore

extension Parser {
    /// statement := create | drop | use | desc | show | insert | explain | query
    mutating func statement() throws(SQLError) -> Statement {
        let start = current.span
        let token = current
        guard token.kind == .word || token.isSymbol("(") else {
            throw unexpected(expected: "a statement")
        }
        let kind: Statement.Kind
        switch token.text.uppercased() {
        case "CREATE": kind = try create()
        case "DROP": kind = try drop()
        case "USE":
            advance()
            kind = .use(try identifier(what: "a database name"))
        case "DESC", "DESCRIBE": kind = try describe()
        case "SHOW": kind = try show()
        case "INSERT": kind = try insert()
        case "EXPLAIN": kind = try explain()
        case "SELECT", "(": kind = .query(try query())
        case "WITH", "VALUES", "FROM", "TABLE":
            throw SQLError(.unsupported, "'\(token.text)' queries are not supported; start the query with SELECT",
                           at: token.span)
        default:
            throw SQLError(.syntax, "expected a statement, found \(token.display)", at: token.span)
        }
        return Statement(kind, span: span(from: start))
    }

    private mutating func ifNotExists() throws(SQLError) -> Bool {
        guard accept("IF") else { return false }
        try expect("NOT")
        try expect("EXISTS")
        return true
    }

    private mutating func ifExists() throws(SQLError) -> Bool {
        guard accept("IF") else { return false }
        try expect("EXISTS")
        return true
    }

    private mutating func create() throws(SQLError) -> Statement.Kind {
        try expect("CREATE")
        var orReplace = false
        if accept("OR") {
            try expect("REPLACE")
            orReplace = true
        }
        let temporary = accept("TEMPORARY") || accept("TEMP")
        if accept("DATABASE") || accept("SCHEMA") {
            let exists = try ifNotExists()
            return .createDatabase(try identifier(what: "a database name"), ifNotExists: exists)
        }
        if accept("TABLE") { return .createTable(try createTable(temporary: temporary)) }
        if accept("FUNCTION") {
            return .createFunction(try createFunction(temporary: temporary, orReplace: orReplace))
        }
        if current.isWord("VIEW") || current.isWord("EXTERNAL") {
            throw SQLError(.unsupported, "CREATE \(current.text.uppercased()) is not supported", at: current.span)
        }
        throw unexpected(expected: "DATABASE, TABLE or FUNCTION")
    }

    private mutating func createTable(temporary: Bool) throws(SQLError) -> CreateTable {
        let exists = try ifNotExists()
        let name = try qualifiedName(what: "a table name")
        var columns: [ColumnDefinition] = []
        if acceptSymbol("(") {
            repeat {
                columns.append(try columnDefinition())
                if columns.count > Limits.columnsMax {
                    throw SQLError(.limit, "more than \(Limits.columnsMax) columns", at: current.span)
                }
            } while acceptSymbol(",")
            try expectSymbol(")")
        }
        if current.isWord("AS") {
            throw SQLError(.unsupported, "CREATE TABLE … AS SELECT is not supported; create the table, then INSERT",
                           at: current.span)
        }
        try expect("USING")
        let provider = try identifier(what: "a data source provider")
        var options: [TableOption] = []
        var comment: String?
        while current.kind != .end {
            if accept("OPTIONS") {
                options += try tableOptions()
            } else if accept("COMMENT") {
                comment = try stringLiteral().text
            } else if accept("TBLPROPERTIES") {
                _ = try tableOptions()
            } else {
                throw unexpected(expected: "OPTIONS, COMMENT or end of statement")
            }
        }
        return CreateTable(
            name: name, ifNotExists: exists, temporary: temporary, columns: columns, provider: provider,
            options: options, comment: comment)
    }

    private mutating func columnDefinition() throws(SQLError) -> ColumnDefinition {
        let name = try identifier(what: "a column name")
        let type = try typeName()
        var notNull = false
        var comment: String?
        while true {
            if accept("NOT") {
                try expect("NULL")
                notNull = true
            } else if accept("COMMENT") {
                comment = try stringLiteral().text
            } else {
                break
            }
        }
        return ColumnDefinition(name: name, type: type, notNull: notNull, comment: comment)
    }

    /// `( key [=] value, … )`; keys are dotted words or strings, values literals or words.
    private mutating func tableOptions() throws(SQLError) -> [TableOption] {
        try expectSymbol("(")
        var options: [TableOption] = []
        if acceptSymbol(")") { return options }
        repeat {
            let keyStart = current.span
            var key: String
            if current.kind == .string {
                key = advance().text
            } else {
                key = try identifier(what: "an option key").value
                while acceptSymbol(".") { key += "." + (try identifier(what: "an option key").value) }
            }
            let keySpan = span(from: keyStart)
            _ = acceptSymbol("=")
            let valueToken = current
            let value: String
            switch valueToken.kind {
            case .string, .integer, .decimal, .word:
                value = advance().text
            case .symbol where valueToken.text == "-" && (peek().kind == .integer || peek().kind == .decimal):
                advance()
                value = "-" + advance().text
            default:
                throw unexpected(expected: "an option value")
            }
            options.append(TableOption(key: key, value: value, keySpan: keySpan, valueSpan: span(from: valueToken.span)))
        } while acceptSymbol(",")
        try expectSymbol(")")
        return options
    }

    private mutating func createFunction(temporary: Bool, orReplace: Bool) throws(SQLError) -> CreateFunction {
        let exists = try ifNotExists()
        let name = try qualifiedName(what: "a function name")
        try expect("AS")
        let classToken = try stringLiteral(what: "the implementing class name as a string")
        var resources: [String] = []
        if accept("USING") {
            repeat {
                guard accept("JAR") || accept("FILE") || accept("ARCHIVE") else {
                    throw unexpected(expected: "JAR, FILE or ARCHIVE")
                }
                resources.append(try stringLiteral(what: "a resource path").text)
            } while acceptSymbol(",")
        }
        return CreateFunction(
            name: name, className: classToken.text, classSpan: classToken.span, resources: resources,
            temporary: temporary, orReplace: orReplace, ifNotExists: exists)
    }

    private mutating func drop() throws(SQLError) -> Statement.Kind {
        try expect("DROP")
        let temporary = accept("TEMPORARY") || accept("TEMP")
        if accept("TABLE") {
            let exists = try ifExists()
            return .dropTable(try qualifiedName(what: "a table name"), ifExists: exists)
        }
        if accept("FUNCTION") {
            let exists = try ifExists()
            return .dropFunction(try qualifiedName(what: "a function name"), ifExists: exists, temporary: temporary)
        }
        if accept("DATABASE") || accept("SCHEMA") {
            let exists = try ifExists()
            let name = try identifier(what: "a database name")
            let cascade = accept("CASCADE")
            if !cascade { _ = accept("RESTRICT") }
            return .dropDatabase(name, ifExists: exists, cascade: cascade)
        }
        throw unexpected(expected: "TABLE, FUNCTION or DATABASE")
    }

    private mutating func describe() throws(SQLError) -> Statement.Kind {
        advance()
        if accept("FUNCTION") {
            _ = accept("EXTENDED")
            return .describeFunction(try qualifiedName(what: "a function name"))
        }
        if current.isWord("DATABASE") || current.isWord("SCHEMA") || current.isWord("QUERY") {
            throw SQLError(.unsupported, "DESCRIBE \(current.text.uppercased()) is not supported", at: current.span)
        }
        if current.isWord("TABLE"), peek().kind == .word || peek().kind == .quotedIdentifier { advance() }
        let extended = accept("EXTENDED") || accept("FORMATTED")
        if !extended, current.isWord("TABLE"), peek().kind == .word || peek().kind == .quotedIdentifier { advance() }
        return .describeTable(try qualifiedName(what: "a table name"), extended: extended)
    }

    private mutating func show() throws(SQLError) -> Statement.Kind {
        try expect("SHOW")
        if accept("TABLES") {
            var database: Identifier?
            if accept("IN") || accept("FROM") { database = try identifier(what: "a database name") }
            return .showTables(database: database, pattern: try likePattern())
        }
        if accept("DATABASES") || accept("SCHEMAS") { return .showDatabases(pattern: try likePattern()) }
        _ = accept("USER") || accept("SYSTEM") || accept("ALL")
        if accept("FUNCTIONS") { return .showFunctions(pattern: try likePattern()) }
        throw unexpected(expected: "TABLES, DATABASES or FUNCTIONS")
    }

    private mutating func likePattern() throws(SQLError) -> String? {
        if accept("LIKE") { return try stringLiteral(what: "a pattern string").text }
        if current.kind == .string { return advance().text }
        return nil
    }

    private mutating func insert() throws(SQLError) -> Statement.Kind {
        try expect("INSERT")
        if current.isWord("OVERWRITE") {
            throw SQLError(.unsupported, "INSERT OVERWRITE is not supported by streaming sinks; use INSERT INTO",
                           at: current.span)
        }
        try expect("INTO")
        _ = accept("TABLE")
        let table = try qualifiedName(what: "a table name")
        if current.isSymbol("(") && !peek().isWord("SELECT") {
            throw SQLError(.unsupported, "a column list after INSERT INTO is not supported; the query's columns bind by position",
                           at: current.span)
        }
        guard current.isWord("SELECT") || current.isSymbol("(") else {
            if current.isWord("VALUES") {
                throw SQLError(.unsupported, "INSERT … VALUES is not supported; use INSERT … SELECT", at: current.span)
            }
            throw unexpected(expected: "SELECT")
        }
        return .insert(table: table, query: try query())
    }

    private mutating func explain() throws(SQLError) -> Statement.Kind {
        try expect("EXPLAIN")
        let extended = accept("EXTENDED") || accept("FORMATTED") || accept("CODEGEN") || accept("COST")
        guard current.isWord("SELECT") || current.isWord("INSERT") || current.isSymbol("(") else {
            throw unexpected(expected: "SELECT or INSERT after EXPLAIN")
        }
        return .explain(try statement(), extended: extended)
    }
}
