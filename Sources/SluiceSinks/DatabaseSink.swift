import Foundation
import SluiceCore

/// The sink over any database (`jdbc2`): each epoch's rows and its marker row in one
/// transaction (exactly once; without a transaction, at least once), reconnecting with backoff
/// when the database goes away and retrying the whole epoch, which the marker makes safe. A
/// query's sink itself (`QuerySink`): the runtime hands it the rows, with the columns and the
/// write mode bound when it was opened (`JDBCSinks.open`).
public final class DatabaseSink: QuerySink {
    private let options: SinkOptions
    /// The columns of the rows written.
    let schema: [Column]
    /// How an epoch's rows meet what the table holds.
    let mode: SinkWrite
    private let dialect: SQLDialect
    private let connect: () throws -> DatabaseConnection
    private let log: (String) -> Void
    private var connection: DatabaseConnection?
    /// Prepared statements of the current connection, by SQL text.
    private var statements: [String: PreparedStatement] = [:]
    /// Whether EMR's batch log exists with its `queryId` column (checked once per sink).
    private var batchLogReady = false

    /// The marker table: one row per committed (query, epoch).
    static let markerTable = "_sluice_epochs"

    /// Connects once, failing at once when the database cannot be reached or refuses.
    init(
        options: SinkOptions, schema: [Column], mode: SinkWrite, log: @escaping (String) -> Void,
        connect: @escaping () throws -> DatabaseConnection
    ) throws {
        self.options = options
        self.schema = schema
        self.mode = mode
        dialect = SQLDialect(database: options.url.database)
        self.connect = connect
        self.log = log
        connection = try open()
    }

    private func open() throws -> DatabaseConnection {
        statements = [:]
        let connection = try connect()
        if let zone = dialect.setTimeZone(utcOffsetSeconds: options.utcOffsetSeconds) { try connection.execute(zone) }
        try connection.execute(dialect.createMarkerTable(DatabaseSink.markerTable))
        return connection
    }

    /// Writes `rows` as epoch `epoch` of the query whose checkpoint has id `queryID`, with the
    /// epoch's marker in the same transaction when the mode is marked.
    /// - Returns: `false` when the epoch was already committed and nothing was written.
    /// - Throws: `SinkError` naming the table, or the epoch when the database stayed away past
    ///   `commitRetryTimeoutMs`.
    public func write(queryID: String, epoch: Int, rows: [[Value]]) throws -> Bool {
        try withReconnection("writing epoch \(epoch) to table '\(options.table)'") { connection in
            try write(connection, queryID: queryID, epoch: epoch, rows: rows, schema: schema, mode: mode)
        }
    }

    /// Whether epochs are written with their marker (a streaming query's).
    public var keepsMarkers: Bool { mode.marked }

    /// The largest epoch committed under `queryID` (its marker row); nil when none, or when
    /// the sink writes no markers.
    public func lastCommittedEpoch(queryID: String) throws -> Int? {
        guard mode.marked else { return nil }
        return try withReconnection("reading the epochs committed to table '\(options.table)'") { connection in
            let marker = dialect.quoted(DatabaseSink.markerTable)
            let rows = try run(connection, "SELECT MAX(epoch) FROM \(marker) WHERE query = ?", [.text(queryID)])
            return rows.first?.first.flatMap { $0 }.flatMap { Int($0) }
        }
    }

    /// Checks that rows of the schema can be written: the table exists (or is created) and fits
    /// them, and a custom statement names a table that exists.
    /// - Throws: `SinkError` naming the table when it cannot take the rows.
    public func check() throws {
        try withReconnection("checking table '\(options.table)'") { connection in
            do {
                _ = try insertPlan(connection, schema: schema, tableColumns: try createTables(connection, schema: schema))
            } catch let error as SinkError where error.kind == .database {
                throw SinkError(.database, "table '\(options.table)': \(error.message)")
            }
        }
    }

    /// Runs `body` on a working connection; when the connection is lost, reconnects with
    /// backoff and runs it again, until `commitRetryTimeoutMs` has passed.
    private func withReconnection<T>(_ what: String, _ body: (DatabaseConnection) throws -> T) throws -> T {
        let policy = ReconnectPolicy(timeoutMilliseconds: options.commitRetryTimeoutMilliseconds)
        let start = ContinuousClock.now
        var attempt = 0
        while true {
            do {
                let current = try connection ?? open()
                connection = current
                return try body(current)
            } catch let error as SinkError where error.kind == .connection {
                connection = nil
                statements = [:]
                attempt += 1
                let elapsedMilliseconds = Int(start.duration(to: .now).seconds * 1_000)
                guard let pause = policy.delay(beforeRetry: attempt, elapsedMilliseconds: elapsedMilliseconds) else {
                    throw SinkError(
                        .connection,
                        "\(what): \(error.message); still failing after \(options.commitRetryTimeoutMilliseconds) ms of "
                            + "reconnecting (commitRetryTimeoutMs). The epoch was not committed and the checkpoint is "
                            + "intact: run the query again to continue")
                }
                log("sink: \(what): \(error.message); trying again in \(pause) ms")
                Thread.sleep(forTimeInterval: Double(pause) / 1_000)
            }
        }
    }

