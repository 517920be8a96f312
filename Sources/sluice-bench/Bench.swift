import Foundation
import SluiceCore
import SluiceExec
import SluiceML
import SluiceFormats
import SluiceLogStore
import SluiceMetastore
import SluicePlan
import SluiceRuntime
import SluiceSQL

/// Benchmarks, run with `swift run -c release sluice-bench <name>`; figures go to docs/benchmarks.md.
///
/// - `executor`: the executor stage of the reference query on one core — JSON records of the
///   sample data cycled to 1,000,000 with event times, through scan → model UDF → partial aggregate.
/// - `values`: the JSON and LIBSVM readers' double and timestamp parsing (`ValueBench`).
/// - `walk`: PullLogs answers into column batches, in three passes against one (`WalkBench`).
/// - `logstore`: PutLogs and PullLogs throughput of a log store server on loopback.
/// - `latency`: PutLogs to window commit on `sluice submit --master local[2]` at a steady rate.
@main
struct Bench {
    static func main() throws {
        ProcessTuning.apply()
        let arguments = CommandLine.arguments.dropFirst()
        let name = arguments.first ?? "executor"
        let records = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
        switch name {
        case "executor": try executor(records: records)
        case "model": try model(records: records)
        case "scan": try scan(records: records)
        case "values": ValueBench.run(records: records, libsvmLines: try sampleLines())
        case "walk": WalkBench.run(records: records, lines: try sampleLines())
        case "latency":
            let rate = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 20_000
            let trigger = arguments.dropFirst(3).first ?? "processing-time=1s"
            let groupSize = arguments.dropFirst(4).first.flatMap { Int($0) } ?? LatencyBench.defaultGroupSize
            try LatencyBench.run(
                seconds: arguments.dropFirst().first.flatMap { Int($0) } ?? 20, rate: rate, trigger: trigger,
                groupSize: groupSize, lines: try sampleLines())
        case "logstore":
            let policy: FsyncPolicy = arguments.dropFirst(2).first == "interval" ? .interval(.milliseconds(200)) : .always
            try LogStoreBench.run(records: records, lines: try sampleLines(), policy: policy)
        default:
            FileHandle.standardError.write(Data("usage: sluice-bench executor|model|scan|values|walk [records] | logstore [records] [always|interval] | latency [seconds] [rate] [trigger] [logs per PutLogs]\n".utf8))
            exit(2)
        }
    }

