import Foundation
import SluiceLogClient
import SluiceLogStore
import Testing

/// The reference query over `USING loghub`: a real log store server in this process, filled by
/// `sluice generate`, read by `sluice sql`, results in SQLite.
@Suite(.serialized) struct LoghubEngineTests {
    static let project = "lr-demo"
    static let store = "samples"
    static let credentials = SLSCredentials(accessKeyId: "ak-test", accessKeySecret: "sk-test")
    static let startTime: Int64 = 1_554_260_000
    static let eventRate = 100

    /// A running store with `records` generated records (labels flipped on every third row).
    struct Store {
        let root: URL
        let server: LogStoreServer
        let rows: [LabeledRow]
        /// Every record generated so far, with its log time.
        var written: [(row: LabeledRow, seconds: Int64)] = []
        var endpoint: String { "127.0.0.1:\(server.port)" }

        init(records: Int, segmentBytes: Int = LogStorage.defaultSegmentBytes) throws {
            root = try SluiceBinary.temporaryDirectory()
            server = try LogStoreServer(
                dataDirectory: root.appendingPathComponent("logstore").path, host: "127.0.0.1", port: 0,
                credentials: [credentials.accessKeyId: credentials.accessKeySecret], insecure: false,
                segmentBytes: segmentBytes)
            server.start()
            let text = try String(
                contentsOf: EngineFixture.directory.appendingPathComponent("sample_libsvm_data.txt"), encoding: .utf8)
            rows = LabeledRow.parse(text).enumerated().map { index, row in
                guard index % 3 == 0 else { return row }
                return LabeledRow(label: row.label == "1" ? "0" : "1", features: row.features)
            }
            let client = try SLSClient(endpoint: "127.0.0.1:\(server.port)", credentials: credentials)
            try client.createProject(project)
            try client.createLogStore(project: project, store: store, shardCount: 2)
            if records > 0 { try generate(records: records) }
        }

        /// Runs `sluice generate` for `records` records of the label-flipped rows, the first at
        /// `startTime + offsetSeconds`, and remembers them for `expectedAccuracies`.
        mutating func generate(records: Int, offsetSeconds: Int64 = 0) throws {
            let input = root.appendingPathComponent("input.libsvm")
            try rows.map { "\($0.label) \($0.features)" }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
            let result = try SluiceBinary.run([
                "generate", "--endpoint", endpoint, "--project", project, "--store", store,
                "--access-key-id", credentials.accessKeyId, "--access-key-secret", credentials.accessKeySecret,
                "--input", input.path, "--records", String(records), "--start-time", String(startTime + offsetSeconds),
                "--event-rate", String(eventRate), "--batch", "100",
            ])
            guard result.status == 0 else { throw GenerateFailure(message: result.stderr) }
            for index in 0..<records {
                written.append((rows[index % rows.count], startTime + offsetSeconds + Int64(index / eventRate)))
            }
        }

        struct GenerateFailure: Error { let message: String }

        /// Accuracy per (window start, label) of every record written, from the model's coefficients.
        func expectedAccuracies() throws -> [String: Double] {
            var hits: [String: Int] = [:]
            var counts: [String: Int] = [:]
            let formatter = DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            for (row, seconds) in written {
                let key = formatter.string(from: Date(timeIntervalSince1970: Double(seconds - seconds % 10))) + "|" + row.label
                counts[key, default: 0] += 1
                if let prediction = try EngineFixture.predict(row.features), prediction == Double(row.label) {
                    hits[key, default: 0] += 1
                }
            }
            var accuracies: [String: Double] = [:]
            for (key, count) in counts { accuracies[key] = Double(hits[key] ?? 0) / Double(count) }
            return accuracies
        }

        func table(_ extraOptions: String = "") -> String {
            """
            CREATE TABLE IF NOT EXISTS sls_dataset USING loghub OPTIONS (sls.project='\(project)', sls.store='\(store)',
              access.key.id='\(credentials.accessKeyId)', access.key.secret='\(credentials.accessKeySecret)',
              endpoint='\(endpoint)', startingoffsets='earliest'\(extraOptions));
            """
        }

        func script(database: URL, extraOptions: String = "") -> String {
            script(sinkURL: "jdbc:sqlite:\(database.path)", extraOptions: extraOptions)
        }

