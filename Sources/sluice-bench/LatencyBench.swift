import Foundation
import SluiceLogClient
import SluiceLogProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice-bench latency [seconds] [rate] [trigger] [logs per PutLogs]`: the time from a log's
/// PutLogs to the commit of its window, at a steady rate. A log store runs in this process;
/// `sluice submit --master local[2] --trigger <trigger>` (default `processing-time=1s`; the
/// release binary beside this one) runs the reference query into SQLite; the generator writes
/// `rate` logs/s for `seconds`, in groups of 100 logs (or as many as the last argument says),
/// noting when each group's PutLogs returned. Afterwards the checkpoint says which epoch read
/// each group (`offsets/<e>`) and when that epoch committed (the modification time of
/// `commits/<e>`).
enum LatencyBench {
    static let credentials = LogStoreBench.credentials
    /// Logs per PutLogs unless told otherwise.
    static let defaultGroupSize = 100

    static func run(seconds: Int, rate: Int, trigger: String, groupSize: Int, lines: [String]) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-latency-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (server, keys) = try LogStoreBench.startStore(directory: work + "/logstore")
        defer { server.stop() }
        let endpoint = "127.0.0.1:\(server.port)"
        let checkpoint = work + "/checkpoint"
        let script = work + "/query.sql"
        try """
        CREATE TABLE sls_dataset USING loghub OPTIONS (sls.project='bench', sls.store='samples', access.key.id='bench',
          access.key.secret='bench-secret', endpoint='\(endpoint)', startingoffsets='earliest');
        CREATE TABLE rds_result USING jdbc2 OPTIONS (url='jdbc:sqlite:\(work)/result.db', dbtable='result',
          isolationLevel='READ_COMMITTED');
        CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
        SET streaming.query.name=lr_prediction;
        SET spark.sql.streaming.checkpointLocation.lr_prediction=\(checkpoint);
        SET spark.sql.streaming.query.outputMode.lr_prediction=update;
        SET spark.sql.streaming.minBatchesToRetain=100000;
        INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
        FROM (SELECT default.Logistic_Regression("examples/lr_model.json", concat_ws(" ", label, features)) as predict,
          label, __time__ as time FROM sls_dataset) tb
        GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
        """.write(toFile: script, atomically: true, encoding: .utf8)

        let submit = Process()
        submit.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("sluice")
        submit.arguments = ["submit", "--master", "local[2]", "--trigger", trigger, script]
        let log = work + "/submit.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        submit.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        submit.standardOutput = FileHandle.nullDevice
        try submit.run()
        defer { if submit.isRunning { kill(submit.processIdentifier, SIGKILL) } }
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("no watermark") {
            guard submit.isRunning else { throw LogStoreError("sluice submit stopped: \(try String(contentsOfFile: log, encoding: .utf8))") }
            Thread.sleep(forTimeInterval: 0.02)
        }

        let rows = LabeledRow.parse(lines.joined(separator: "\n"))
        let plan = GeneratorPlan(rows: rows, records: seconds * rate, batch: groupSize, startTime: nil, eventRate: 1)
        // One writer per shard (shard s takes the group numbers ≡ s), so one PutLogs waiting for
        // its fsync does not hold back the next shard's.
        let times = PutTimes(count: plan.groupCount)
        let started = Date()
        _ = try LogStoreBench.timed(threads: keys.count) { shard in
            let client = try SLSClient(endpoint: endpoint, credentials: credentials)
                for number in stride(from: shard, to: plan.groupCount, by: keys.count) {
                let due = Double(number * groupSize) / Double(rate)
                let wait = due - Date().timeIntervalSince(started)
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                try client.putLogs(
                    project: "bench", store: "samples", group: plan.group(number, now: Int64(Date().timeIntervalSince1970)),
                    hashKey: keys[shard])
                times.set(number, Date().timeIntervalSince1970)
            }
        }
        let putTimes = times.values
        let written = Date().timeIntervalSince(started)
        // Groups go round-robin over the shards: shard s holds the numbers ≡ s (mod shard count).
        let perShard = (0..<keys.count).map { shard in Int64((plan.groupCount - shard + keys.count - 1) / keys.count) }
        // Wait until the epochs that read every group of every shard have committed.
        var commits: [(ranges: [(shard: Int, start: Int64, end: Int64)], time: Double)] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            commits = try readCommits(checkpoint)
            let ranges = commits.flatMap(\.ranges)
            let covered = perShard.indices.allSatisfy { shard in
                (ranges.filter { $0.shard == shard }.map(\.end).max() ?? 0) >= perShard[shard]
            }
            if covered { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(submit.processIdentifier, SIGTERM)
        submit.waitUntilExit()
        var latencies: [Double] = []
        for (number, putTime) in putTimes.enumerated() {
            let shard = number % keys.count
            let sequence = Int64(number / keys.count)
            guard let commit = commits.first(where: { commit in
                commit.ranges.contains { $0.shard == shard && $0.start <= sequence && sequence < $0.end }
            }) else { throw LogStoreError("group \(number) was not committed within a minute") }
            latencies.append(commit.time - putTime)
        }
        latencies.sort()
        // How long each epoch ran (tasks, driver, sink, commit), from the query's progress lines.
        let epochSeconds = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line in
            line.contains(" epoch ") && line.contains(" rows written, ")
                ? line.split(separator: ",").dropFirst(2).first.flatMap { Double($0.trimmingCharacters(in: .whitespaces).dropLast(2)) }
                : nil
        }.sorted()
        if !epochSeconds.isEmpty {
            func epochPercentile(_ p: Double) -> Double { epochSeconds[min(epochSeconds.count - 1, Int(Double(epochSeconds.count) * p))] }
            print(String(
                format: "epochs (tasks, driver, sink, commit): p50 %.3f s, p99 %.3f s, max %.3f s over %d epochs",
                epochPercentile(0.5), epochPercentile(0.99), epochSeconds.last ?? 0, epochSeconds.count))
        }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(String(
            format: "latency PutLogs → window committed at %d logs/s for %d s (written at %.0f logs/s, %d a PutLogs), \(trigger), local[2]: "
                + "p50 %.3f s, p99 %.3f s, max %.3f s (%d groups, %d epochs)",
            rate, seconds, Double(plan.records) / written, groupSize, percentile(0.5), percentile(0.99), latencies.last ?? 0,
            latencies.count, commits.count))
    }

    /// Each committed epoch's shard ranges and commit time (unix seconds).
    static func readCommits(_ checkpoint: String) throws -> [(ranges: [(shard: Int, start: Int64, end: Int64)], time: Double)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoint + "/commits")) ?? []
        return try names.compactMap(Int.init).sorted().compactMap { epoch in
            let attributes = try FileManager.default.attributesOfItem(atPath: checkpoint + "/commits/\(epoch)")
            guard let date = attributes[.modificationDate] as? Date,
                let data = FileManager.default.contents(atPath: checkpoint + "/offsets/\(epoch)"),
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let source = object["source"] as? [String: Any], let shards = source["shards"] as? [[String: Any]]
            else { return nil }
            let ranges = shards.compactMap { range -> (shard: Int, start: Int64, end: Int64)? in
                guard let shard = (range["shard"] as? NSNumber)?.intValue, let start = (range["start"] as? NSNumber)?.int64Value,
                    let end = (range["end"] as? NSNumber)?.int64Value
                else { return nil }
                return (shard, start, end)
            }
            return (ranges, date.timeIntervalSince1970)
        }
    }
}

/// The PutLogs return time of each group, written by the writer threads.
final class PutTimes: @unchecked Sendable {
    private var times: [Double]
    private let lock = NSLock()

    init(count: Int) { times = [Double](repeating: 0, count: count) }

    func set(_ number: Int, _ time: Double) {
        lock.lock()
        times[number] = time
        lock.unlock()
    }

    var values: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return times
    }
}
