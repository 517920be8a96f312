import Foundation
import Testing

/// A query's checkpoint damaged between two runs: each damage is rebuilt exactly (the second run
/// ends with the counts of an undamaged run) or refused with a message naming the file; never
/// exit 0 with wrong rows. The query counts records per window and label, so a window counted
/// twice or records lost show in the numbers.
@Suite(.serialized) struct CheckpointDamageTests {
    /// A fixture of six one-file epochs, the last three held back for the second run.
    struct Run {
        let fixture: EngineFixture
        let held: URL
        var database: URL { fixture.root.appendingPathComponent("counts.db") }
        var checkpoint: URL { fixture.root.appendingPathComponent("checkpoint") }

        init() throws {
            fixture = try EngineFixture(files: 6, perFile: 100)
            held = fixture.root.appendingPathComponent("held")
            try FileManager.default.createDirectory(at: held, withIntermediateDirectories: true)
            for file in 3..<6 { try move(file, from: fixture.input, to: held) }
        }

        func move(_ file: Int, from source: URL, to target: URL) throws {
            let name = String(format: "part-%05d.json", file)
            try FileManager.default.moveItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }

        func script(retain: Int = 100) -> String {
            """
            CREATE TABLE IF NOT EXISTS src (label string, features string, __time__ timestamp) USING json
              OPTIONS (path='\(fixture.input.path)', maxFilesPerTrigger='1');
            CREATE TABLE IF NOT EXISTS out USING jdbc2 OPTIONS (url='jdbc:sqlite:\(database.path)', dbtable='counts',
              isolationLevel='READ_COMMITTED');
            SET streaming.query.name=counts;
            SET spark.sql.streaming.checkpointLocation.counts=\(checkpoint.path);
            SET spark.sql.streaming.minBatchesToRetain=\(retain);
            SET spark.sql.streaming.query.outputMode.counts=update;
            INSERT INTO out SELECT window.start AS w, label, count(*) AS n FROM src
            GROUP BY TUMBLING(__time__, interval 10 second), label;
            """
        }

        func run(retain: Int = 100) throws -> SluiceBinary.Result {
            let file = fixture.root.appendingPathComponent("counts.sql")
            try script(retain: retain).write(to: file, atomically: true, encoding: .utf8)
            return try SluiceBinary.run([
                "sql", "--metastore", fixture.root.appendingPathComponent("ms").path, "--trigger", "available-now",
                "-f", file.path,
            ])
        }

        /// The first three epochs, then `damage`, then the rest.
        func runDamaged(retain: Int = 100, _ damage: (URL) throws -> Void) throws -> SluiceBinary.Result {
            let first = try run(retain: retain)
            #expect(first.status == 0, "\(first.stderr)")
            try damage(checkpoint)
            for file in 3..<6 { try move(file, from: held, to: fixture.input) }
            return try run(retain: retain)
        }

        /// The last count written per (window, label).
        func finalCounts() throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for row in try SQLiteReader.query(database.path, "SELECT w, label, n FROM counts ORDER BY rowid") {
                counts["\(row[0] ?? "")|\(row[1] ?? "")"] = Int(row[2] ?? "")
            }
            return counts
        }

        /// The counts of every record of the fixture.
        func expectedCounts() -> [String: Int] {
            let formatter = DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            var counts: [String: Int] = [:]
            for record in fixture.records {
                let start = Double(Int(record.seconds) - Int(record.seconds) % 10)
                counts[formatter.string(from: Date(timeIntervalSince1970: start)) + "|" + record.label, default: 0] += 1
            }
            return counts
        }