    private func write(
        _ connection: DatabaseConnection, queryID: String, epoch: Int, rows: [[Value]], schema: [Column], mode: SinkWrite
    ) throws -> Bool {
        let tableColumns = try createTables(connection, schema: schema)
        let transactional = options.isolation != .none
        if transactional { try connection.begin(options.isolation) }
        do {
            let written = try writeInside(
                connection, queryID: queryID, epoch: epoch, rows: rows, schema: schema, tableColumns: tableColumns, mode: mode)
            if transactional {
                if written { try connection.commit() } else { connection.rollback() }
            }
            return written
        } catch let error as SinkError {
            if transactional { connection.rollback() }
            guard error.kind == .database else { throw error }
            throw SinkError(.database, "table '\(options.table)': \(error.message)")
        } catch {
            if transactional { connection.rollback() }
            throw error
        }
    }

    private func statement(_ connection: DatabaseConnection, _ sql: String) throws -> PreparedStatement {
        if let cached = statements[sql] { return cached }
        let prepared = try connection.prepare(sql)
        statements[sql] = prepared
        return prepared
    }

    /// Runs one of Sluice's own statements, written with `?` placeholders.
    private func run(_ connection: DatabaseConnection, _ sql: String, _ parameters: [SQLParameter]) throws -> [[String?]] {
        try connection.query(dialect.translated(sql), parameters)
    }

    private func writeInside(
        _ connection: DatabaseConnection, queryID: String, epoch: Int, rows: [[Value]], schema: [Column],
        tableColumns: [SinkColumn]?, mode: SinkWrite
    ) throws -> Bool {
        // The table and the statement are checked before the marker, so a missing table fails a
        // replayed epoch as it fails a new one.
        let insert = try insertPlan(connection, schema: schema, tableColumns: tableColumns)
        let marker = dialect.quoted(DatabaseSink.markerTable)
        let key: [SQLParameter] = [.text(queryID), .integer(Int64(epoch))]
        if mode.marked, try !run(connection, "SELECT 1 FROM \(marker) WHERE query = ? AND epoch = ?", key).isEmpty {
            return false
        }
        if mode.replacesAll { try connection.execute("DELETE FROM \(dialect.quoted(options.table))") }
        let batchID = options.batchIdColumn.map { _ in SQLParameter.integer(Int64(epoch)) }
        if let batchIDColumn = options.batchIdColumn {
            try beginEMRBatch(connection, queryID: queryID, epoch: epoch, column: batchIDColumn)
        }
        let values = rows.map { row in
            schema.indices.map { bindable(row[$0]) } + (batchID.map { [$0] } ?? [])
        }
        switch insert {
        case .custom(let statement):
            for parameters in values { try statement.run(parameters) }
        case .generated(let columns):
            let perStatement = max(1, min(options.batchSize, dialect.maxParameters / max(columns.count, 1)))
            var start = 0
            while start < values.count {
                let end = min(start + perStatement, values.count)
                let sql = dialect.insert(into: options.table, columns: columns, rows: end - start)
                try statement(connection, sql).run(Array(values[start..<end].joined()))
                start = end
            }
        }
        if options.batchIdColumn != nil {
            _ = try run(
                connection,
                "UPDATE \(dialect.quoted(batchLogTable)) SET status = 'COMMITTED' WHERE queryId = ? AND batchId = ?",
                [.text(queryID), .integer(Int64(epoch))])
        }
        if mode.marked {
            _ = try run(connection, "INSERT INTO \(marker) (query, epoch) VALUES (?, ?)", key)
        }
        return true
    }

