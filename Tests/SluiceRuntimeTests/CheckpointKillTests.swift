import Foundation
import Testing

/// `sluice sql` killed with SIGKILL at many points of a run (between any two checkpoint writes,
/// inside the sink's transaction, while a damaged checkpoint is mended or its state recomputed),
/// then run again until done: the sink ends with exactly the rows of an uninterrupted run, in
/// the same order, and one marker per epoch.
@Suite(.serialized) struct CheckpointKillTests {
    static let files = 10

    /// One query over a fixture of `files` one-file epochs.
    struct Query: Sendable {
        var what: String
        var mode: String
        var select: String
        var columns: String
        var retain: Int
    }

    static let queries: [Query] = [
        Query(what: "an update aggregation, two epochs retained", mode: "update",
              select: "SELECT window.start AS w, label, count(*) AS n FROM src GROUP BY TUMBLING(__time__, interval 10 second), label",
              columns: "w, label, n", retain: 2),
        Query(what: "a projection without aggregation", mode: "append",
              select: "SELECT label, features FROM src WHERE label = '1'", columns: "label, features", retain: 100),
        Query(what: "a complete aggregation, one epoch retained", mode: "complete",
              select: "SELECT label, count(*) AS n FROM src GROUP BY label", columns: "label, n", retain: 1),
    ]

    struct Setup {
        let fixture: EngineFixture
        let query: Query

        init(_ query: Query, files: Int = CheckpointKillTests.files) throws {
            fixture = try EngineFixture(files: files, perFile: 60)
            self.query = query
        }

        func database(_ name: String) -> URL { fixture.root.appendingPathComponent("\(name).db") }
        func checkpoint(_ name: String) -> URL { fixture.root.appendingPathComponent("checkpoint-\(name)") }

        func scriptFile(_ name: String) throws -> URL {
            let script = """
                CREATE TABLE IF NOT EXISTS src (label string, features string, __time__ timestamp) USING json
                  OPTIONS (path='\(fixture.input.path)', maxFilesPerTrigger='1');
                CREATE TABLE IF NOT EXISTS out USING jdbc2 OPTIONS (url='jdbc:sqlite:\(database(name).path)', dbtable='out',
                  isolationLevel='READ_COMMITTED');
                SET streaming.query.name=q;
                SET spark.sql.streaming.checkpointLocation.q=\(checkpoint(name).path);
                SET spark.sql.streaming.minBatchesToRetain=\(query.retain);
                SET spark.sql.streaming.query.outputMode.q=\(query.mode);
                INSERT INTO out \(query.select);
                """
            let file = fixture.root.appendingPathComponent("\(name).sql")
            try script.write(to: file, atomically: true, encoding: .utf8)
            return file
        }

        func arguments(_ name: String, trigger: String) throws -> [String] {
            ["sql", "--metastore", fixture.root.appendingPathComponent("ms-\(name)").path, "--trigger", trigger,
             "-f", try scriptFile(name).path]
        }

        func runToEnd(_ name: String) throws -> SluiceBinary.Result {
            try SluiceBinary.run(try arguments(name, trigger: "available-now"))
        }

        /// Starts a run that goes on until killed.
        func start(_ name: String) throws -> Process {
            let process = Process()
            process.executableURL = SluiceBinary.url
            process.arguments = try arguments(name, trigger: "processing-time=30ms")
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// Starts a run, waits until `ready` holds (or the run ends, or 5 s pass), waits `extra`
        /// seconds more and kills it; returns whether `ready` held.
        @discardableResult
        func kill(_ name: String, extra: Double = 0, when ready: () -> Bool) throws -> Bool {
            let process = try start(name)
            let deadline = Date().addingTimeInterval(5)
            var reached = ready()
            while process.isRunning, Date() < deadline, !reached {
                Thread.sleep(forTimeInterval: 0.001)
                reached = ready()
            }
            if extra > 0 { Thread.sleep(forTimeInterval: extra) }
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return reached
        }

        func markers(_ name: String) -> Int {
            let value = (try? SQLiteReader.query(database(name).path, "SELECT count(*) FROM _sluice_epochs"))?.first?.first
            return value.flatMap { $0.flatMap { Int($0) } } ?? 0
        }

        func rows(_ name: String) throws -> [[String?]] {
            try SQLiteReader.query(database(name).path, "SELECT \(query.columns) FROM out ORDER BY rowid")
        }

        func files(_ name: String, _ folder: String) -> Int {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoint(name).appendingPathComponent(folder).path)) ?? []
            return names.filter { Int($0) != nil }.count
        }

