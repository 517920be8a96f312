import SluiceCore
import SluiceSQL

/// A query bound for running: its plan, where it writes, and the session settings it runs with.
public struct BoundQuery: Sendable {
    /// The query's plan.
    public var plan: LogicalPlan
    /// The sink table of an `INSERT`; `nil` for a `SELECT`, which prints.
    public var sink: TableDefinition?
    /// The query's name: `SET streaming.query.name`, else a name derived from the sink or `select`.
    public var name: String
    /// Its output mode.
    public var outputMode: OutputMode
    /// Its checkpoint directory, if set.
    public var checkpointLocation: String?
    /// The sink statement from `SET streaming.query.<name>.sql`, if set.
    public var sinkStatement: String?
    /// The trigger text from `SET spark.sql.streaming.query.trigger.<name>`, if set.
    public var trigger: String?
    /// The text that identifies the query for its checkpoint.
    public var fingerprint: String
    /// Every `SET` value of the session.
    public var settings: [String: String]
}

extension Session {
    /// Binds an `INSERT` or `SELECT` for running.
    /// - Throws: `PlanError` as `EXPLAIN` would.
    public func bindForExecution(_ statement: Statement) throws -> BoundQuery {
        let binder = Binder(catalog: try store.load(), session: state)
        let name = state.value(SessionState.Key.queryName)
        switch statement.kind {
        case .insert(let table, let query):
            let insert = try binder.bindInsert(table: table, query: query)
            return BoundQuery(
                plan: insert.query, sink: insert.table, name: name ?? "insert_\(insert.table.name.lowercased())",
                outputMode: insert.outputMode, checkpointLocation: insert.checkpointLocation,
                sinkStatement: insert.sinkStatement, trigger: name.flatMap { state.value(SessionState.Key.trigger($0)) },
                fingerprint: "mode \(insert.outputMode.rawValue)\n" + Explain.text(insert.query), settings: state.conf)
        case .query(let query):
            let plan = try binder.bindQuery(query)
            let mode = try binder.outputMode(queryName: name, plan: plan, at: query.span)
            return BoundQuery(
                plan: plan, sink: nil, name: name ?? "select", outputMode: mode,
                checkpointLocation: name.flatMap { state.value(SessionState.Key.checkpointLocation($0)) },
                sinkStatement: nil, trigger: name.flatMap { state.value(SessionState.Key.trigger($0)) },
                fingerprint: "mode \(mode.rawValue)\n" + Explain.text(plan), settings: state.conf)
        default:
            throw PlanError(.unsupported, "only INSERT and SELECT run as queries", at: statement.span)
        }
    }
}
