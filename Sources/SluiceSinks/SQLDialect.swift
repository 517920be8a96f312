import SluiceCore

/// What differs between the databases a sink writes: quoting, placeholders, column types,
/// transaction statements and the catalog queries. Pure: it builds SQL text, nothing more.
struct SQLDialect: Sendable {
    /// Which database.
    let database: JDBCURL.Database

    /// The most parameters one statement may carry (SQLite's default limit is the lowest).
    var maxParameters: Int {
        switch database {
        case .sqlite: 32_766
        case .mysql, .postgresql: 65_535
        }
    }

    /// An identifier quoted for this database, exactly as written; `a.b` names table `b` of
    /// schema `a`.
    func quoted(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { quotedPart(String($0)) }.joined(separator: ".")
    }

    private func quotedPart(_ part: String) -> String {
        switch database {
        case .mysql: "`" + part.replacing("`", with: "``") + "`"
        case .sqlite, .postgresql: "\"" + part.replacing("\"", with: "\"\"") + "\""
        }
    }

    /// A custom statement written for MySQL, made to run here: backtick-quoted identifiers
    /// become double-quoted and, for PostgreSQL, `?` becomes `$1`, `$2`…; string literals,
    /// comments and double-quoted identifiers are left as they are.
    func translated(_ statement: String) -> String {
        guard database != .mysql else { return statement }
        var out = ""
        var parameter = 0
        var quote: Character?
        var iterator = statement.makeIterator()
        var lineComment = false
        var previous: Character?
        while let character = iterator.next() {
            defer { previous = character }
            if lineComment {
                out.append(character)
                if character == "\n" { lineComment = false }
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                    out.append(open == "`" ? "\"" : character)
                } else if open == "`" && character == "\"" {
                    out.append("\"\"")
                } else {
                    out.append(character)
                }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                out.append(character)
            case "`":
                quote = "`"
                out.append("\"")
            case "-" where previous == "-":
                lineComment = true
                out.append(character)
            case "?" where database == .postgresql:
                parameter += 1
                out.append("$\(parameter)")
            default:
                out.append(character)
            }
        }
        return out
    }

    /// The column type a query column gets in a table Sluice creates.
    func columnType(_ type: DataType) -> String {
        switch (database, type) {
        case (.sqlite, .tinyint), (.sqlite, .smallint), (.sqlite, .int), (.sqlite, .bigint), (.sqlite, .boolean): "INTEGER"
        case (.sqlite, .float), (.sqlite, .double), (.sqlite, .decimal): "REAL"
        case (.sqlite, _): "TEXT"
        case (_, .boolean): "BOOLEAN"
        case (_, .tinyint), (_, .smallint): "SMALLINT"
        case (_, .int): database == .mysql ? "INT" : "INTEGER"
        case (_, .bigint): "BIGINT"
        case (_, .float): "REAL"
        case (_, .double), (_, .decimal): database == .mysql ? "DOUBLE" : "DOUBLE PRECISION"
        case (_, .timestamp): database == .mysql ? "DATETIME(6)" : "TIMESTAMP"
        case (_, .date): "DATE"
        case (_, _): "TEXT"
        }
    }

    /// The statement creating the marker table, if it is missing.
    func createMarkerTable(_ table: String) -> String {
        let text = database == .mysql ? "VARCHAR(255)" : "TEXT"
        return "CREATE TABLE IF NOT EXISTS \(quoted(table)) (query \(text) NOT NULL, epoch BIGINT NOT NULL, "
            + "PRIMARY KEY (query, epoch))"
    }

    /// The statement creating EMR's batch log `<table>$_STREAM_LOG`, if it is missing.
    func createBatchLog(_ table: String) -> String {
        let text = database == .mysql ? "VARCHAR(32)" : "TEXT"
        return "CREATE TABLE IF NOT EXISTS \(quoted(table)) (queryId \(queryIDType), batchId BIGINT, status \(text))"
    }

    /// The statement adding the `queryId` column to a batch log EMR created.
    func addQueryIDColumn(_ table: String) -> String {
        "ALTER TABLE \(quoted(table)) ADD COLUMN queryId \(queryIDType)"
    }

    /// The type of query ids (UUIDs, or the query names of old checkpoints).
    private var queryIDType: String { database == .mysql ? "VARCHAR(255)" : "TEXT" }

    /// `n` parameter placeholders from the `first` (1-based), separated by commas.
    func placeholders(_ n: Int, from first: Int = 1) -> String {
        switch database {
        case .postgresql: (first..<first + n).map { "$\($0)" }.joined(separator: ", ")
        case .sqlite, .mysql: Array(repeating: "?", count: n).joined(separator: ", ")
        }
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)` for `rows` rows.
    func insert(into table: String, columns: [String], rows: Int) -> String {
        let tuples = (0..<rows).map { "(" + placeholders(columns.count, from: $0 * columns.count + 1) + ")" }
        return "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES "
            + tuples.joined(separator: ", ")
    }

    /// The statements that open a transaction at `isolation` (never `.none`).
    func begin(_ isolation: SinkOptions.Isolation) -> [String] {
        let level = isolation.rawValue.replacing("_", with: " ")
        switch database {
        case .sqlite:
            return (isolation == .readUncommitted ? ["PRAGMA read_uncommitted = 1"] : []) + ["BEGIN IMMEDIATE"]
        case .mysql: return ["SET TRANSACTION ISOLATION LEVEL \(level)", "START TRANSACTION"]
        case .postgresql: return ["BEGIN ISOLATION LEVEL \(level)"]
        }
    }

    /// The statement setting the connection's time zone to a fixed offset, if the database has one.
    func setTimeZone(utcOffsetSeconds: Int) -> String? {
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let minutes = abs(utcOffsetSeconds) / 60
        let offset = sign + (minutes / 60 < 10 ? "0" : "") + "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        switch database {
        case .sqlite: return nil
        case .mysql: return "SET time_zone = '\(offset)'"
        case .postgresql: return "SET TIME ZONE INTERVAL '\(offset)' HOUR TO MINUTE"
        }
    }

    /// A query for the columns (name, type) of `table` in order, with its text parameters (the
    /// schema when `table` is `schema.table`, then the table name).
    func columnsQuery(_ table: String) -> (sql: String, parameters: [SQLParameter]) {
        let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
        let name = parts.last ?? table
        switch database {
        case .sqlite:
            return ("SELECT name, type FROM pragma_table_info(?)", [.text(table)])
        case .mysql:
            let schema = parts.count == 2 ? "?" : "DATABASE()"
            return (
                "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = \(schema) "
                    + "AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                (parts.count == 2 ? [.text(parts[0])] : []) + [.text(name)]
            )
        case .postgresql:
            let schema = parts.count == 2 ? "$1" : "current_schema()"
            let nameParameter = parts.count == 2 ? "$2" : "$1"
            return (
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = \(schema) "
                    + "AND table_name = \(nameParameter) ORDER BY ordinal_position",
                (parts.count == 2 ? [.text(parts[0])] : []) + [.text(name)]
            )
        }
    }
}
