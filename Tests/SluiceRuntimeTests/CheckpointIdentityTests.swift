import Foundation
import Testing

/// Exactly once keyed by the checkpoint, not the query's name: a new checkpoint writes its own
/// epochs into a table that holds another run's, EMR's batch log keeps runs apart, and a missing
/// sink table fails every run, replayed epochs included.
@Suite(.serialized) struct CheckpointIdentityTests {
    /// Runs the reference script over `fixture` into `database` with the checkpoint `checkpoint`.
    func run(_ fixture: EngineFixture, _ script: String, checkpoint: String) throws -> SluiceBinary.Result {
        let text = script.replacingOccurrences(
            of: fixture.root.appendingPathComponent("checkpoint-r.db").path, with: fixture.root.appendingPathComponent(checkpoint).path)
        return try SluiceBinary.run([
            "sql", "--metastore", fixture.root.appendingPathComponent("ms-\(checkpoint)").path, "--trigger", "available-now",
            "-e", text,
        ])
    }

    func rows(_ database: URL, _ columns: String = "time, label, acc") throws -> [[String?]] {
        try SQLiteReader.query(database.path, "SELECT \(columns) FROM result ORDER BY rowid")
    }

    @Test func aRerunWithANewCheckpointWritesItsRows() throws {
        let fixture = try EngineFixture(files: 3, perFile: 100)
        let database = fixture.root.appendingPathComponent("r.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = fixture.script(database: database)
        let first = try run(fixture, script, checkpoint: "a")
        #expect(first.status == 0, "\(first.stderr)")
        let once = try rows(database)
        #expect(!once.isEmpty)
        let second = try run(fixture, script, checkpoint: "b")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains(" 0 rows written"), "\(second.stderr)")
        #expect(try rows(database) == once + once)
        let ids = try SQLiteReader.query(database.path, "SELECT DISTINCT query FROM _sluice_epochs")
        #expect(ids.count == 2, "each checkpoint has its own id: \(ids)")
        // The same checkpoint again writes nothing more.
        #expect(try run(fixture, script, checkpoint: "b").status == 0)
        #expect(try rows(database).count == 2 * once.count)
    }

    @Test func emrBatchLogKeepsTheRowsOfAnEarlierRunWithTheSameBatchIDs() throws {
        let fixture = try EngineFixture(files: 3, perFile: 40)
        let database = fixture.root.appendingPathComponent("r.db")
        _ = try SQLiteReader.query(database.path, "CREATE TABLE result (time TEXT, label TEXT, acc REAL, batch BIGINT)")
        for isolation in ["READ_COMMITTED", "NONE"] {
            _ = try SQLiteReader.query(database.path, "DELETE FROM result")
            let script = fixture.script(database: database, isolation: isolation)
                .replacingOccurrences(of: "dbtable='result',", with: "dbtable='result', batchIdCol='batch',")
                .replacingOccurrences(of: "values(?, ?, ?)", with: "values(?, ?, ?, ?)")
                .replacingOccurrences(of: "(`time`, `label`, `acc`)", with: "(`time`, `label`, `acc`, `batch`)")
            #expect(try run(fixture, script, checkpoint: "one-\(isolation)").status == 0)
            let once = try rows(database, "time, label, acc, batch")
            #expect(Set(once.map { $0[3] }) == ["0", "1", "2"])
            let second = try run(fixture, script, checkpoint: "two-\(isolation)")
            #expect(second.status == 0, "\(second.stderr)")
            #expect(try rows(database, "time, label, acc, batch") == once + once, "\(isolation)")
        }
        let log = try SQLiteReader.query(
            database.path, "SELECT count(DISTINCT queryId), count(*) FROM \"result$_STREAM_LOG\" WHERE status = 'COMMITTED'")
        #expect(log == [["4", "12"]])
    }

    @Test func anEMRBatchLogWithoutQueryIDsGetsTheColumnAndKeepsItsRows() throws {
        let fixture = try EngineFixture(files: 2, perFile: 40)
        let database = fixture.root.appendingPathComponent("r.db")
        _ = try SQLiteReader.query(database.path, "CREATE TABLE result (time TEXT, label TEXT, acc REAL, batch BIGINT)")
        _ = try SQLiteReader.query(database.path, "CREATE TABLE \"result$_STREAM_LOG\" (batchId BIGINT, status TEXT)")
        _ = try SQLiteReader.query(database.path, "INSERT INTO \"result$_STREAM_LOG\" VALUES (0, 'UNCOMMITTED')")
        _ = try SQLiteReader.query(database.path, "INSERT INTO result VALUES ('earlier', '1', 0.5, 0)")
        let script = fixture.script(database: database, isolation: "NONE")
            .replacingOccurrences(of: "dbtable='result',", with: "dbtable='result', batchIdCol='batch',")
            .replacingOccurrences(of: "values(?, ?, ?)", with: "values(?, ?, ?, ?)")
            .replacingOccurrences(of: "(`time`, `label`, `acc`)", with: "(`time`, `label`, `acc`, `batch`)")
        let result = try run(fixture, script, checkpoint: "c")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("added column queryId"), "\(result.stderr)")
        #expect(try SQLiteReader.query(database.path, "SELECT count(*) FROM result WHERE time = 'earlier'") == [["1"]])
    }

    @Test func aMissingSinkTableFailsEveryRunReplayedEpochsIncluded() throws {
        let fixture = try EngineFixture(files: 3, perFile: 50)
        let database = fixture.root.appendingPathComponent("r.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = fixture.script(database: database)
        #expect(try run(fixture, script, checkpoint: "a").status == 0)
        _ = try SQLiteReader.query(database.path, "DROP TABLE result")
        // Epoch 2 committed in the sink but not in the checkpoint: it is run again.
        let checkpoint = fixture.root.appendingPathComponent("a")
        for file in ["commits/2", "state/2"] { try FileManager.default.removeItem(at: checkpoint.appendingPathComponent(file)) }
        let replay = try run(fixture, script, checkpoint: "a")
        #expect(replay.status == 1, "\(replay.stderr)")
        #expect(replay.stderr.contains("table 'result' of the sink statement does not exist"), "\(replay.stderr)")
        // And with a new checkpoint, as with any name.
        let renamed = script.replacingOccurrences(of: "`result`", with: "`lr_missing`")
            .replacingOccurrences(of: "dbtable='result'", with: "dbtable='lr_missing'")
        let fresh = try run(fixture, renamed, checkpoint: "b")
        #expect(fresh.status == 1, "\(fresh.stderr)")
        #expect(fresh.stderr.contains("table 'lr_missing' of the sink statement does not exist"), "\(fresh.stderr)")
    }
}
