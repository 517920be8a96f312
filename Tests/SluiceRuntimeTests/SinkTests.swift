import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The SQLite sink and query lifecycle through the real binary.
@Suite(.serialized) struct SinkTests {
    func sql(_ directory: URL, _ arguments: [String]) throws -> SluiceBinary.Result {
        try SluiceBinary.run(["sql", "--metastore", directory.appendingPathComponent("ms").path] + arguments)
    }

    @Test func descOfASinkTableReadsTheDatabaseTable() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let database = directory.appendingPathComponent("r.db").path
        let create = "CREATE TABLE rds USING jdbc2 OPTIONS (url='jdbc:sqlite:\(database)', dbtable='result')"
        let before = try sql(directory, ["-e", create + "; DESC rds"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("# the database table result does not exist yet"))
        #expect(!FileManager.default.fileExists(atPath: database), "DESC must not create the database")
        _ = try SQLiteReader.query(database, "CREATE TABLE result (time TEXT, label VARCHAR(8), acc DOUBLE, n BIGINT)")
        let after = try sql(directory, ["-e", "DESC rds"])
        #expect(after.stdout == "time\tstring\tNULL\nlabel\tstring\tNULL\nacc\tdouble\tNULL\nn\tbigint\tNULL\n", "\(after.stderr)")
    }

    @Test func aDriverOfAnotherDatabaseIsAnErrorNamingBoth() throws {
        let fixture = try EngineFixture(files: 1, perFile: 5)
        let database = fixture.root.appendingPathComponent("r.db")
        let script = fixture.script(database: database).replacingOccurrences(
            of: "dbtable='result',", with: "dbtable='result', driver='com.mysql.jdbc.Driver',")
        let result = try sql(fixture.root, ["--trigger", "available-now", "-e", script])
        #expect(result.status == 1)
        #expect(result.stderr.contains("driver 'com.mysql.jdbc.Driver' is a mysql driver but the URL names a sqlite database"),
                "\(result.stderr)")
    }

    @Test func emrBatchIdColumnRecordsEachBatch() throws {
        let fixture = try EngineFixture(files: 3, perFile: 20)
        let database = fixture.root.appendingPathComponent("r.db")
        let script = fixture.script(database: database)
            .replacingOccurrences(of: "dbtable='result',", with: "dbtable='result', batchIdCol='batch',")
            .replacingOccurrences(of: "SET streaming.query.lr_prediction.sql=insert into `result`(`time`, `label`, `acc`) values(?, ?, ?);", with: "")
        let result = try sql(fixture.root, ["--trigger", "available-now", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        let batches = try SQLiteReader.query(database.path, "SELECT DISTINCT batch FROM result ORDER BY batch")
        #expect(batches == [["0"], ["1"], ["2"]])
        let log = try SQLiteReader.query(database.path, "SELECT batchId, status FROM \"result$_STREAM_LOG\" ORDER BY batchId")
        #expect(log == [["0", "COMMITTED"], ["1", "COMMITTED"], ["2", "COMMITTED"]])
    }

    @Test func sigintStopsAfterTheCurrentEpochCommits() throws {
        let fixture = try EngineFixture(files: 40, perFile: 50)
        let database = fixture.root.appendingPathComponent("r.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = fixture.root.appendingPathComponent("q.sql")
        try fixture.script(database: database).write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = SluiceBinary.url
        process.arguments = ["sql", "--metastore", fixture.root.appendingPathComponent("ms").path,
                             "--trigger", "processing-time=100ms", "-f", script.path]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let checkpoint = fixture.root.appendingPathComponent("checkpoint-r.db")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let commits = (try? FileManager.default.contentsOfDirectory(atPath: checkpoint.appendingPathComponent("commits").path)) ?? []
            if commits.count >= 2 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("stopping after the current epoch commits"))
        let offsets = try FileManager.default.contentsOfDirectory(atPath: checkpoint.appendingPathComponent("offsets").path)
        let commits = try FileManager.default.contentsOfDirectory(atPath: checkpoint.appendingPathComponent("commits").path)
        #expect(Set(offsets) == Set(commits), "every started epoch is committed")
        #expect(commits.count < 40)
    }
}