    /// EMR's batch log, keyed by (query id, batch id) so that a new checkpoint never touches an
    /// earlier run's rows: skip nothing here (the marker does), but clear the rows an earlier,
    /// uncommitted try of this query's batch left (only possible without a transaction).
    private func beginEMRBatch(_ connection: DatabaseConnection, queryID: String, epoch: Int, column: String) throws {
        let batchLog = dialect.quoted(batchLogTable)
        let key: [SQLParameter] = [.text(queryID), .integer(Int64(epoch))]
        if try !run(connection, "SELECT status FROM \(batchLog) WHERE queryId = ? AND batchId = ?", key).isEmpty {
            let shared = try run(
                connection, "SELECT 1 FROM \(batchLog) WHERE batchId = ? AND (queryId IS NULL OR queryId <> ?)",
                [.integer(Int64(epoch)), .text(queryID)])
            if shared.isEmpty {
                _ = try run(
                    connection, "DELETE FROM \(dialect.quoted(options.table)) WHERE \(dialect.quoted(column)) = ?",
                    [.integer(Int64(epoch))])
            } else {
                log(
                    "sink: rows an earlier try of batch \(epoch) left in table '\(options.table)' cannot be told apart from "
                        + "another run's rows of the same batch id, so they stay (isolationLevel NONE is at-least-once)")
            }
            _ = try run(connection, "DELETE FROM \(batchLog) WHERE queryId = ? AND batchId = ?", key)
        }
        _ = try run(connection, "INSERT INTO \(batchLog) (queryId, batchId, status) VALUES (?, ?, 'UNCOMMITTED')", key)
    }

    /// EMR's batch log table of the sink table.
    private var batchLogTable: String { options.table + "$_STREAM_LOG" }

    /// Creates EMR's batch log if missing; a log created by EMR itself (batch id and status only)
    /// gets a `queryId` column, its existing rows (NULL there) counting as another run's.
    private func ensureBatchLog(_ connection: DatabaseConnection) throws {
        guard !batchLogReady else { return }
        try connection.execute(dialect.createBatchLog(batchLogTable))
        let columns = try connection.tableColumns(batchLogTable, dialect: dialect) ?? []
        if !columns.contains(where: { $0.name.lowercased() == "queryid" }) {
            try connection.execute(dialect.addQueryIDColumn(batchLogTable))
            log("sink: added column queryId to EMR's batch log '\(batchLogTable)'; its earlier rows count as another run's")
        }
        batchLogReady = true
    }

    /// Creates the sink table from the query's columns when it is missing and no custom
    /// statement is set, and EMR's batch log. Outside the epoch's transaction: MySQL and MariaDB
    /// commit an open transaction at every `CREATE TABLE`.
    /// - Returns: The sink table's columns (nil with a custom statement, which reads them itself).
    private func createTables(_ connection: DatabaseConnection, schema: [Column]) throws -> [SinkColumn]? {
        if options.batchIdColumn != nil { try ensureBatchLog(connection) }
        guard options.statement == nil else { return nil }
        if let columns = try connection.tableColumns(options.table, dialect: dialect) { return columns }
        var definitions = schema.map { "\(dialect.quoted($0.name)) \(dialect.columnType($0.type))" }
        if let batchIDColumn = options.batchIdColumn { definitions.append("\(dialect.quoted(batchIDColumn)) BIGINT") }
        try connection.execute("CREATE TABLE \(dialect.quoted(options.table)) (\(definitions.joined(separator: ", ")))")
        return try connection.tableColumns(options.table, dialect: dialect)
    }

    /// How an epoch's rows are inserted.
    private enum InsertPlan {
        /// The custom statement, run once per row.
        case custom(PreparedStatement)
        /// Sluice's `INSERT` into these columns, many rows per statement.
        case generated([String])
    }

    private func insertPlan(_ connection: DatabaseConnection, schema: [Column], tableColumns: [SinkColumn]?) throws -> InsertPlan {
        let expected = schema.count + (options.batchIdColumn == nil ? 0 : 1)
        if let custom = options.statement {
            guard try connection.tableColumns(options.table, dialect: dialect) != nil
                || !custom.lowercased().contains(options.table.lowercased())
            else {
                throw SinkError(.schema, "table '\(options.table)' of the sink statement does not exist in \(options.place)")
            }
            let prepared = try statement(connection, dialect.translated(custom))
            guard prepared.parameterCount == expected else {
                throw SinkError(
                    .schema,
                    "the sink statement for table '\(options.table)' has \(prepared.parameterCount) parameters but the "
                        + "query gives \(expected) values")
            }
            return .custom(prepared)
        }
        let names = (tableColumns ?? []).map(\.name)
        guard names.count == expected else {
            throw SinkError(
                .schema,
                "table '\(options.table)' has \(names.count) columns (\(names.joined(separator: ", "))) but the query gives "
                    + "\(expected) values")
        }
        return .generated(names)
    }

    private func bindable(_ value: Value) -> SQLParameter {
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
