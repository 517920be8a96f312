import Foundation
import Testing

/// Reference data for engine tests: the sample LIBSVM records as JSON-lines files with event
/// times, labels flipped on some rows so the model is often wrong, and the accuracies per
/// (window, label) computed here from the model's coefficients, independently of the engine.
struct EngineFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var modelPath: String { directory.appendingPathComponent("lr_model.json").path }

    struct Record {
        var label: String
        var features: String
        var seconds: Double
    }

    let root: URL
    var input: URL { root.appendingPathComponent("in") }
    var records: [Record] = []

    /// Writes `files` files of `perFile` records each, times advancing `step` seconds per record.
    init(
        files: Int, perFile: Int, step: Double = 0.05, start: Double = 1_554_260_000, malformedEvery: Int? = nil,
        malformedFeatures: String = "3:1 2:2"
    ) throws {
        root = try SluiceBinary.temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        let lines = try String(contentsOf: Self.directory.appendingPathComponent("sample_libsvm_data.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        var time = start
        for file in 0..<files {
            var text = ""
            for index in 0..<perFile {
                let n = file * perFile + index
                let line = lines[n % lines.count]
                let space = line.firstIndex(of: " ")!
                var label = String(line[..<space])
                if n % 3 == 0 { label = label == "1" ? "0" : "1" }
                var features = String(line[line.index(after: space)...])
                if let every = malformedEvery, n % every == 0 { features = malformedFeatures }
                records.append(Record(label: label, features: features, seconds: time))
                let json: [String: Any] = ["label": label, "features": features, "__time__": time]
                text += String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self) + "\n"
                time += step
            }
            try text.write(to: input.appendingPathComponent(String(format: "part-%05d.json", file)), atomically: true, encoding: .utf8)
        }
    }

    /// The id a checkpoint's epochs are committed under, from its metadata.
    static func checkpointID(_ checkpoint: URL) throws -> String {
        let metadata = try JSONSerialization.jsonObject(with: Data(contentsOf: checkpoint.appendingPathComponent("metadata")))
        return (metadata as? [String: Any])?["id"] as? String ?? ""
    }

    /// The fixture model's coefficients and intercept, read once.
    static let model = Result { () throws -> ([Double], Double) in
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("lr_model.json")))
            as! [String: Any]
        return (object["coefficients"] as! [Double], object["intercept"] as! Double)
    }

    /// The model's prediction, from its coefficients (1-based LIBSVM indices), or nil when malformed.
    static func predict(_ features: String) throws -> Double? {
        let (coefficients, intercept) = try model.get()
        var margin = intercept
        var last = 0
        for token in features.split(separator: " ") {
            let parts = token.split(separator: ":")
            guard let index = Int(parts[0]), let value = Double(parts[1]), index > last, index <= coefficients.count else {
                return nil
            }
            last = index
            margin += coefficients[index - 1] * value
        }
        return 1 / (1 + exp(-margin)) > 0.5 ? 1 : 0
    }

    /// Accuracy per (window start text, label): sum(predict = label) / count(label), with
    /// `predict` (the fixture model's by default) giving each record's prediction or nil.
    func expectedAccuracies(predict: (String) throws -> Double? = EngineFixture.predict) throws -> [String: Double] {
        var hits: [String: Int] = [:]
        var counts: [String: Int] = [:]
        for record in records {
            let start = Int(record.seconds) - Int(record.seconds) % 10
            let formatter = DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let key = formatter.string(from: Date(timeIntervalSince1970: Double(start))) + "|" + record.label
            counts[key, default: 0] += 1
            if let prediction = try predict(record.features), prediction == Double(record.label) { hits[key, default: 0] += 1 }
        }
        var accuracies: [String: Double] = [:]
        for (key, count) in counts { accuracies[key] = Double(hits[key] ?? 0) / Double(count) }
        return accuracies
    }

    /// The reference script over this fixture into `database`, checkpoint under the fixture.
    func script(
        database: URL, isolation: String = "READ_COMMITTED", maxFiles: Int = 1, modelPath: String = EngineFixture.modelPath
    ) -> String {
        """
        CREATE TABLE IF NOT EXISTS sls_dataset (label string, features string, __time__ timestamp) USING json
          OPTIONS (path='\(input.path)', maxFilesPerTrigger='\(maxFiles)');
        CREATE TABLE IF NOT EXISTS rds_result USING jdbc2 OPTIONS (url='jdbc:sqlite:\(database.path)', dbtable='result',
          batchsize='100', isolationLevel='\(isolation)');
        CREATE FUNCTION IF NOT EXISTS Logistic_Regression AS 'org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF';
        SET streaming.query.name=lr_prediction;
        SET spark.sql.streaming.checkpointLocation.lr_prediction=\(root.appendingPathComponent("checkpoint-" + database.lastPathComponent).path);
        SET spark.sql.streaming.query.outputMode.lr_prediction=update;
        SET streaming.query.lr_prediction.sql=insert into `result`(`time`, `label`, `acc`) values(?, ?, ?);
        INSERT INTO rds_result SELECT window.start, label, sum(if(tb.predict = tb.label, 1, 0)) / count(tb.label) as acc
        FROM (SELECT default.Logistic_Regression("\(modelPath)", concat_ws(" ", label, features)) as predict,
          label, __time__ as time FROM sls_dataset) tb
        GROUP BY TUMBLING(tb.time, interval 10 second), tb.label;
        """
    }
}
