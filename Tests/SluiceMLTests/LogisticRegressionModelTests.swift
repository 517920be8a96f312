import Foundation
import SluiceML
import Testing

/// `spark_predictions.json`: Spark 4.3.0's predictions for each sample row, per saved model.
struct SparkPredictions: Decodable {
    let rows: String
    let sparkVersion: String
    let predictions: [String: [Double]]
}

@Suite struct LogisticRegressionModelTests {
    @Test func decodesTheSharedModel() throws {
        let model = try Fixture.model()
        #expect(model.numFeatures == 692)
        #expect(model.coefficients.count == 692)
        #expect(model.intercept == 9.250831966636106)
        #expect(model.coefficients[94] == 0)
        #expect(model.coefficients[95] == 0.0011070093601740047)
        #expect(model.threshold == 0.5)
    }

    @Test func predictsEveryLabelOfTheSample() throws {
        let model = try Fixture.model()
        let lines = try Fixture.sampleLines()
        #expect(lines.count == 100)
        var labels: Set<Double> = []
        for (row, line) in lines.enumerated() {
            let record = try LibSVM.parse(line, numFeatures: model.numFeatures)
            labels.insert(record.label)
            #expect(model.predict(record.features) == record.label, "row \(row)")
        }
        #expect(labels == [0, 1])
    }

    /// `lr_model.json` was trained as `pyspark.ml.classification.LogisticRegression(maxIter=100)` on
    /// Spark 4.3.0, which is the `ml-lr-binary` model of `spark_predictions.json` (same trainer and
    /// parameters in its saved metadata); the other entries are different models and are not compared.
    @Test func matchesSparksPredictionsForTheSameModel() throws {
        let spark = try JSONDecoder().decode(SparkPredictions.self, from: Data(Fixture.bytes("spark_predictions.json")))
        #expect(spark.sparkVersion == "4.3.0")
        #expect(spark.rows == "in file order of sample_libsvm_data.txt")
        let expected = try #require(spark.predictions["ml-lr-binary"])
        let expectedProbabilities = try #require(spark.predictions["ml-lr-binary:probability"])
        let lines = try Fixture.sampleLines()
        try #require(expected.count == lines.count && expectedProbabilities.count == lines.count)

        let model = try Fixture.model()
        var scores = model
        scores.threshold = nil
        for (row, line) in lines.enumerated() {
            let features = try LibSVM.parse(line, numFeatures: model.numFeatures).features
            #expect(model.predict(features) == expected[row], "row \(row)")
            let probability = scores.predict(features)
            #expect(abs(probability - expectedProbabilities[row]) <= 1e-12, "row \(row): \(probability)")
        }
    }

