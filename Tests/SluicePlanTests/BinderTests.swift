import SluiceCore
import SluiceSQL
import Testing

@testable import SluicePlan

@Suite struct BinderTests {
    func session() throws -> Session {
        let session = Session(store: InMemoryCatalogStore())
        for sql in [
            "CREATE TABLE logs USING loghub OPTIONS (sls.project='p', sls.store='s', access.key.id='i', "
                + "access.key.secret='k', endpoint='e')",
            "CREATE TABLE events (ts timestamp, v double, name string) USING json OPTIONS (path='/x')",
            "CREATE TABLE emr (label string, features string, __TIME__ timestamp, `__tag__:__path__` bigint, "
                + "__sequence_number__ string) USING loghub OPTIONS (sls.project='p', sls.store='s', "
                + "access.key.id='i', access.key.secret='k', endpoint='e')",
            "CREATE FUNCTION lr AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF'",
        ] {
            _ = try session.execute(try parse(sql))
        }
        return session
    }

    func parse(_ sql: String) throws -> Statement {
        try Parser.parseStatement(StatementText(span: SourceSpan(start: 0, end: sql.utf8.count), text: sql[...]))
    }

    func plan(_ sql: String) throws -> LogicalPlan {
        let session = try session()
        guard case .query(let query) = try parse(sql).kind else { throw PlanError(.unsupported, "not a query", at: nil) }
        return try Binder(catalog: session.store.load(), session: session.state).bindQuery(query)
    }

    @Test func seedQueryTypes() throws {
        let plan = try plan(
            "SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc FROM ("
                + "SELECT default.lr('m', concat_ws(' ', label, features)) as predict, label, __time__ as time "
                + "FROM logs) tb GROUP BY TUMBLING(tb.time, interval 10 second), tb.label")
        #expect(plan.output.map(\.name) == ["start", "label", "acc"])
        #expect(plan.output.map(\.type) == [.timestamp, .string, .double])
        #expect(plan.isStreaming && plan.hasAggregate && !plan.hasWatermark)
    }

    @Test func logKeysBindOnDemandAsNullableStrings() throws {
        let plan = try plan("SELECT label, __tag__hostname__, `__tag__:__path__` FROM logs")
        let output = plan.output
        #expect(output.map(\.type) == [.string, .string, .string])
        #expect(output.map(\.origin) == [.logKey, .tag("__hostname__"), .tag("__path__")])
        let sequence = try self.plan("SELECT __sequence_number__ FROM logs").output
        #expect(sequence.map(\.origin) == [.system])
    }

    @Test func declaredSystemColumnsKeepTheirPlaceAndTheUndeclaredOnesFollow() throws {
        let output = try plan("SELECT * FROM emr").output
        #expect(output.map(\.name) == [
            "label", "features", "__time__", "__tag__:__path__", "__sequence_number__", "__logProject__", "__logStore__",
            "__shard__", "__topic__", "__source__",
        ])
        #expect(output.map(\.type) == [
            .string, .string, .timestamp, .bigint, .string, .string, .string, .int, .string, .string,
        ])
        #expect(output.map(\.origin) == [
            .column, .column, .system, .tag("__path__"), .system, .system, .system, .system, .system, .system,
        ])
        #expect(throws: PlanError.self) { try plan("SELECT undeclared_key FROM emr") }
    }

    @Test func aSystemColumnMustBeDeclaredWithATypeItConvertsTo() throws {
        let session = try session()
        for (column, allowed) in [
            ("__time__ bigint", true), ("__time__ int", true), ("__time__ string", true), ("__time__ double", false),
            ("__shard__ bigint", true), ("__shard__ timestamp", false), ("__source__ int", false),
            ("__sequence_number__ bigint", false), ("`__tag__:k` double", true),
        ] {
            let sql = "CREATE TABLE t (\(column)) USING loghub OPTIONS (sls.project='p', sls.store='s', "
                + "access.key.id='i', access.key.secret='k', endpoint='e')"
            do {
                _ = try session.execute(try parse(sql))
                _ = try session.execute(try parse("DROP TABLE t"))
                #expect(allowed, "\(column) was accepted")
            } catch let error as PlanError {
                #expect(!allowed, "\(column): \(error)")
                #expect(error.message.contains("cannot be declared as"), "\(error)")
                #expect(error.span?.start == 16 + column.count - column.split(separator: " ")[1].count)
            }
        }
    }

    @Test func declaredTablesDoNotInventColumns() throws {
        #expect(throws: PlanError.self) { try plan("SELECT label FROM events") }
    }

    @Test func watermarkIsTakenOutOfWhere() throws {
        let plan = try plan("SELECT v FROM events WHERE delay(ts) < '2 minutes' AND v > 1")
        guard case .project(_, .filter(_, .watermark(let column, let delay, _))) = plan else {
            Issue.record("unexpected plan \(Explain.text(plan))")
            return
        }
        #expect(column.name == "ts")
        #expect(delay == Interval(microseconds: 120_000_000))
    }

    @Test func groupingErrorsPointAtTheColumn() throws {
        let sql = "SELECT name, v FROM events GROUP BY name"
        do {
            _ = try plan(sql)
            Issue.record("no error")
        } catch let error as PlanError {
            #expect(error.kind == .grouping)
            #expect(error.span?.start == sql.utf8.count - "v FROM events GROUP BY name".utf8.count)
        }
    }

    @Test func splitInputMergeIsNotPlannedHereButAggregatesAreDeduplicated() throws {
        let plan = try plan("SELECT count(v), count(v) + 1 FROM events")
        guard case .project(_, .aggregate(_, let aggregates, _)) = plan else {
            Issue.record("unexpected plan")
            return
        }
        #expect(aggregates.count == 1)
    }
}

@Suite struct SessionRulesTests {
    @Test func likePatterns() {
        #expect(LikePattern.matches("sls_dataset", "sls*"))
        #expect(LikePattern.matches("rds_result", "x*|rds_%"))
        #expect(!LikePattern.matches("rds", "r_"))
        #expect(LikePattern.matches("anything", nil))
    }

    @Test func redactionFollowsSparksRegex() {
        #expect(Redaction.isSecret("access.key.secret"))
        #expect(Redaction.isSecret("access.key.id"))
        #expect(Redaction.isSecret("PASSWORD"))
        #expect(!Redaction.isSecret("user"))
    }

    @Test func sinkStatementParametersOutsideQuotes() {
        #expect(SinkStatement.parameterCount("insert into `t?`(a) values(?, '?', ?)") == 2)
    }
}
