import SluiceCore
import SluicePlan
import SluiceSQL
import Testing

/// The planner's rules for a query whose source is open: the output mode, the checkpoint, and
/// what a stream needs that a bounded source does not. `events` is a JSON table, which is a stream
/// when its path is a directory, so the same plan is checked both ways.
@Suite struct RunSettingsTests {
    let span = SourceSpan(start: 0, end: 6)

    func bind(_ sql: String, settings: [String] = []) throws -> (BoundQuery, QueryStages) {
        let session = Session(store: InMemoryCatalogStore())
        for statement in [
            "CREATE TABLE events (ts timestamp, v double, name string) USING json OPTIONS (path='/x')",
            "CREATE TABLE rds (name string, n bigint) USING jdbc2 OPTIONS (url='jdbc:sqlite:/x.db', dbtable='t')",
            "CREATE TABLE out USING console",
            "SET streaming.query.name=q",
        ] + settings {
            _ = try session.execute(try parse(statement))
        }
        let bound = try session.bindForExecution(try parse(sql))
        return (bound, try StagePlanner.split(bound.plan))
    }

    func parse(_ sql: String) throws -> Statement {
        try Parser.parseStatement(StatementText(span: SourceSpan(start: 0, end: sql.utf8.count), text: sql[...]))
    }

    func settings(_ sql: String, streaming: Bool, _ settings: [String] = []) throws -> RunSettings {
        let (bound, stages) = try bind(sql, settings: settings)
        return try StagePlanner.runSettings(bound, stages: stages, sourceIsStreaming: streaming, at: span)
    }

    let count = "SELECT name, count(*) FROM events GROUP BY name"
    let windowed = "SELECT window.start, count(*) FROM events WHERE delay(ts) < '5 seconds' GROUP BY window(ts, '10 seconds')"

    @Test func aBoundedSourceIsABatchQueryInCompleteModeWithoutACheckpoint() throws {
        let run = try settings(count, streaming: false, ["SET spark.sql.streaming.checkpointLocation.q=/tmp/c"])
        #expect(run == RunSettings(mode: .complete, checkpointLocation: nil, stateIsUnbounded: false))
    }

    @Test func appendOverAStreamingAggregationNeedsAWatermark() throws {
        let (bound, stages) = try bind(count)
        #expect(bound.outputMode == .append)
        #expect(
            throws: PlanError(
                .unsupported,
                "append output mode needs a watermark for a streaming aggregation: add WHERE delay(time) < '…' or use update mode",
                at: span)
        ) {
            try StagePlanner.runSettings(bound, stages: stages, sourceIsStreaming: true, at: span)
        }
    }

    @Test func updateWithoutAWatermarkRunsWithUnboundedState() throws {
        let run = try settings(count, streaming: true, ["SET spark.sql.streaming.query.outputMode.q=update"])
        #expect(run == RunSettings(mode: .update, checkpointLocation: nil, stateIsUnbounded: true))
    }

    @Test func aWatermarkBoundsTheStateOfAnAppendQuery() throws {
        let run = try settings(windowed, streaming: true, ["SET spark.sql.streaming.checkpointLocation.q=/tmp/c"])
        #expect(run == RunSettings(mode: .append, checkpointLocation: "/tmp/c", stateIsUnbounded: false))
    }

    @Test func aStreamIntoADatabaseNeedsACheckpoint() throws {
        let insert = "INSERT INTO rds SELECT name, count(*) FROM events GROUP BY name"
        let update = "SET spark.sql.streaming.query.outputMode.q=update"
        let (bound, stages) = try bind(insert, settings: [update])
        #expect(
            throws: PlanError(
                .missingOption,
                "query 'q' writes to a database but has no checkpoint: SET spark.sql.streaming.checkpointLocation.q=<directory>",
                at: span)
        ) {
            try StagePlanner.runSettings(bound, stages: stages, sourceIsStreaming: true, at: span)
        }
        let checkpointed = try settings(insert, streaming: true, [update, "SET spark.sql.streaming.checkpointLocation.q=/tmp/c"])
        #expect(checkpointed.checkpointLocation == "/tmp/c")
        #expect(try settings(insert, streaming: false, [update]).checkpointLocation == nil, "a batch into a database")
    }

    @Test func aStreamIntoTheConsoleNeedsNoCheckpoint() throws {
        let run = try settings("INSERT INTO out SELECT name FROM events", streaming: true)
        #expect(run == RunSettings(mode: .append, checkpointLocation: nil, stateIsUnbounded: false))
    }

    @Test func shapesTheStagesCannotRunAreUnsupportedWithoutAPosition() throws {
        // The binder refuses these in SQL; the planner refuses them in any plan.
        let (bound, _) = try bind("SELECT name FROM events")
        guard case .project(let items, let scan) = bound.plan else {
            Issue.record("a projection over the scan: \(bound.plan)")
            return
        }
        #expect(throws: PlanError(.unsupported, "LIMIT must be the last clause of the query", at: nil)) {
            try StagePlanner.split(.project(items, .limit(1, scan)))
        }
    }
}
