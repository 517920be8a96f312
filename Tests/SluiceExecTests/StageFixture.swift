import SluiceCore
import SluicePlan
import SluiceSQL

@testable import SluiceExec

/// Stages of queries over one streaming table, `logs (k STRING, v BIGINT)` (a log-store table,
/// so it has `__time__` too), and batches of its rows, for driving the executor and driver
/// stages without a source.
struct StageFixture {
    /// One second, in microseconds.
    static let second: Int64 = 1_000_000

    /// A resolver for queries that call no model.
    struct NoModels: FunctionResolver {
        func modelFunction(className: String, modelPath: String) throws -> ModelFunction {
            throw ExecError(.function, "no models in these tests")
        }
    }

    let context = EvaluationContext(functions: NoModels())

    /// The stages of `sql`, bound for output `mode`.
    func stages(_ sql: String, mode: OutputMode = .update) throws -> QueryStages {
        let session = Session(store: InMemoryCatalogStore())
        for statement in [
            "CREATE TABLE logs (k STRING, v BIGINT) USING loghub OPTIONS (sls.project='p', sls.store='s', "
                + "access.key.id='i', access.key.secret='k', endpoint='e')",
            "SET spark.sql.streaming.query.outputMode.q=\(mode.rawValue)", "SET streaming.query.name=q",
        ] {
            _ = try session.execute(try parse(statement))
        }
        return try StagePlanner.split(try session.bindForExecution(try parse(sql)).plan)
    }

    func parse(_ sql: String) throws -> Statement {
        try Parser.parseStatement(StatementText(span: SourceSpan(start: 0, end: sql.utf8.count), text: sql[...]))
    }

    /// A batch of `rows` in the scan's columns: each row names the columns it sets, the others are NULL.
    func batch(_ rows: [[String: Value]], for stage: ExecutorStage) -> RecordBatch {
        let attributes = stage.scan.attributes
        return RecordBatch.from(
            rows: rows.map { row in attributes.map { row[$0.name] ?? .null } }, types: attributes.map(\.type))
    }

    /// A log row: key `k`, value `v`, time `seconds` (each NULL when nil).
    static func row(_ k: String?, _ v: Int64?, at seconds: Int64? = nil) -> [String: Value] {
        [
            "k": k.map(Value.string) ?? .null, "v": v.map(Value.bigint) ?? .null,
            "__time__": seconds.map { .timestamp($0 * second) } ?? .null,
        ]
    }

    /// The window key `[start, end)`, in seconds.
    static func window(_ start: Int64, _ end: Int64) -> Value {
        .composite([.timestamp(start * second), .timestamp(end * second)])
    }
}