    @Test func clearedThresholdGivesProbabilities() throws {
        var model = try Fixture.model()
        model.threshold = nil
        for line in try Fixture.sampleLines() {
            let record = try LibSVM.parse(line, numFeatures: model.numFeatures)
            let probability = model.predict(record.features)
            #expect(probability > 0 && probability < 1, "\(probability)")
            #expect((probability > 0.5) == (record.label == 1))
        }

        let small = try ModelFormat.decodeJSON(
            Array(#"{"intercept": 0.25, "coefficients": [0.5, -1.0, 2.0], "threshold": null}"#.utf8))
        #expect(small.threshold == nil)
        // Margins by hand: dot(coefficients, features) + 0.25.
        let cases: [(line: String, margin: Double)] = [
            ("1 1:1 3:0.5", 1.75),  // 0.5 + 1.0 + 0.25
            ("0 2:3", -2.75),  // -3.0 + 0.25
            ("1", 0.25),
            ("0 1:-2 2:0.1 3:0.7", 0.55),  // -1.0 - 0.1 + 1.4 + 0.25
        ]
        var seen: Set<Double> = []
        for (line, margin) in cases {
            let probability = try small.predict(libsvmLine: line)
            #expect(probability > 0 && probability < 1)
            #expect(abs(probability - 1 / (1 + exp(-margin))) <= 1e-15, "\(line)")
            let features = try LibSVM.parse(line, numFeatures: small.numFeatures).features
            #expect(abs(small.margin(features) - margin) <= 1e-15, "\(line)")
            #expect(small.probability(margin: small.margin(features)) == probability, "\(line)")
            seen.insert(probability)
        }
        #expect(seen.count == cases.count)
    }

    @Test func thresholdDecides() throws {
        var model = LogisticRegressionModel(intercept: 0, coefficients: [1])
        #expect(model.threshold == 0.5)
        #expect(try model.predict(libsvmLine: "0 1:0.1") == 1)
        #expect(try model.predict(libsvmLine: "0 1:-0.1") == 0)
        #expect(try model.predict(libsvmLine: "0") == 0, "probability exactly 0.5 is not above 0.5")
        model.threshold = 0.7
        #expect(try model.predict(libsvmLine: "0 1:0.1") == 0)
        #expect(try model.predict(libsvmLine: "0 1:1") == 1)
    }

    // MARK: The fused fast paths

    /// The reference: parse into a vector, then predict.
    static func reference(_ model: LogisticRegressionModel, _ line: String) -> Outcome {
        Outcome { () throws(MLError) -> Double in
            let record = try LibSVM.parse(line, numFeatures: model.numFeatures)
            return model.predict(record.features)
        }
    }

    /// `predict(libsvmLine:)` on bytes.
    static func fused(_ model: LogisticRegressionModel, _ line: String) -> Outcome {
        withBytes(line) { bytes in Outcome { () throws(MLError) -> Double in try model.predict(libsvmLine: bytes) } }
    }

    /// `predict(label:features:)` on bytes.
    static func fused(_ model: LogisticRegressionModel, label: String, features: String) -> Outcome {
        withBytes(label) { labelBytes in
            withBytes(features) { featureBytes in
                Outcome { () throws(MLError) -> Double in try model.predict(label: labelBytes, features: featureBytes) }
            }
        }
    }

    /// The record `predict(label:features:)` stands for: `concat_ws(" ", label, features)`, or the
    /// label alone when there are no features.
    static func joined(_ label: String, _ features: String) -> String {
        features.isEmpty ? label : label + " " + features
    }

    /// Checks every fused path against the reference on `line`, and on `line` cut in two at `cut`
    /// (in characters) as label and features. Returns the reference outcome.
    static func checkAgreement(_ model: LogisticRegressionModel, _ line: String, cut: Int) -> Outcome {
        let expected = reference(model, line)
        #expect(fused(model, line) == expected, "\(line.debugDescription)")
        let fromString = Outcome { () throws(MLError) -> Double in try model.predict(libsvmLine: line) }
        #expect(fromString == expected, "\(line.debugDescription)")

        // The UDF's own split: label before the first space, features after it.
        let label: String
        let features: String
        if let space = line.firstIndex(of: " ") {
            label = String(line[..<space])
            features = String(line[line.index(after: space)...])
        } else {
            label = line
            features = ""
        }
        #expect(joined(label, features) == line)
        #expect(fused(model, label: label, features: features) == expected, "\(line.debugDescription)")
        let fromStrings = Outcome { () throws(MLError) -> Double in try model.predict(label: label, features: features) }
        #expect(fromStrings == expected, "\(line.debugDescription)")

        // Any other cut: the result is that of the joined record.
        let position = line.index(line.startIndex, offsetBy: min(cut, line.count))
        let head = String(line[..<position])
        let tail = String(line[position...])
        #expect(
            fused(model, label: head, features: tail) == reference(model, joined(head, tail)),
            "\(head.debugDescription) + \(tail.debugDescription)")
        return expected
    }

    /// The shared model as it is (thresholded) and with its threshold cleared (probabilities).
    static func bothModels() throws -> (thresholded: LogisticRegressionModel, scores: LogisticRegressionModel) {
        let thresholded = try Fixture.model()
        var scores = thresholded
        scores.threshold = nil
        return (thresholded, scores)
    }

    @Test func fusedPathsAgreeOnTheSample() throws {
        let (thresholded, scores) = try Self.bothModels()
        var random = TestRandom(state: 7)
        for line in try Fixture.sampleLines() {
            for model in [thresholded, scores] {
                let outcome = Self.checkAgreement(model, line, cut: Int.random(in: 0...line.count, using: &random))
                #expect(!outcome.isError, "\(outcome)")
            }
        }
    }

    /// Bytes mutations draw from.
    static let noise: [Character] = [" ", " ", ":", ":", "x", "0", "1", "9", ".", "e", "-", "+", "\t", "\r"]

    /// `line` changed in one of a few ways.
    static func perturbed(_ line: String, _ random: inout TestRandom) -> String {
        var characters = Array(line)
        var tokens = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch Int.random(in: 0...9, using: &random) {
        case 0:
            if !characters.isEmpty {
                characters.remove(at: Int.random(in: 0..<characters.count, using: &random))
            }
            return String(characters)
        case 1:
            characters.insert(
                noise.randomElement(using: &random)!, at: Int.random(in: 0...characters.count, using: &random))
            return String(characters)
        case 2:
            if !characters.isEmpty {
                characters[Int.random(in: 0..<characters.count, using: &random)] = noise.randomElement(using: &random)!
            }
            return String(characters)
        case 3:
            if tokens.count > 2 {
                let first = Int.random(in: 1..<(tokens.count - 1), using: &random)
                tokens.swapAt(first, first + 1)
            }
            return tokens.joined(separator: " ")
        case 4:
            if tokens.count > 1 {
                let duplicated = Int.random(in: 1..<tokens.count, using: &random)
                tokens.insert(tokens[duplicated], at: duplicated)
            }
            return tokens.joined(separator: " ")
        case 5:
            let prefix = [" ", "\t", "  ", ""].randomElement(using: &random)!
            let suffix = [" ", "\t", "  ", ""].randomElement(using: &random)!
            return prefix + line + suffix
        case 6:
            return line + [" 692:1", " 693:1", " 0:1", " 1:1", " 692:nan", " 692:1e400"].randomElement(using: &random)!
        case 7:
            tokens[0] = ["", "-1", "1.5e3", "nan", "label", "+"].randomElement(using: &random)!
            return tokens.joined(separator: " ")
        case 8:
            return tokens.prefix(Int.random(in: 0...tokens.count, using: &random)).joined(separator: " ")
        default:
            let target = Int.random(in: 0..<tokens.count, using: &random)
            tokens[target] = tokens[target].replacingOccurrences(
                of: ":", with: [": ", " :", "::", ":+", ":-"].randomElement(using: &random)!)
            return tokens.joined(separator: " ")
        }
    }

    @Test func fusedPathsAgreeOnPerturbedRecords() throws {
        let (thresholded, scores) = try Self.bothModels()
        let lines = try Fixture.sampleLines()
        var random = TestRandom(state: 0xBAD_5EED)
        var accepted = 0
        var rejected = 0
        for round in 0..<3_000 {
            var line = lines[round % lines.count]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                line = Self.perturbed(line, &random)
            }
            let model = round % 2 == 0 ? thresholded : scores
            if Self.checkAgreement(model, line, cut: Int.random(in: 0...line.count, using: &random)).isError {
                rejected += 1
            } else {
                accepted += 1
            }
        }
        #expect(accepted > 300, "perturbations should leave many records valid")
        #expect(rejected > 300, "perturbations should break many records")
    }