        /// The reference query into table `result` of the database `sinkURL` names.
        func script(sinkURL: String, extraOptions: String = "", sinkOptions: String = "") -> String {
            table(extraOptions) + """

            CREATE TABLE IF NOT EXISTS rds_result USING jdbc2 OPTIONS (url='\(sinkURL)', dbtable='result',
              batchsize='100', isolationLevel='READ_COMMITTED'\(sinkOptions));
            CREATE FUNCTION IF NOT EXISTS Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
            SET streaming.query.name=lr_prediction;
            SET spark.sql.streaming.checkpointLocation.lr_prediction=\(root.appendingPathComponent("checkpoint").path);
            SET spark.sql.streaming.query.outputMode.lr_prediction=update;
            SET streaming.query.lr_prediction.sql=insert into `result`(`time`, `label`, `acc`) values(?, ?, ?);
            INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
            FROM (SELECT default.Logistic_Regression("\(EngineFixture.modelPath)", concat_ws(" ", label, features)) as predict,
              label, __time__ as time FROM sls_dataset) tb
            GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
            """
        }

        func run(_ script: String, name: String) throws -> SluiceBinary.Result {
            let file = root.appendingPathComponent(name + ".sql")
            try script.write(to: file, atomically: true, encoding: .utf8)
            return try SluiceBinary.run([
                "sql", "--metastore", root.appendingPathComponent("ms-" + name).path, "--trigger", "available-now",
                "-f", file.path,
            ])
        }
    }