        /// Kills runs of `name` after each new marker, at a different point of the next epoch
        /// each time, until every epoch is marked; returns the marker counts the kills left.
        func killAfterEachMarker(_ name: String, total: Int) throws -> [Int] {
            var left: [Int] = []
            var round = 0
            while markers(name) < total, round < 3 * total {
                let before = markers(name)
                let progressed = try kill(name, extra: Double(round % 6) * 0.006) { markers(name) > before }
                left.append(markers(name))
                if !progressed { break }
                round += 1
            }
            return left
        }
    }

    @Test(arguments: 0..<queries.count)
    func killedAtManyPointsThenRerunWritesExactlyTheRowsOfAnUninterruptedRun(_ index: Int) throws {
        let setup = try Setup(Self.queries[index])
        let what = setup.query.what
        let reference = try setup.runToEnd("reference")
        #expect(reference.status == 0, "\(what): \(reference.stderr)")
        let expected = try setup.rows("reference")
        #expect(!expected.isEmpty && setup.markers("reference") == Self.files, "\(what)")

        let left = try setup.killAfterEachMarker("killed", total: Self.files)
        #expect(left.filter { $0 > 0 && $0 < Self.files }.count >= Self.files / 2, "\(what): kills landed at \(left)")
        let rerun = try setup.runToEnd("killed")
        #expect(rerun.status == 0, "\(what): \(rerun.stderr)")
        #expect(try setup.rows("killed") == expected, "\(what): kills landed at \(left)")
        #expect(setup.markers("killed") == Self.files, "\(what)")
    }

    @Test func killedWhileADamagedCheckpointIsMendedAndItsStateRecomputed() throws {
        let setup = try Setup(Self.queries[0].with(retain: 100))
        let expected = try { () throws -> [[String?]] in
            #expect(try setup.runToEnd("reference").status == 0)
            return try setup.rows("reference")
        }()
        // The first half of the input, then the state and the offsets lost.
        let held = setup.fixture.root.appendingPathComponent("held")
        try FileManager.default.createDirectory(at: held, withIntermediateDirectories: true)
        let half = Self.files / 2
        let names = (half..<Self.files).map { String(format: "part-%05d.json", $0) }
        for name in names {
            try FileManager.default.moveItem(
                at: setup.fixture.input.appendingPathComponent(name), to: held.appendingPathComponent(name))
        }
        let first = try setup.runToEnd("damaged")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(setup.markers("damaged") == half)
        for name in names {
            try FileManager.default.moveItem(
                at: held.appendingPathComponent(name), to: setup.fixture.input.appendingPathComponent(name))
        }
        let checkpoint = setup.checkpoint("damaged")
        try FileManager.default.removeItem(at: checkpoint.appendingPathComponent("state"))
        try FileManager.default.removeItem(at: checkpoint.appendingPathComponent("offsets"))

        // Killed while offsets are written again from the commits, then at each recomputed state.
        try setup.kill("damaged") { setup.files("damaged", "offsets") >= 2 }
        var statesLeft: [Int] = []
        for states in 1..<half {
            try setup.kill("damaged") { setup.files("damaged", "state") >= states }
            statesLeft.append(setup.files("damaged", "state"))
            #expect(setup.markers("damaged") <= half + 1, "the sink is not written while state is recomputed")
        }
        #expect(statesLeft.contains { $0 > 0 && $0 < half }, "kills landed after \(statesLeft) state files")
        _ = try setup.killAfterEachMarker("damaged", total: Self.files)
        let rerun = try setup.runToEnd("damaged")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try setup.rows("damaged") == expected)
        #expect(setup.markers("damaged") == Self.files)
    }
}

extension CheckpointKillTests.Query {
    func with(retain: Int) -> Self {
        var query = self
        query.retain = retain
        return query
    }
}