    /// The UDF's split of a record: the label before the first space, the features after it.
    static func split(_ line: String) -> (label: String, features: String) {
        guard let space = line.firstIndex(of: " ") else { return (line, "") }
        return (String(line[..<space]), String(line[line.index(after: space)...]))
    }

    @Test func pairsAgreeWithOneRecordAtATime() throws {
        // Two records read in turns must each give what it gives alone: same bits, same error,
        // whichever of the two is longer, breaks the common form first, or is malformed.
        let (thresholded, scores) = try Self.bothModels()
        let lines = try Fixture.sampleLines()
        var random = TestRandom(state: 0x9A1B)
        var compared = 0
        for round in 0..<2_000 {
            var pair = [lines[round % lines.count], lines[Int.random(in: 0..<lines.count, using: &random)]]
            for side in 0..<2 where Int.random(in: 0...2, using: &random) == 0 {
                pair[side] = Self.perturbed(pair[side], &random)
            }
            let model = round % 2 == 0 ? thresholded : scores
            let (first, second) = (Self.split(pair[0]), Self.split(pair[1]))
            let results = withBytes(first.label) { l1 in
                withBytes(first.features) { f1 in
                    withBytes(second.label) { l2 in
                        withBytes(second.features) { f2 in model.predictPair((l1, f1), (l2, f2)) }
                    }
                }
            }
            let paired = [Outcome { () throws(MLError) in try results.0.get() }, Outcome { () throws(MLError) in try results.1.get() }]
            for side in 0..<2 {
                let alone = Self.fused(model, label: [first, second][side].label, features: [first, second][side].features)
                #expect(paired[side] == alone, "\(pair[side].debugDescription) beside \(pair[1 - side].debugDescription)")
                compared += 1
            }
        }
        #expect(compared == 4_000)
    }
}
