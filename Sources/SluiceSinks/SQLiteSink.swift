import SluiceCore

/// The SQLite sink: a file database, written epoch by epoch.
final class SQLiteSink: JDBCSink {
    private let connection: SQLiteConnection
    private let options: SinkOptions

    /// The marker table: one row per committed (query, epoch).
    static let markerTable = "_sluice_epochs"

    init(options: SinkOptions) throws {
        self.options = options
        connection = try SQLiteConnection(path: options.url.location)
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS \(SQLiteSink.markerTable) (query TEXT NOT NULL, epoch INTEGER NOT NULL, "
                + "PRIMARY KEY (query, epoch))")
    }

    func columns(of table: String) throws -> [SinkColumn]? {
        try connection.tableColumns(table)
    }

    func write(query: String, epoch: Int, rows: [[Value]], schema: [Column], mode: SinkWrite) throws -> Bool {
        let transactional = options.isolation != .none
        if transactional {
            if options.isolation == .readUncommitted { try connection.execute("PRAGMA read_uncommitted = 1") }
            try connection.execute("BEGIN IMMEDIATE")
        }
        do {
            let written = try writeInside(query: query, epoch: epoch, rows: rows, schema: schema, mode: mode)
            if transactional { try connection.execute(written ? "COMMIT" : "ROLLBACK") }
            return written
        } catch {
            if transactional { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    private func writeInside(query: String, epoch: Int, rows: [[Value]], schema: [Column], mode: SinkWrite) throws -> Bool {
        if mode.marked {
            let marker = try connection.query(
                "SELECT 1 FROM \(SQLiteSink.markerTable) WHERE query = ? AND epoch = ?", [.text(query), .integer(Int64(epoch))])
            if !marker.isEmpty { return false }
        }
        let statement = try insertStatement(schema: schema)
        if mode.replacesAll { try connection.execute("DELETE FROM \(quoted(options.table))") }
        var parameters = [SQLiteValue](repeating: .null, count: schema.count)
        let batchID = options.batchIdColumn.map { _ in SQLiteValue.integer(Int64(epoch)) }
        if let batchIDColumn = options.batchIdColumn {
            try beginEMRBatch(epoch: epoch, column: batchIDColumn)
        }
        for row in rows {
            for index in schema.indices { parameters[index] = bindable(row[index], type: schema[index].type) }
            try statement.bind(batchID.map { parameters + [$0] } ?? parameters)
            _ = try statement.step()
        }
        if options.batchIdColumn != nil {
            _ = try connection.query(
                "UPDATE \(quoted(options.table + "$_STREAM_LOG")) SET status = 'COMMITTED' WHERE batchId = ?",
                [.integer(Int64(epoch))])
        }
        if mode.marked {
            _ = try connection.query(
                "INSERT INTO \(SQLiteSink.markerTable) (query, epoch) VALUES (?, ?)", [.text(query), .integer(Int64(epoch))])
        }
        return true
    }

    /// EMR's batch log: skip nothing here (the marker does), but clear rows of an uncommitted try.
    private func beginEMRBatch(epoch: Int, column: String) throws {
        let log = quoted(options.table + "$_STREAM_LOG")
        try connection.execute("CREATE TABLE IF NOT EXISTS \(log) (batchId INTEGER, status TEXT)")
        let status = try connection.query("SELECT status FROM \(log) WHERE batchId = ?", [.integer(Int64(epoch))])
        if !status.isEmpty {
            _ = try connection.query(
                "DELETE FROM \(quoted(options.table)) WHERE \(quoted(column)) = ?", [.integer(Int64(epoch))])
            _ = try connection.query("DELETE FROM \(log) WHERE batchId = ?", [.integer(Int64(epoch))])
        }
        _ = try connection.query("INSERT INTO \(log) (batchId, status) VALUES (?, 'UNCOMMITTED')", [.integer(Int64(epoch))])
    }

    private func insertStatement(schema: [Column]) throws -> SQLiteStatement {
        let expected = schema.count + (options.batchIdColumn == nil ? 0 : 1)
        if let custom = options.statement {
            guard try columns(of: options.table) != nil || !mentions(custom, options.table) else {
                throw SinkError(.schema, "table '\(options.table)' of the sink statement does not exist in \(options.url.location)")
            }
            let statement = try connection.prepare(custom.replacing("`", with: "\""))
            guard statement.parameterCount == expected else {
                throw SinkError(
                    .schema, "the sink statement has \(statement.parameterCount) parameters but the query gives \(expected) values")
            }
            return statement
        }
        var existing = try columns(of: options.table)
        if existing == nil {
            var definitions = schema.map { "\(quoted($0.name)) \(SQLiteSink.sqlType($0.type))" }
            if let batchIDColumn = options.batchIdColumn { definitions.append("\(quoted(batchIDColumn)) INTEGER") }
            try connection.execute("CREATE TABLE \(quoted(options.table)) (\(definitions.joined(separator: ", ")))")
            existing = try columns(of: options.table)
        }
        let names = (existing ?? []).map(\.name)
        guard names.count == expected else {
            throw SinkError(
                .schema,
                "table '\(options.table)' has \(names.count) columns (\(names.joined(separator: ", "))) but the query gives \(expected) values")
        }
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try connection.prepare(
            "INSERT INTO \(quoted(options.table)) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(placeholders))")
    }

    private func mentions(_ statement: String, _ table: String) -> Bool {
        statement.lowercased().contains(table.lowercased())
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// The SQLite column type for a query column.
    static func sqlType(_ type: DataType) -> String {
        switch type {
        case .tinyint, .smallint, .int, .bigint, .boolean: return "INTEGER"
        case .float, .double, .decimal: return "REAL"
        default: return "TEXT"
        }
    }

    private func bindable(_ value: Value, type: DataType) -> SQLiteValue {
        switch value {
        case .null: return .null
        case .boolean(let b): return .integer(b ? 1 : 0)
        case .int(let i): return .integer(Int64(i))
        case .bigint(let i): return .integer(i)
        case .double(let d): return .real(d)
        case .string(let s): return .text(s)
        case .timestamp(let micros): return .text(CivilTime.format(timestamp: micros, utcOffsetSeconds: options.utcOffsetSeconds))
        case .date(let days): return .text(CivilTime.format(date: Int(days)))
        default: return .text(value.sqlText)
        }
    }
}
