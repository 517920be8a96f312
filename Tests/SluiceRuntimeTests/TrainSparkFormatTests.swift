import Foundation
import SluiceML
import SluiceRuntime
import Testing

/// `sluice train --format spark-mllib|spark-ml`, the real binary: the directory it writes is laid
/// out as Spark saves models, Sluice's loader reads back the trained model, and Spark itself
/// (PySpark 4.3.0 in local mode, installed by scripts/bootstrap-test-clients.sh) loads it and
/// predicts as Sluice does.
@Suite struct TrainSparkFormatTests {
    static let sample = TrainCLITests.sample

    /// Three classes over four features, overlapping.
    static func threeClassFile(in directory: URL) throws -> String {
        var text = ""
        for row in 0..<90 {
            let label = row % 3
            let a = Double((row * 37) % 17) / 17 + Double(label)
            let b = Double((row * 53) % 13) / 13 - Double(label) * 0.5
            text += "\(label) 1:\(a) 2:\(b) 4:\(Double(row % 5) / 5)\n"
        }
        let path = directory.appendingPathComponent("three-classes.libsvm").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func train(_ input: String, _ arguments: [String]) throws {
        let result = try SluiceBinary.run(["train", "--input", input] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
    }

    /// The model trained in process with the same parameters, as Sluice's loader should read it.
    func expected(
        _ input: String, _ kind: LinearClassifier.Kind, _ configure: (inout LogisticRegressionParameters) -> Void,
        threshold: Double?
    ) throws -> LinearClassifier {
        var parameters = LogisticRegressionParameters()
        configure(&parameters)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input)))
        let fit = try LogisticRegressionTrainer.train(TrainingData(libsvm: bytes), parameters)
        if kind == .mllibLogisticRegression {
            let model = try fit.binaryModel(threshold: threshold)
            return LinearClassifier(
                kind: kind, numFeatures: model.numFeatures, numClasses: 2, coefficients: model.coefficients,
                intercepts: [model.intercept], threshold: threshold)
        }
        return LinearClassifier(
            kind: kind, numFeatures: fit.coefficients[0].count, numClasses: fit.numClasses,
            coefficients: fit.coefficients.flatMap { $0 }, intercepts: fit.intercepts,
            threshold: kind == .logisticRegression ? threshold : nil)
    }

    func rows(_ input: String, _ model: LinearClassifier) throws -> [SparseVector] {
        try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").map {
            try LibSVM.parse(String($0), numFeatures: model.numFeatures).features
        }
    }

    @Test func theDirectoryIsLaidOutAsSparksAndReadsBackTheTrainedModel() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let mllib = directory.appendingPathComponent("mllib").path
        try train(
            Self.sample,
            [
                "--output", mllib, "--format", "spark-mllib", "--reg-param", "0.1", "--no-intercept", "--threshold",
                "0.7",
            ])
        for sub in ["metadata", "data"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: "\(mllib)/\(sub)").sorted()
            #expect(names.count == 2 && names[0] == "_SUCCESS", "\(names)")
            #expect(
                names[1].hasPrefix("part-00000-") && names[1].hasSuffix(sub == "data" ? "-c000.parquet" : "-c000.txt"))
        }
        let expectedMLlib = try expected(
            Self.sample, .mllibLogisticRegression,
            {
                $0.regParam = 0.1
                $0.fitIntercept = false
            }, threshold: 0.7)
        #expect(try ModelRegistry().classifier(at: mllib) == expectedMLlib)

        let ml = directory.appendingPathComponent("ml").path
        try train(Self.sample, ["--output", ml, "--format", "spark-ml", "--reg-param", "0.05", "--elastic-net", "0.5"])
        let expectedML = try expected(
            Self.sample, .logisticRegression,
            {
                $0.regParam = 0.05
                $0.elasticNetParam = 0.5
            }, threshold: 0.5)
        #expect(try ModelRegistry().classifier(at: ml) == expectedML)

        let three = try Self.threeClassFile(in: directory)
        let multinomial = directory.appendingPathComponent("multinomial").path
        try train(three, ["--output", multinomial, "--format", "spark-ml", "--reg-param", "0.1"])
        let expectedMultinomial = try expected(
            three, .multinomialLogisticRegression, { $0.regParam = 0.1 }, threshold: nil)
        #expect(try ModelRegistry().classifier(at: multinomial) == expectedMultinomial)
        // Nothing else is left beside the models.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                "ml", "mllib", "multinomial", "three-classes.libsvm",
            ])
    }

    @Test func anExistingDirectoryIsReplacedOnlyWithOverwrite() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let output = directory.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: output.appendingPathComponent("notes.txt"))
        var result = try SluiceBinary.run([
            "train", "--input", Self.sample, "--output", output.path, "--format", "spark-ml",
        ])
        #expect(result.status == 1)
        #expect(result.stderr == "sluice train: error: \(output.path) is not empty; pass --overwrite to replace it\n")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("notes.txt").path))
        result = try SluiceBinary.run([
            "train", "--input", Self.sample, "--output", output.path, "--format", "spark-ml", "--overwrite",
            "--max-iter", "3",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["data", "metadata"])
        #expect(try ModelRegistry().classifier(at: output.path).kind == .logisticRegression)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model"])

        let three = try Self.threeClassFile(in: directory)
        result = try SluiceBinary.run([
            "train", "--input", three, "--output", directory.appendingPathComponent("m2").path, "--format",
            "spark-mllib",
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "line 3 has the label 2.0: Spark MLlib's LogisticRegressionModel holds binary models"))
    }

    struct SparkResult: Decodable {
        let predictions: [Double]
        let probabilities: [[Double]]
    }

    /// PySpark loads what Sluice wrote (mllib's and ml's classes, binomial and multinomial) and
    /// predicts what Sluice's loader predicts on every row; probabilities within 1e-9 relative.
    @Test func sparkLoadsTheModelsAndPredictsAsSluice() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let three = try Self.threeClassFile(in: directory)
        let models: [(kind: String, name: String, input: String, arguments: [String])] = [
            ("mllib", "mllib", Self.sample, ["--format", "spark-mllib", "--reg-param", "0.1", "--threshold", "0.7"]),
            ("ml", "ml-binary", Self.sample, ["--format", "spark-ml", "--reg-param", "0.05", "--elastic-net", "0.5"]),
            (
                "ml", "ml-two-class-multinomial", Self.sample,
                ["--format", "spark-ml", "--family", "multinomial", "--reg-param", "0.01"]
            ),
            ("ml", "ml-multinomial", three, ["--format", "spark-ml", "--reg-param", "0.1"]),
        ]
        var arguments = [TrainCLITests.root.appendingPathComponent("scripts/spark/load-model.py").path, Self.sample]
        let output = directory.appendingPathComponent("spark.json").path
        arguments.append(output)
        for model in models {
            let path = directory.appendingPathComponent(model.name).path
            try train(model.input, ["--output", path] + model.arguments)
            arguments.append("\(model.kind)=\(path)=\(model.input)")
        }
        let spark = try SluiceBinary.run(["python3"] + arguments, executable: "/usr/bin/env")
        try #require(
            spark.status == 0, "PySpark failed (scripts/bootstrap-test-clients.sh installs it): \(spark.stderr)")
        let results = try JSONDecoder().decode(
            [String: SparkResult].self, from: Data(contentsOf: URL(fileURLWithPath: output)))
        for model in models {
            let path = directory.appendingPathComponent(model.name).path
            let result = try #require(results[path])
            let sluice = try ModelRegistry().classifier(at: path)
            let rows = try rows(model.input, sluice)
            try #require(result.predictions.count == rows.count && result.probabilities.count == rows.count)
            #expect(Set(result.predictions).count >= 2, "\(model.name) predicts one class only")
            for (row, features) in rows.enumerated() {
                #expect(sluice.predict(features) == result.predictions[row], "\(model.name) row \(row)")
                let probabilities = try #require(sluice.probabilities(features))
                #expect(probabilities.count == result.probabilities[row].count)
                for (mine, theirs) in zip(probabilities, result.probabilities[row]) {
                    #expect(
                        abs(mine - theirs) <= 1e-9 * abs(theirs) + 1e-300,
                        "\(model.name) row \(row): \(mine) vs \(theirs)")
                }
            }
        }
    }
}
