import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The reference query run by the real binary over JSON files into SQLite.
@Suite(.serialized) struct EngineTests {
    static let resultTable = "CREATE TABLE result (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, label TEXT, acc REAL)"

    func prepare(_ database: URL) throws {
        _ = try SQLiteReader.query(database.path, Self.resultTable)
    }

    func run(_ fixture: EngineFixture, database: URL, trigger: String = "available-now") throws -> SluiceBinary.Result {
        let script = fixture.root.appendingPathComponent("query-\(database.lastPathComponent).sql")
        try fixture.script(database: database).write(to: script, atomically: true, encoding: .utf8)
        return try SluiceBinary.run([
            "sql", "--metastore", fixture.root.appendingPathComponent("ms-" + database.lastPathComponent).path,
            "--trigger", trigger, "-f", script.path,
        ])
    }

    /// The last accuracy written per (window, label), in the table's insertion order.
    func finalAccuracies(_ database: URL) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for row in try SQLiteReader.query(database.path, "SELECT time, label, acc FROM result ORDER BY id") {
            result["\(row[0] ?? "")|\(row[1] ?? "")"] = Double(row[2] ?? "")
        }
        return result
    }

    @Test func referenceQueryWritesTheAccuracyOfEveryWindowAndLabel() throws {
        let fixture = try EngineFixture(files: 5, perFile: 300)
        let database = fixture.root.appendingPathComponent("result.db")
        try prepare(database)
        let result = try run(fixture, database: database)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try fixture.expectedAccuracies()
        let actual = try finalAccuracies(database)
        #expect(Set(actual.keys) == Set(expected.keys))
        #expect(expected.values.contains { $0 < 0.9 }, "the fixture must make the model wrong often")
        for (key, value) in expected {
            #expect(abs((actual[key] ?? -1) - value) < 1e-12, "\(key): \(actual[key] ?? -1) vs \(value)")
        }
        let id = try EngineFixture.checkpointID(fixture.root.appendingPathComponent("checkpoint-result.db"))
        #expect(id.count == 36, "a new checkpoint gets a UUID: \(id)")
        let epochs = try SQLiteReader.query(database.path, "SELECT count(*) FROM _sluice_epochs WHERE query = '\(id)'")
        #expect(epochs.first?.first == "5")
    }

    @Test func malformedRecordsAreCountedAndTheQueryGoesOn() throws {
        let fixture = try EngineFixture(files: 2, perFile: 200, malformedEvery: 10)
        let database = fixture.root.appendingPathComponent("result.db")
        try prepare(database)
        let result = try run(fixture, database: database)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("20 malformed records"), "\(result.stderr)")
        let expected = try fixture.expectedAccuracies()
        let actual = try finalAccuracies(database)
        for (key, value) in expected { #expect(abs((actual[key] ?? -1) - value) < 1e-12, "\(key)") }
    }

    @Test func killedMidRunThenRerunWritesExactlyWhatAnUninterruptedRunWrites() throws {
        let fixture = try EngineFixture(files: 12, perFile: 150)
        let reference = fixture.root.appendingPathComponent("reference.db")
        try prepare(reference)
        #expect(try run(fixture, database: reference).status == 0)

        let interrupted = fixture.root.appendingPathComponent("interrupted.db")
        try prepare(interrupted)
        let script = fixture.root.appendingPathComponent("interrupted.sql")
        try fixture.script(database: interrupted).write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = SluiceBinary.url
        process.arguments = [
            "sql", "--metastore", fixture.root.appendingPathComponent("ms-" + interrupted.lastPathComponent).path,
            "--trigger", "processing-time=150ms",
            "-f", script.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let committed = (try? SQLiteReader.query(interrupted.path, "SELECT count(*) FROM _sluice_epochs"))?.first?.first
            if let committed, let count = Int(committed ?? ""), count >= 4 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = try SQLiteReader.query(interrupted.path, "SELECT count(*) FROM _sluice_epochs").first?.first ?? nil
        #expect(Int(partial ?? "0")! < 12, "the kill must land before the end")

        let rerun = try run(fixture, database: interrupted)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let rows = "SELECT time, label, acc FROM result ORDER BY id"
        let expected = try SQLiteReader.query(reference.path, rows)
        #expect(!expected.isEmpty)
        #expect(try SQLiteReader.query(interrupted.path, rows) == expected)
    }

    @Test func aMissingModelOrAnUnopenableSinkIsAClearError() throws {
        let fixture = try EngineFixture(files: 1, perFile: 10)
        let database = fixture.root.appendingPathComponent("result.db")
        try prepare(database)
        let script = fixture.script(database: database).replacingOccurrences(of: EngineFixture.modelPath, with: "/no/such/model.json")
        let path = fixture.root.appendingPathComponent("bad-model.sql")
        try script.write(to: path, atomically: true, encoding: .utf8)
        let result = try SluiceBinary.run(["sql", "--metastore", fixture.root.appendingPathComponent("ms1").path,
                                           "--trigger", "available-now", "-f", path.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("model path /no/such/model.json does not exist"), "\(result.stderr)")

        let badSink = fixture.script(database: URL(fileURLWithPath: "/no/such/dir/result.db"))
        try badSink.write(to: path, atomically: true, encoding: .utf8)
        let sinkResult = try SluiceBinary.run(["sql", "--metastore", fixture.root.appendingPathComponent("ms2").path,
                                               "--trigger", "available-now", "-f", path.path])
        #expect(sinkResult.status == 1)
        #expect(sinkResult.stderr.contains("cannot open SQLite database /no/such/dir/result.db"), "\(sinkResult.stderr)")
    }
}
