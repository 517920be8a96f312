import Foundation
import SluiceML
import SluiceRuntime
import Testing

/// Spark's saved model directories as the UDF's model path: loaded by `ModelRegistry`, refused
/// with the file named when broken, and run by the real binary in the reference query.
@Suite(.serialized) struct SparkModelDirectoryTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../SluiceMLTests/Fixtures/spark-models").standardizedFileURL
    static let names = [
        "mllib-lr-lbfgs", "mllib-lr-l2-threshold07", "mllib-svm", "ml-lr-binary", "ml-lr-elasticnet",
        "ml-lr-multinomial",
    ]

    static func path(_ name: String) -> String { models.appendingPathComponent(name).path }

    /// A writable copy of a reference model directory, to break.
    static func copy(_ name: String) throws -> URL {
        let target = try SluiceBinary.temporaryDirectory().appendingPathComponent(name)
        try FileManager.default.copyItem(at: models.appendingPathComponent(name), to: target)
        for file in FileManager.default.subpaths(atPath: target.path) ?? [] {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: target.appendingPathComponent(file).path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
        return target
    }

    static func dataFile(_ directory: URL) throws -> URL {
        let data = directory.appendingPathComponent("data")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: data.path).first { $0.hasSuffix(".parquet") })
        return data.appendingPathComponent(name)
    }

    private func loadError(_ path: String) -> String? {
        do {
            _ = try ModelRegistry().modelFunction(className: ModelRegistry.logisticRegressionClass, modelPath: path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func everyModelDirectoryLoadsAndPredictsWhatSparkPredicted() throws {
        let spark =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.models.appendingPathComponent("../spark_predictions.json")))
            as! [String: Any]
        let predictions = spark["predictions"] as! [String: [Double]]
        let lines = try String(
            contentsOf: Self.models.appendingPathComponent("../sample_libsvm_data.txt"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        let registry = ModelRegistry()
        for name in Self.names {
            let function = try registry.modelFunction(
                className: ModelRegistry.logisticRegressionClass, modelPath: Self.path(name))
            let expected = try #require(predictions[name])
            for (row, line) in lines.enumerated() {
                let prediction = withBytes(line) { function.predict(line: $0) }
                #expect(prediction == expected[row], "\(name) row \(row)")
                let space = line.firstIndex(of: " ")!
                let fused = withBytes(String(line[..<space])) { label in
                    withBytes(String(line[line.index(after: space)...])) { features in
                        function.predict(label: label, features: features)
                    }
                }
                #expect(fused == expected[row], "\(name) row \(row), label and features apart")
            }
            // An index above the model's 692 features: NULL for that record.
            #expect(withBytes("1 3:0.5 693:1") { function.predict(line: $0) } == nil, "\(name)")
        }
    }

    @Test func mllibLogisticRegressionIsTheJSONModelsFastPathModel() throws {
        let model = try ModelRegistry().model(at: Self.path("mllib-lr-lbfgs"))
        #expect(model.numFeatures == 692)
        #expect(model.threshold == 0.5)
        let svm = loadErrorOfModel(Self.path("mllib-svm"))
        #expect(
            svm?.contains("is a Spark mllibSVM model, not mllib's binary logistic regression") == true, "\(svm ?? "")")
    }

    private func loadErrorOfModel(_ path: String) -> String? {
        do {
            _ = try ModelRegistry().model(at: path)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aDirectoryThatIsNotAModelIsNamed() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let error = loadError(directory.path)
        #expect(error?.contains("is a directory without metadata/") == true, "\(error ?? "")")

        let copy = try Self.copy("mllib-svm")
        try FileManager.default.removeItem(at: copy.appendingPathComponent("data"))
        let noData = loadError(copy.path)
        #expect(noData?.contains("\(copy.path)/data cannot be listed") == true, "\(noData ?? "")")
    }

    @Test func anUnknownClassOrVersionNamesTheMetadataFile() throws {
        let copy = try Self.copy("mllib-svm")
        let metadata = copy.appendingPathComponent("metadata")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: metadata.path).first { $0.hasPrefix("part-") })
        let file = metadata.appendingPathComponent(name)
        try #"{"class":"org.apache.spark.mllib.classification.NaiveBayesModel","version":"2.0"}"#.write(
            to: file, atomically: true, encoding: .utf8)
        let unknown = loadError(copy.path)
        #expect(
            unknown?.contains(
                "\(file.path): model class org.apache.spark.mllib.classification.NaiveBayesModel is not read") == true,
            "\(unknown ?? "")")
        try
            #"{"class":"org.apache.spark.mllib.classification.SVMModel","version":"9.9","numFeatures":692,"numClasses":2}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let version = loadError(copy.path)
        #expect(version?.contains("format version 9.9 is not read") == true, "\(version ?? "")")
        try "{not json".write(to: file, atomically: true, encoding: .utf8)
        #expect(loadError(copy.path)?.contains("\(file.path): the metadata is not valid JSON") == true)
    }

    @Test func truncatedOrFlippedParquetFilesAreNamed() throws {
        let copy = try Self.copy("ml-lr-multinomial")
        let file = try Self.dataFile(copy)
        let original = try [UInt8](Data(contentsOf: file))
        try Data(original[..<(original.count / 2)]).write(to: file)
        let truncated = loadError(copy.path)
        #expect(
            truncated?.contains(
                "\(file.path) is not a readable Parquet file: the file does not end with Parquet's magic") == true,
            "\(truncated ?? "")")

        var flipped = original
        flipped[1] ^= 0xFF
        try Data(flipped).write(to: file)
        #expect(
            loadError(copy.path)?.contains(
                "\(file.path) is not a readable Parquet file: the file does not start with Parquet's magic") == true)

        // Bytes flipped one at a time across the file: a clear error naming the file, or a model; never a crash.
        var refused = 0
        for position in stride(from: 4, to: original.count - 4, by: 37) {
            var mutant = original
            mutant[position] ^= 0x5A
            try Data(mutant).write(to: file)
            if let error = loadError(copy.path) {
                #expect(error.contains(copy.path), "\(error)")
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    @Test func numFeaturesSmallerThanTheRecordsIndexIsAMalformedRecordInTheQuery() throws {
        let fixture = try EngineFixture(files: 2, perFile: 100, malformedEvery: 10, malformedFeatures: "1:0.5 693:1")
        let database = fixture.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = fixture.root.appendingPathComponent("query.sql")
        try fixture.script(database: database, modelPath: Self.path("mllib-svm")).write(
            to: script, atomically: true, encoding: .utf8)
        let result = try SluiceBinary.run([
            "sql", "--metastore", fixture.root.appendingPathComponent("ms").path, "--trigger", "available-now", "-f",
            script.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // One epoch per file of 100 records, every tenth with index 693.
        #expect(result.stderr.components(separatedBy: "100 rows in, 2 rows written").count == 3, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "s, 10 malformed records").count == 3, "\(result.stderr)")
        let classifier = try ModelRegistry().classifier(at: Self.path("mllib-svm"))
        let expected = try fixture.expectedAccuracies { features in try? classifier.predict(libsvmLine: "0 " + features)
        }
        // Update mode writes a window again when a later epoch adds to it: the last row counts.
        var actual: [String: Double] = [:]
        for row in try SQLiteReader.query(database.path, "SELECT time, label, acc FROM result ORDER BY id") {
            actual["\(row[0] ?? "")|\(row[1] ?? "")"] = Double(row[2] ?? "")
        }
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, value) in expected {
            #expect(abs((actual[key] ?? -1) - value) < 1e-12, "\(key): \(actual[key] ?? -1) vs \(value)")
        }
    }

    /// The reference query with the UDF over each kind of Spark model, against accuracies
    /// computed from that model's own predictions.
    @Test(arguments: ["ml-lr-binary", "mllib-svm", "ml-lr-multinomial"])
    func theReferenceQueryRunsOverASparkModelDirectory(name: String) throws {
        let fixture = try EngineFixture(files: 3, perFile: 200)
        let database = fixture.root.appendingPathComponent("result.db")
        _ = try SQLiteReader.query(database.path, EngineTests.resultTable)
        let script = fixture.root.appendingPathComponent("query.sql")
        try fixture.script(database: database, modelPath: Self.path(name)).write(
            to: script, atomically: true, encoding: .utf8)
        let result = try SluiceBinary.run([
            "sql", "--metastore", fixture.root.appendingPathComponent("ms").path, "--trigger", "available-now", "-f",
            script.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let classifier = try ModelRegistry().classifier(at: Self.path(name))
        let expected = try fixture.expectedAccuracies { features in try? classifier.predict(libsvmLine: "0 " + features)
        }
        var actual: [String: Double] = [:]
        for row in try SQLiteReader.query(database.path, "SELECT time, label, acc FROM result ORDER BY id") {
            actual["\(row[0] ?? "")|\(row[1] ?? "")"] = Double(row[2] ?? "")
        }
        #expect(Set(actual.keys) == Set(expected.keys))
        #expect(expected.values.contains { $0 < 0.9 }, "the fixture must make the model wrong often")
        for (key, value) in expected {
            #expect(abs((actual[key] ?? -1) - value) < 1e-12, "\(name) \(key): \(actual[key] ?? -1) vs \(value)")
        }
    }
}

/// Runs `body` on the UTF-8 bytes of `text`.
private func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var text = text
    return text.withUTF8(body)
}