        func epochsMarked() throws -> Int {
            Int(try SQLiteReader.query(database.path, "SELECT count(*) FROM _sluice_epochs").first?.first.flatMap { $0 } ?? "") ?? -1
        }
    }

    static func remove(_ relative: String) -> @Sendable (URL) throws -> Void {
        { try FileManager.default.removeItem(at: $0.appendingPathComponent(relative)) }
    }

    static func flipByte(_ relative: String) -> @Sendable (URL) throws -> Void {
        { checkpoint in
            let url = checkpoint.appendingPathComponent(relative)
            var bytes = [UInt8](try Data(contentsOf: url))
            bytes[bytes.count / 2] ^= 0x20
            try Data(bytes).write(to: url)
        }
    }

    static let rebuilt: [(String, @Sendable (URL) throws -> Void, String)] = [
        ("every state file deleted", remove("state"), "recomputed from the empty state"),
        ("the last state file deleted", remove("state/2"), "state/2 is missing"),
        ("an older state copied over the newest", { checkpoint in
            let state = checkpoint.appendingPathComponent("state")
            try FileManager.default.removeItem(at: state.appendingPathComponent("2"))
            try FileManager.default.copyItem(at: state.appendingPathComponent("0"), to: state.appendingPathComponent("2"))
        }, "holds the state of epoch 0"),
        ("a flipped byte in the newest state", flipByte("state/2"), "checksum mismatch"),
        ("the offsets deleted", remove("offsets"), "written again from commits/2"),
        ("the commits deleted", remove("commits"), "commits/2 is missing"),
        ("the commits and the state deleted", { checkpoint in
            try remove("commits")(checkpoint)
            try remove("state")(checkpoint)
        }, "recomputed"),
    ]

    @Test(arguments: 0..<rebuilt.count)
    func damageThatCanBeRebuiltIsRebuiltExactly(_ index: Int) throws {
        let (what, damage, message) = Self.rebuilt[index]
        let run = try Run()
        let second = try run.runDamaged(damage)
        #expect(second.status == 0, "\(what): \(second.stderr)")
        #expect(second.stderr.contains(message), "\(what): \(second.stderr)")
        #expect(try run.finalCounts() == run.expectedCounts(), "\(what)")
        #expect(try run.epochsMarked() == 6, "\(what)")
        // The mended checkpoint is whole again: a third run has nothing to mend.
        let third = try run.run()
        #expect(third.status == 0 && !third.stderr.contains("checkpoint"), "\(what): \(third.stderr)")
    }

    /// What a crash of the machine may leave of commit files, which are written without fsyncs
    /// (`CheckpointStore.unsyncedFolders`): none, or the new name with part of its bytes or none.
    static let commitsLostByAMachineCrash: [(String, @Sendable (URL) throws -> Void)] = [
        ("the newest commit missing", remove("commits/2")),
        ("the newest commit empty", { try Data().write(to: $0.appendingPathComponent("commits/2")) }),
        ("the newest commit cut in half", { checkpoint in
            let url = checkpoint.appendingPathComponent("commits/2")
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count / 2).write(to: url)
        }),
        ("every commit empty", { checkpoint in
            for epoch in 0..<3 { try Data().write(to: checkpoint.appendingPathComponent("commits/\(epoch)")) }
        }),
    ]

    /// The synced state file of the epoch proves its commit, so whatever a crash of the machine
    /// left of the unsynced commit files, the query goes on with each record counted once.
    @Test(arguments: 0..<commitsLostByAMachineCrash.count)
    func commitsLostOrCutByAMachineCrashLeaveEachRecordCountedOnce(_ index: Int) throws {
        let (what, damage) = Self.commitsLostByAMachineCrash[index]
        let run = try Run()
        let second = try run.runDamaged(damage)
        #expect(second.status == 0, "\(what): \(second.stderr)")
        #expect(try run.finalCounts() == run.expectedCounts(), "\(what)")
        #expect(try run.epochsMarked() == 6, "\(what)")
        let rows = try SQLiteReader.query(run.database.path, "SELECT count(*) FROM counts").first?.first.flatMap { $0 }
        let third = try run.run()
        #expect(third.status == 0 && !third.stderr.contains("checkpoint"), "\(what): \(third.stderr)")
        let rowsAfter = try SQLiteReader.query(run.database.path, "SELECT count(*) FROM counts").first?.first.flatMap { $0 }
        #expect(rowsAfter == rows, "\(what): a third run writes nothing")
    }

    static let refused: [(String, Int, @Sendable (URL) throws -> Void, String)] = [
        ("the metadata deleted", 100, remove("metadata"), "no metadata file"),
        ("the metadata cut short", 100, { checkpoint in
            let url = checkpoint.appendingPathComponent("metadata")
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count / 2).write(to: url)
        }, "metadata cannot be read"),
        ("the state lost beyond the retained offsets", 1, remove("state/2"), "state/2 is missing"),
        ("the offsets lost with commits of an earlier version", 100, { checkpoint in
            try remove("offsets")(checkpoint)
            try #"{"epoch":2}"#.write(to: checkpoint.appendingPathComponent("commits/2"), atomically: true, encoding: .utf8)
        }, "offsets/2 is missing"),
    ]

    @Test(arguments: 0..<refused.count)
    func damageThatCannotBeRebuiltIsRefusedNamingTheFile(_ index: Int) throws {
        let (what, retain, damage, message) = Self.refused[index]
        let run = try Run()
        var before: [String: Int] = [:]
        let second = try run.runDamaged(retain: retain) { checkpoint in
            before = try run.finalCounts()
            try damage(checkpoint)
        }
        #expect(!before.isEmpty)
        #expect(second.status == 1, "\(what): \(second.stderr)")
        #expect(second.stderr.contains(message), "\(what): \(second.stderr)")
        #expect(second.stderr.contains(run.checkpoint.path), "\(what): \(second.stderr)")
        #expect(try run.finalCounts() == before, "\(what): nothing is written")
    }

    /// Rewrites the checkpoint as an earlier version wrote it: metadata without id or version,
    /// commits holding their epoch alone, state files without the frame, and markers keyed by
    /// the query's name.
    static func makeEarlierVersion(_ checkpoint: URL, database: URL) throws {
        let metadataURL = checkpoint.appendingPathComponent("metadata")
        var metadata = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: metadataURL)) as? [String: Any])
        let id = try #require(metadata["id"] as? String)
        metadata["id"] = nil
        metadata["version"] = nil
        try JSONSerialization.data(withJSONObject: metadata).write(to: metadataURL)
        for folder in ["commits", "state"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: checkpoint.appendingPathComponent(folder).path)
            where Int(name) != nil {
                let url = checkpoint.appendingPathComponent("\(folder)/\(name)")
                if folder == "commits" {
                    try Data(#"{"epoch":\#(name)}"#.utf8).write(to: url)
                } else {
                    try Data(try Data(contentsOf: url).dropFirst(24)).write(to: url)
                }
            }
        }
        _ = try SQLiteReader.query(database.path, "UPDATE _sluice_epochs SET query = 'counts' WHERE query = '\(id)'")
    }

    @Test(arguments: [false, true])
    func aCheckpointOfAnEarlierVersionResumes(stateLost: Bool) throws {
        let run = try Run()
        let second = try run.runDamaged { checkpoint in
            try Self.makeEarlierVersion(checkpoint, database: run.database)
            if stateLost { try Self.remove("state/2")(checkpoint) }
        }
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("state/2 is missing") == stateLost, "\(second.stderr)")
        #expect(try run.finalCounts() == run.expectedCounts())
        #expect(try run.epochsMarked() == 6)
        let keys = try SQLiteReader.query(run.database.path, "SELECT DISTINCT query FROM _sluice_epochs")
        #expect(keys == [["counts"]], "markers stay keyed by the query's name")
        let third = try run.run()
        #expect(third.status == 0 && !third.stderr.contains("checkpoint"), "\(third.stderr)")
    }

    @Test func aSinkThatLostItsMarkersIsRefused() throws {
        let run = try Run()
        let second = try run.runDamaged { _ in
            _ = try SQLiteReader.query(run.database.path, "DELETE FROM _sluice_epochs")
        }
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("records epoch 2 as committed, but the sink holds markers of this query none"),
                "\(second.stderr)")
    }
}