    /// The last accuracy written per (window, label), in the table's insertion order.
    static func finalAccuracies(_ database: URL) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for row in try SQLiteReader.query(database.path, "SELECT time, label, acc FROM result ORDER BY id") {
            result["\(row[0] ?? "")|\(row[1] ?? "")"] = Double(row[2] ?? "")
        }
        return result
    }

    @Test func referenceQueryOverTheLogStoreWritesTheAccuracyOfEveryWindowAndLabel() throws {
        var store = try Store(records: 3_000)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let result = try store.run(store.script(database: database, extraOptions: ", maxOffsetsPerTrigger='1000'"), name: "q")
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try store.expectedAccuracies()
        let actual = try Self.finalAccuracies(database)
        #expect(Set(actual.keys) == Set(expected.keys))
        #expect(expected.values.contains { $0 < 0.9 }, "the data must make the model wrong often")
        for (key, value) in expected {
            #expect(abs((actual[key] ?? -1) - value) < 1e-12, "\(key): \(actual[key] ?? -1) vs \(value)")
        }
        // 1000 logs per epoch over 2 shards of 100-log groups: 3 epochs.
        let id = try EngineFixture.checkpointID(store.root.appendingPathComponent("checkpoint"))
        let epochs = try SQLiteReader.query(database.path, "SELECT count(*) FROM _sluice_epochs WHERE query = '\(id)'")
        #expect(epochs.first?.first == "3")

        // More data later: a rerun continues from the checkpoint and reads only the new logs.
        try store.generate(records: 1_000, offsetSeconds: 30)
        let again = try store.run(store.script(database: database, extraOptions: ", maxOffsetsPerTrigger='1000'"), name: "q")
        #expect(again.status == 0, "\(again.stderr)")
        let all = try store.expectedAccuracies()
        let after = try Self.finalAccuracies(database)
        for (key, value) in all { #expect(abs((after[key] ?? -1) - value) < 1e-12, "\(key) after the rerun") }
        #expect(again.stderr.contains("1000 rows in"), "\(again.stderr)")
    }

    /// Bytes that are not a LogGroupList in a PullLogs answer (a damaged segment, which the store
    /// serves by sendfile without checking it on the way) fail the query with a message naming the
    /// shard and the cursor; the task never crashes on them.
    @Test func aDamagedPullLogsAnswerFailsTheQueryNamingTheShardAndCursor() throws {
        let store = try Store(records: 400)
        defer { store.server.stop() }
        let database = store.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        // Shard 0's first group: its first byte (after the 32-byte record header) is the tag of
        // its first log, 0x0A; 0x0B makes it a protobuf group, which LogGroup never holds.
        let segment = store.root.appendingPathComponent("logstore/\(Self.project)/\(Self.store)/0/00000000000000000000.seg")
        let file = try FileHandle(forUpdating: segment)
        try file.seek(toOffset: 32)
        #expect(try file.read(upToCount: 1) == Data([0x0A]))
        try file.seek(toOffset: 32)
        try file.write(contentsOf: Data([0x0B]))
        try file.close()
        let result = try store.run(store.script(database: database), name: "q")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("shard 0: the PullLogs answer at cursor 0 is not a valid LogGroupList"), "\(result.stderr)")
        #expect(result.stderr.contains("LogGroup.Logs (1) has wire type 3, expected 2"), "\(result.stderr)")
    }

    @Test func describeListsTheKeysAndTagsOfRecentLogs() throws {
        let store = try Store(records: 200)
        defer { store.server.stop() }
        let result = try store.run(store.table() + "\nDESC sls_dataset;", name: "desc")
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["__time__\ttimestamp", "label\tstring", "features\tstring", "__tag__generator__\tstring",
                     "__tag__receive_time__\tstring"] {
            #expect(result.stdout.contains(line), "\(line) missing from:\n\(result.stdout)")
        }
    }

    /// A store whose query ran over 1,000 records, then 1,000 more written, then everything but
    /// each shard's newest segment aged out before the query read it; and the query's database.
    func storeAfterRetention() throws -> (Store, URL) {
        var store = try Store(records: 1_000, segmentBytes: 4_096)
        let database = store.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        #expect(try store.run(store.script(database: database), name: "q").status == 0)
        try store.generate(records: 1_000, offsetSeconds: 10)
        #expect(try store.server.storage.applyRetention(now: Int64(Date().timeIntervalSince1970) + 31 * 86_400) > 0)
        return (store, database)
    }

    @Test func dataRemovedByRetentionFailsTheQueryUnlessFailOnDataLossIsFalse() throws {
        let (store, database) = try storeAfterRetention()
        defer { store.server.stop() }
        let failed = try store.run(store.script(database: database), name: "q")
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("removed by retention"), "\(failed.stderr)")
        let skipped = try store.run(store.script(database: database, extraOptions: ", failOnDataLoss='false'"), name: "q-skip")
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("skipped"), "\(skipped.stderr)")
    }

    @Test func anEpochRecomputedOverLogsRemovedByRetentionIsDataLoss() throws {
        let (store, database) = try storeAfterRetention()
        defer { store.server.stop() }
        // The state must be recomputed from epoch 0's logs, some of which are gone.
        try FileManager.default.removeItem(at: store.root.appendingPathComponent("checkpoint/state"))
        let failed = try store.run(store.script(database: database), name: "q")
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("an epoch run again reads cursors"), "\(failed.stderr)")
        #expect(failed.stderr.contains("were removed by retention; set failOnDataLoss=false"), "\(failed.stderr)")
    }

    @Test func anOffsetPastTheShardsEndIsDataLossUnlessFailOnDataLossIsFalse() throws {
        let first = try Store(records: 1_000)
        let database = first.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        #expect(try first.run(first.script(database: database), name: "q").status == 0)
        first.server.stop()
        // Another store under the same names, shorter than what the checkpoint has read.
        var second = try Store(records: 200)
        defer { second.server.stop() }
        try FileManager.default.copyItem(
            at: first.root.appendingPathComponent("checkpoint"), to: second.root.appendingPathComponent("checkpoint"))
        let failed = try second.run(second.script(database: database), name: "q")
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("but the shard ends at"), "\(failed.stderr)")
        #expect(failed.stderr.contains("failOnDataLoss=false"), "\(failed.stderr)")
        let reset = try second.run(second.script(database: database, extraOptions: ", failOnDataLoss='false'"), name: "q2")
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stderr.contains("going on from the shard's end"), "\(reset.stderr)")
        // Logs written after the reset are read.
        try second.generate(records: 300, offsetSeconds: 100)
        let later = try second.run(second.script(database: database, extraOptions: ", failOnDataLoss='false'"), name: "q2")
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stderr.contains("300 rows in"), "\(later.stderr)")
        #expect(!later.stderr.contains("going on"), "\(later.stderr)")
    }

    @Test func anUnreachableStoreIsAClearError() throws {
        let root = try SluiceBinary.temporaryDirectory()
        let script = root.appendingPathComponent("q.sql")
        try """
        CREATE TABLE t USING loghub OPTIONS (sls.project='p1x', sls.store='s1x', access.key.id='a', access.key.secret='b',
          endpoint='127.0.0.1:9', startingoffsets='earliest');
        SELECT label FROM t;
        """.write(to: script, atomically: true, encoding: .utf8)
        let result = try SluiceBinary.run([
            "sql", "--metastore", root.appendingPathComponent("ms").path, "--trigger", "available-now", "-f", script.path,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("127.0.0.1:9"), "\(result.stderr)")
    }
}