    static func sampleLines() throws -> [String] {
        let candidates = ["examples/sample_libsvm_data.txt", "../shared/data/sample_libsvm_data.txt"]
        for path in candidates {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                return text.split(separator: "\n").filter { !$0.isEmpty }.map(String.init)
            }
        }
        throw RuntimeError("sample_libsvm_data.txt not found in examples/")
    }

    /// JSON lines: `{"label": "1", "features": "…", "__time__": t}`, 20 records per second of event time.
    static func jsonRecords(_ count: Int) throws -> [UInt8] {
        let lines = try sampleLines()
        var text = ""
        text.reserveCapacity(count * 1400)
        for index in 0..<count {
            let line = lines[index % lines.count]
            let space = line.firstIndex(of: " ")!
            text += "{\"label\":\"\(line[..<space])\",\"features\":\"\(line[line.index(after: space)...])\","
            text += "\"__time__\":\(1_554_260_000 + index / 20)}\n"
        }
        return Array(text.utf8)
    }

    /// The JSON-lines source alone: records into column batches, 4 MiB at a time, batches dropped.
    static func scan(records: Int) throws {
        let data = try jsonRecords(records)
        let schema = [
            Column(name: "label", type: .string), Column(name: "features", type: .string),
            Column(name: "__time__", type: .timestamp),
        ]
        var rows = 0
        let passes = Int(ProcessInfo.processInfo.environment["SLUICE_BENCH_PASSES"] ?? "1") ?? 1
        let started = DispatchTime.now()
        for _ in 0..<passes {
            var offset = 0
            while offset < data.count {
                var end = min(data.count, offset + 4 * 1024 * 1024)
                while end < data.count, data[end - 1] != UInt8(ascii: "\n") { end += 1 }
                rows += data[offset..<end].withUnsafeBytes { JSONLinesFormat.scan($0, schema: schema) }.batch.rowCount
                offset = end
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print("JSON scan: \(rows) records (\(passes * data.count / 1_000_000) MB) in \(String(format: "%.3f", seconds)) s = "
            + "\(Int(Double(rows) / seconds)) records/s, \(Int(Double(passes * data.count) / seconds / 1e6)) MB/s")
    }

    /// The model UDF alone over the sample records, as label and features bytes, two at a time.
    static func model(records: Int) throws {
        let lines = try sampleLines()
        let model = try ModelRegistry.shared.model(at: "examples/lr_model.json")
        let pairs = lines.map { line -> ([UInt8], [UInt8]) in
            let space = line.firstIndex(of: " ")!
            return (Array(line[..<space].utf8), Array(line[line.index(after: space)...].utf8))
        }
        var ones = 0.0
        let started = DispatchTime.now()
        // Two records at a time, as the engine calls the model for whole rows.
        for index in stride(from: 0, to: records - 1, by: 2) {
            let (label1, features1) = pairs[index % pairs.count]
            let (label2, features2) = pairs[(index + 1) % pairs.count]
            let (first, second) = label1.withUnsafeBufferPointer { l1 in
                features1.withUnsafeBufferPointer { f1 in
                    label2.withUnsafeBufferPointer { l2 in
                        features2.withUnsafeBufferPointer { f2 in model.predictPair((l1, f1), (l2, f2)) }
                    }
                }
            }
            ones += ((try? first.get()) ?? 0) + ((try? second.get()) ?? 0)
        }
        if records % 2 == 1 {
            let (label, features) = pairs[(records - 1) % pairs.count]
            ones += label.withUnsafeBufferPointer { l in
                features.withUnsafeBufferPointer { f in (try? model.predict(label: l, features: f)) ?? 0 }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print("model UDF: \(records) records in \(String(format: "%.3f", seconds)) s = \(Int(Double(records) / seconds)) records/s "
            + "(\(Int(ones)) predicted 1)")
    }

    static func executor(records: Int) throws {
        let session = Session(store: InMemoryCatalogStore())
        let runner = ScriptRunner(session: session)
        let setup = """
            CREATE TABLE src (label string, features string, __time__ timestamp) USING json OPTIONS (path='/unused');
            CREATE FUNCTION Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
            """
        guard runner.run(text: setup, name: "setup", variables: [:], emit: { _ in }) else { throw RuntimeError("setup failed") }
        let query = """
            SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
            FROM (SELECT default.Logistic_Regression("examples/lr_model.json", concat_ws(" ", label, features)) as predict,
              label, __time__ as time FROM src) tb
            GROUP BY TUMBLING(tb.time, interval 10 second), tb.label
            """
        let statement = try Parser.parseStatement(StatementText(span: SourceSpan(start: 0, end: query.utf8.count), text: query[...]))
        let bound = try session.bindForExecution(statement)
        let stages = try StagePlanner.split(bound.plan)
        let context = EvaluationContext(functions: ModelRegistry.shared)
        let task = ExecutorTask(stage: stages.executor, context: context)
        let schema = stages.executor.scan.attributes.map { Column(name: $0.name, type: $0.type) }
        let data = try jsonRecords(records)
        let chunk = 4 * 1024 * 1024
        var groups = 0
        var rows = 0
        // The source's work (JSON lines into column batches) is timed apart from the stage's.
        var batches: [RecordBatch] = []
        let scanStarted = DispatchTime.now()
        var offset = 0
        while offset < data.count {
            var end = min(data.count, offset + chunk)
            while end < data.count, data[end - 1] != UInt8(ascii: "\n") { end += 1 }
            batches.append(data[offset..<end].withUnsafeBytes { JSONLinesFormat.scan($0, schema: schema) }.batch)
            offset = end
        }
        let scanSeconds = Double(DispatchTime.now().uptimeNanoseconds - scanStarted.uptimeNanoseconds) / 1e9
        let started = DispatchTime.now()
        for batch in batches {
            let partial = try task.run(batch, watermarkMicros: nil)
            groups += partial.groupCount
            rows += partial.metrics.inputRows
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print("executor stage: \(rows) records in \(String(format: "%.3f", seconds)) s = "
            + "\(Int(Double(rows) / seconds)) records/s on one core (\(groups) partial groups; "
            + "before that, scanning \(data.count / 1_000_000) MB of JSON lines into batches took "
            + "\(String(format: "%.3f", scanSeconds)) s = \(Int(Double(rows) / scanSeconds)) records/s)")
    }
}
