import Foundation
import SluiceML
import SluiceRuntime
import Testing

/// `sluice train`, the real binary: the model it writes, loaded as the model UDF loads it,
/// predicts what Spark's model trained with the same parameters predicts.
@Suite struct TrainCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sample = root.appendingPathComponent("Tests/SluiceRuntimeTests/Fixtures/sample_libsvm_data.txt").path

    /// Spark 4.3.0's predictions and probabilities on the sample's rows, per reference model.
    struct SparkPredictions: Decodable {
        let predictions: [String: [Double]]

        static func load() throws -> [String: [Double]] {
            let url = root.appendingPathComponent("Tests/SluiceMLTests/Fixtures/spark_predictions.json")
            return try JSONDecoder().decode(SparkPredictions.self, from: Data(contentsOf: url)).predictions
        }
    }

    func train(_ arguments: [String]) throws -> SluiceBinary.Result {
        try SluiceBinary.run(["train", "--input", Self.sample] + arguments)
    }

    /// The sample's rows as feature vectors.
    func rows(_ model: LogisticRegressionModel) throws -> [SparseVector] {
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try LibSVM.parse(String($0), numFeatures: model.numFeatures).features
        }
    }

    /// Checks `model`'s predictions against Spark's `name` model, and its probabilities within
    /// 1e-9 relative when Spark's are known.
    func expectSparksPredictions(_ model: LogisticRegressionModel, _ name: String) throws {
        let spark = try SparkPredictions.load()
        let predictions = try #require(spark[name])
        let rows = try rows(model)
        try #require(rows.count == 100 && predictions.count == 100)
        var scores = model
        scores.threshold = nil
        for (row, features) in rows.enumerated() {
            #expect(model.predict(features) == predictions[row], "row \(row)")
            if let probabilities = spark[name + ":probability"] {
                let probability = scores.predict(features)
                #expect(
                    abs(probability - probabilities[row]) <= 1e-9 * probabilities[row], "row \(row): \(probability)")
            }
        }
    }

    @Test func anElasticNetModelPredictsAsSparks() throws {
        let directory = try SluiceBinary.temporaryDirectory().appendingPathComponent("lr-elasticnet")
        let result = try train(["--output", directory.path, "--reg-param", "0.05", "--elastic-net", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        // Not a terminal: no progress.
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("trained on 100 rows of 692 features: "))
        #expect(result.stdout.contains("model written to \(directory.path)/model.json"))
        let model = try ModelRegistry().model(at: directory.appendingPathComponent("model.json").path)
        #expect(model.numFeatures == 692)
        #expect(model.threshold == 0.5)
        #expect(model.coefficients.filter { $0 != 0 }.count == 45)
        try expectSparksPredictions(model, "ml-lr-elasticnet")
    }

    /// `LogisticRegressionWithLBFGS.train(rdd, iterations=50, regParam=0.1, regType="l2")` with
    /// threshold 0.7: no intercept, written to a file named on the command line.
    @Test func anMLlibStyleModelWithItsThreshold() throws {
        let file = try SluiceBinary.temporaryDirectory().appendingPathComponent("models/l2.json")
        let result = try train([
            "--output", file.path, "--reg-param", "0.1", "--max-iter", "50", "--no-intercept", "--threshold", "0.7",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let model = try ModelRegistry().model(at: file.path)
        #expect(model.intercept == 0)
        #expect(model.threshold == 0.7)
        try expectSparksPredictions(model, "mllib-lr-l2-threshold07")
    }

    /// A two-class multinomial model is written as the binary model that predicts the same.
    @Test func aTwoClassMultinomialModelIsWrittenInBinaryForm() throws {
        let file = try SluiceBinary.temporaryDirectory().appendingPathComponent("multinomial.json")
        let result = try train(["--output", file.path, "--family", "multinomial", "--reg-param", "0.01"])
        #expect(result.status == 0, "\(result.stderr)")
        try expectSparksPredictions(try ModelRegistry().model(at: file.path), "ml-lr-multinomial")
    }

    @Test func anExistingModelIsReplacedOnlyWithOverwrite() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        try Data("keep".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        var result = try train(["--output", directory.path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "sluice train: error: \(directory.path) is not empty; pass --overwrite to replace its model.json\n")
        result = try train(["--output", directory.path, "--overwrite", "--max-iter", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: directory.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.json").path))

        let file = directory.appendingPathComponent("m.json")
        try Data("{}".utf8).write(to: file)
        result = try train(["--output", file.path])
        #expect(result.status == 1)
        #expect(result.stderr == "sluice train: error: \(file.path) exists; pass --overwrite to replace it\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "{}")
    }

    @Test func badInputIsAnErrorNamingTheLine() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let input = directory.appendingPathComponent("bad.libsvm")
        try Data("1 1:0.5\n# comment\n0 2:x\n".utf8).write(to: input)
        let output = directory.appendingPathComponent("out").path
        var result = try SluiceBinary.run(["train", "--input", input.path, "--output", output])
        #expect(result.status == 1)
        #expect(
            result.stderr == "sluice train: error: \(input.path): line 3: LIBSVM record: bad feature value in \"2:x\"\n"
        )
        #expect(!FileManager.default.fileExists(atPath: output))

        try Data("1 1:0.5\n1 2:1\n".utf8).write(to: input)
        result = try SluiceBinary.run(["train", "--input", input.path, "--output", output])
        #expect(result.status == 1)
        #expect(result.stderr.contains("every row has the label 1: training needs at least two classes"))

        try Data("".utf8).write(to: input)
        result = try SluiceBinary.run(["train", "--input", input.path, "--output", output])
        #expect(result.stderr == "sluice train: error: \(input.path): there are no rows to train on\n")
    }

    @Test func optionsOutOfRangeAreUsageErrors() throws {
        let output = try SluiceBinary.temporaryDirectory().appendingPathComponent("out").path
        let cases: [([String], String)] = [
            (["--reg-param=-1"], "--reg-param must be a number, 0 or more"),
            (["--elastic-net", "1.5"], "--elastic-net takes a number from 0 to 1"),
            (["--threshold", "2"], "--threshold takes a number from 0 to 1"),
            (["--family", "poisson"], "--family takes binomial, multinomial or auto"),
            (["--format", "pmml"], "--format takes json, spark-ml or spark-mllib"),
        ]
        for (arguments, message) in cases {
            let result = try train(["--output", output] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    /// On a terminal the iteration and loss are shown on standard error as training goes;
    /// `--quiet` hides them.
    @Test func progressIsShownOnATerminal() throws {
        let directory = try SluiceBinary.temporaryDirectory()
        let terminal = try PseudoTerminal(
            ["train", "--input", Self.sample, "--output", "shown", "--reg-param", "0.1"], directory: directory)
        #expect(terminal.finish() == 0)
        #expect(terminal.screen.contains("iteration 1/100  loss "), "\(terminal.screen.debugDescription)")
        #expect(terminal.screen.contains("model written to shown/model.json"))

        let quiet = try PseudoTerminal(
            ["train", "--input", Self.sample, "--output", "quiet", "--reg-param", "0.1", "--quiet"],
            directory: directory)
        #expect(quiet.finish() == 0)
        #expect(!quiet.screen.contains("iteration 0/100"), "\(quiet.screen.debugDescription)")
    }
}
