import Foundation
import SluiceCore
import SluicePlan
import SluiceSQL
import Testing

@testable import SluiceExec

/// The executor stage travels to executor processes in `SluiceCore`'s binary form of its
/// `Codable` value: it must survive encoding whole.
@Suite struct StageSerializationTests {
    func stages(_ sql: String) throws -> QueryStages {
        let session = Session(store: InMemoryCatalogStore())
        for statement in [
            "CREATE TABLE logs USING loghub OPTIONS (sls.project='p', sls.store='s', access.key.id='i', "
                + "access.key.secret='k', endpoint='e')",
            "CREATE FUNCTION lr AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF'",
            "SET spark.sql.streaming.query.outputMode.q=update", "SET streaming.query.name=q",
        ] {
            _ = try session.execute(try parse(statement))
        }
        let bound = try session.bindForExecution(try parse(sql))
        return try StagePlanner.split(bound.plan)
    }

    func parse(_ sql: String) throws -> Statement {
        try Parser.parseStatement(StatementText(span: SourceSpan(start: 0, end: sql.utf8.count), text: sql[...]))
    }

    @Test(arguments: [
        "SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc FROM ("
            + "SELECT default.lr('m', concat_ws(' ', label, features)) as predict, label, __time__ as time "
            + "FROM logs) tb GROUP BY TUMBLING(tb.time, interval 10 second), tb.label",
        "SELECT window, count(label), stddev(__shard__), avg(length(features)), max(__shard__) FROM logs "
            + "WHERE delay(__time__) < '1 minute' AND features LIKE '%1:%' AND label IN ('0', '1') "
            + "GROUP BY HOPPING(__time__, interval 1 minute, interval 10 seconds)",
        "SELECT upper(`__tag__:__hostname__`), CASE WHEN label = '1' THEN 1.5 ELSE null END, cast(label AS int) FROM logs",
    ])
    func executorStagesRoundTripInBinary(sql: String) throws {
        let stage = try stages(sql).executor
        let bytes = try BinaryEncoder.encode(stage)
        let decoded = try BinaryDecoder.decode(ExecutorStage.self, from: bytes)
        #expect(decoded == stage)
        #expect(try BinaryEncoder.encode(decoded) == bytes)
        #expect(bytes.count < (try JSONEncoder().encode(stage)).count)
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(throws: (any Error).self) { try BinaryDecoder.decode(ExecutorStage.self, from: Array(bytes[..<cut])) }
        }
        #expect(!decoded.steps.isEmpty || decoded.aggregate != nil)
    }
}
