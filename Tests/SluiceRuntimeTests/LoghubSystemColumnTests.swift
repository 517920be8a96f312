import Foundation
import Testing

/// Declared system columns and the note on logs skipped at `latest`, through a real log store.
@Suite(.serialized) struct LoghubSystemColumnTests {
    typealias Store = LoghubEngineTests.Store

    /// A loghub table named `name` with `columns` (may be empty) and `start` as `startingoffsets`.
    static func table(_ store: Store, _ name: String, columns: String = "", start: String? = nil) -> String {
        let startOption = start.map { ", startingoffsets='\($0)'" } ?? ""
        return """
            CREATE TABLE IF NOT EXISTS \(name) \(columns) USING loghub OPTIONS (sls.project='\(LoghubEngineTests.project)',
              sls.store='\(LoghubEngineTests.store)', access.key.id='\(LoghubEngineTests.credentials.accessKeyId)',
              access.key.secret='\(LoghubEngineTests.credentials.accessKeySecret)', endpoint='\(store.endpoint)'\(startOption));
            """
    }

    /// Copies every row of `source` into SQLite table `rows` (created from the query's columns).
    static func copy(_ store: Store, from source: String, into database: URL) -> String {
        """
        CREATE TABLE IF NOT EXISTS out USING jdbc2 OPTIONS (url='jdbc:sqlite:\(database.path)', dbtable='rows');
        SET streaming.query.name=copy;
        SET spark.sql.streaming.checkpointLocation.copy=\(store.root.appendingPathComponent("checkpoint-copy").path);
        INSERT INTO out SELECT * FROM \(source);
        """
    }

    @Test func declaredSystemColumnsKeepTheirPlaceAndTypeAndTheOthersFollow() throws {
        let store = try Store(records: 200)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("rows.db")
        let columns = """
            (label string, __time__ timestamp, features string, __SHARD__ bigint, `__tag__:__generator__` string,
             __sequence_number__ string)
            """
        let script = Self.table(store, "t", columns: columns, start: "earliest") + "\n"
            + Self.copy(store, from: "t", into: database)
        let result = try store.run(script, name: "declared")
        #expect(result.status == 0, "\(result.stderr)")
        let names = try SQLiteReader.query(database.path, "SELECT name FROM pragma_table_info('rows') ORDER BY cid")
            .map { $0[0] ?? "" }
        #expect(names == [
            "label", "__time__", "features", "__shard__", "__tag__:__generator__", "__sequence_number__",
            "__logProject__", "__logStore__", "__topic__", "__source__",
        ])
        let count = try SQLiteReader.query(database.path, "SELECT count(*) FROM rows")
        #expect(count.first?.first == "200")
        // __time__ is the log time as a timestamp: the first record is at startTime (UTC).
        let times = try SQLiteReader.query(database.path, "SELECT min(__time__), max(__time__) FROM rows")
        #expect(times.first?[0]?.hasPrefix("2019-04-03 02:53:20") == true, "\(times)")
        #expect(times.first?[1]?.hasPrefix("2019-04-03 02:53:21") == true, "\(times)")
        let shards = try SQLiteReader.query(
            database.path, "SELECT DISTINCT typeof(__shard__), __shard__ FROM rows ORDER BY __shard__")
        #expect(shards.map { $0[0] ?? "" }.allSatisfy { $0 == "integer" }, "\(shards)")
        #expect(Set(shards.map { $0[1] ?? "" }).isSubset(of: ["0", "1"]), "\(shards)")
        let first = try SQLiteReader.query(
            database.path, "SELECT count(*) FROM rows WHERE __sequence_number__ = '0-0' AND __logProject__ = 'lr-demo'"
                + " AND __logStore__ = 'samples' AND `__tag__:__generator__` IS NOT NULL AND label IN ('0', '1')")
        #expect((Int((first.first?.first ?? nil) ?? "") ?? 0) >= 1, "\(first)")
        let distinct = try SQLiteReader.query(
            database.path, "SELECT count(DISTINCT __shard__ || '/' || __sequence_number__) FROM rows")
        #expect(distinct.first?.first == "200")
    }

    @Test func aSystemColumnOfAnIncompatibleTypeIsAnErrorAtItsType() throws {
        let store = try Store(records: 0)
        defer { store.server.stop() }
        let result = try store.run(Self.table(store, "t", columns: "(label string,\n  __topic__ int)"), name: "bad")
        #expect(result.status != 0)
        #expect(result.stderr.contains(":2:13: error: system column '__topic__' cannot be declared as int; declare it as string"),
                "\(result.stderr)")
    }

    @Test func aNewQueryAtLatestSaysHowManyLogGroupsItSkipsButAResumedOneDoesNot() throws {
        let store = try Store(records: 200)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("rows.db")
        let latest = try store.run(Self.table(store, "t") + "\n" + Self.copy(store, from: "t", into: database), name: "new")
        #expect(latest.status == 0, "\(latest.stderr)")
        // 200 records written in batches of 100: two log groups.
        let note = "log groups already in the store; set startingoffsets=earliest to read them"
        #expect(latest.stderr.components(separatedBy: note).count == 2, "\(latest.stderr)")
        #expect(latest.stderr.contains("skips the 2 log groups"), "\(latest.stderr)")

        // A checkpoint with a position: reading from earliest records one; a later run at latest resumes.
        let fromStart = try store.run(
            Self.table(store, "t", start: "earliest") + "\n" + Self.copy(store, from: "t", into: database), name: "early")
        #expect(fromStart.status == 0, "\(fromStart.stderr)")
        #expect(!fromStart.stderr.contains(note), "\(fromStart.stderr)")
        let resumed = try store.run(Self.table(store, "t") + "\n" + Self.copy(store, from: "t", into: database), name: "resume")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!resumed.stderr.contains(note), "\(resumed.stderr)")
    }
}
