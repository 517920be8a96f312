import Foundation
import SluiceML
import SluiceParquet
import SluiceTestSupport
import Testing

/// Spark's saved models, read from their directories' bytes, predict what Spark predicted.
@Suite struct SparkModelTests {
    @Test func everyReferenceModelDecodesToItsKind() throws {
        let kinds: [String: LinearClassifier.Kind] = [
            "mllib-lr-lbfgs": .mllibLogisticRegression, "mllib-lr-l2-threshold07": .mllibLogisticRegression,
            "mllib-svm": .mllibSVM, "ml-lr-binary": .logisticRegression, "ml-lr-elasticnet": .logisticRegression,
            "ml-lr-multinomial": .multinomialLogisticRegression,
        ]
        for model in SparkFixture.models {
            let classifier = try SparkFixture.classifier(model)
            #expect(classifier.kind == kinds[model], "\(model)")
            #expect(classifier.numFeatures == 692, "\(model)")
            #expect(classifier.coefficients.count == classifier.intercepts.count * 692, "\(model)")
        }
        #expect(try SparkFixture.classifier("mllib-svm").threshold == 0.0)
        #expect(try SparkFixture.classifier("ml-lr-binary").threshold == 0.5)
        #expect(try SparkFixture.classifier("ml-lr-multinomial").intercepts == [-1.471788225070283, 1.471788225070283])
    }

    /// `lr_model.json` is `ml-lr-binary` written out in Sluice's format: the same numbers.
    @Test func mlBinaryHasTheCoefficientsOfTheJSONModel() throws {
        let spark = try SparkFixture.classifier("ml-lr-binary")
        let json = try Fixture.model()
        #expect(spark.coefficients == json.coefficients)
        #expect(spark.intercepts == [json.intercept])
    }

    /// The sparse elastic-net matrix: 45 non-zero coefficients at the stored indices.
    @Test func sparseMatricesDensifyAtTheirIndices() throws {
        let classifier = try SparkFixture.classifier("ml-lr-elasticnet")
        #expect(classifier.coefficients.filter { $0 != 0 }.count == 45)
        #expect(classifier.coefficients[235] == -0.0004921023303968681)
        #expect(classifier.coefficients[234] == 0)
        #expect(classifier.intercepts == [-1.2742009983954272])
    }

    @Test(arguments: SparkFixture.models)
    func predictionsMatchSparkOnEveryRow(model: String) throws {
        let spark = try SparkFixture.predictions()
        let expected = try #require(spark.predictions[model])
        let classifier = try SparkFixture.classifier(model)
        let lines = try Fixture.sampleLines()
        try #require(expected.count == lines.count)
        for (row, line) in lines.enumerated() {
            let features = try LibSVM.parse(line, numFeatures: classifier.numFeatures).features
            #expect(classifier.predict(features) == expected[row], "\(model) row \(row)")
            #expect(try classifier.predict(libsvmLine: line) == expected[row], "\(model) row \(row), LIBSVM path")
            if let fast = classifier.logisticRegressionModel {
                #expect(try fast.predict(libsvmLine: line) == expected[row], "\(model) row \(row), fused path")
            }
        }
    }

    @Test(arguments: ["mllib-lr-lbfgs", "ml-lr-binary", "ml-lr-elasticnet", "ml-lr-multinomial"])
    func probabilitiesMatchSparkWithin1e9Relative(model: String) throws {
        let spark = try SparkFixture.predictions()
        let expected = try #require(spark.predictions["\(model):probability"])
        let classifier = try SparkFixture.classifier(model)
        for (row, line) in try Fixture.sampleLines().enumerated() {
            let features = try LibSVM.parse(line, numFeatures: classifier.numFeatures).features
            let probability = try #require(classifier.probability(features))
            #expect(isClose(probability, expected[row]), "\(model) row \(row): \(probability) against \(expected[row])")
        }
    }

    /// mllib's cleared threshold (`clearThreshold`) predicts the probability, as Spark's
    /// `mllib-lr-lbfgs:probability` column was made.
    @Test func mllibWithAClearedThresholdPredictsTheProbability() throws {
        let saved = try SparkFixture.classifier("mllib-lr-lbfgs")
        let cleared = LinearClassifier(
            kind: saved.kind, numFeatures: saved.numFeatures, numClasses: 2, coefficients: saved.coefficients,
            intercepts: saved.intercepts, threshold: nil)
        let expected = try #require(try SparkFixture.predictions().predictions["mllib-lr-lbfgs:probability"])
        for (row, line) in try Fixture.sampleLines().enumerated() {
            #expect(isClose(try cleared.predict(libsvmLine: line), expected[row]), "row \(row)")
        }
    }

    /// Rows moved to the decision boundary (the sample is separable, so its own rows are all far
    /// from it): each row keeps about three quarters of its features, each value jittered, then
    /// all scaled so that the margin (of class 1 over class 0, for multinomial) lands at a random
    /// spot in [-3, 3]. Probabilities and predictions are checked against the formulas written out
    /// here over the model's coefficients.
    @Test(arguments: SparkFixture.models)
    func perturbedRowsFollowTheCoefficients(model: String) throws {
        let classifier = try SparkFixture.classifier(model)
        let width = classifier.numFeatures
        // The direction whose margin decides between class 0 and class 1.
        let weights =
            classifier.intercepts.count == 1
            ? classifier.coefficients
            : (0..<width).map { classifier.coefficients[width + $0] - classifier.coefficients[$0] }
        let bias =
            classifier.intercepts.count == 1
            ? classifier.intercepts[0] : classifier.intercepts[1] - classifier.intercepts[0]
        var random = SplitMix64(state: 0xB0B0_2026)
        var crossings = 0
        for line in try Fixture.sampleLines() {
            let parsed = try LibSVM.parse(line, numFeatures: width).features
            var indices: [Int32] = []
            var values: [Double] = []
            for (entry, index) in parsed.indices.enumerated() where random.next() % 4 != 0 {
                indices.append(index)
                values.append(parsed.values[entry] * (0.9 + Double(random.next() % 200) / 1000.0))
            }
            var dot = 0.0
            for (entry, index) in indices.enumerated() { dot += values[entry] * weights[Int(index)] }
            let target = Double(Int(random.next() % 600) - 300) / 100.0
            if dot != 0 {
                let scale = (target - bias) / dot
                values = values.map { $0 * scale }
            }
            let features = SparseVector(size: width, indices: indices, values: values)
            let margins = classifier.intercepts.indices.map { row in
                var sum = 0.0
                for (entry, index) in indices.enumerated() {
                    sum += values[entry] * classifier.coefficients[row * width + Int(index)]
                }
                return sum + classifier.intercepts[row]
            }
            let prediction = classifier.predict(features)
            switch classifier.kind {
            case .mllibSVM:
                #expect(prediction == (margins[0] > (classifier.threshold ?? 0) ? 1 : 0))
                #expect(classifier.probability(features) == nil)
            case .mllibLogisticRegression, .logisticRegression:
                let probability = 1 / (1 + exp(-margins[0]))
                #expect(isClose(try #require(classifier.probability(features)), probability))
                #expect(prediction == (probability > (classifier.threshold ?? 0.5) ? 1 : 0))
                if probability > 0.05 && probability < 0.95 { crossings += 1 }
            case .multinomialLogisticRegression:
                let exponentials = margins.map { exp($0) }
                let total = exponentials.reduce(0, +)
                let probabilities = try #require(classifier.probabilities(features))
                for (index, value) in exponentials.enumerated() {
                    #expect(isClose(probabilities[index], value / total))
                }
                #expect(prediction == Double(margins.firstIndex(of: margins.max()!)!))
                if probabilities[1] > 0.05 && probabilities[1] < 0.95 { crossings += 1 }
            }
            #expect(try classifier.predict(libsvmLine: libsvm(indices, values)) == prediction)
        }
        if classifier.kind != .mllibSVM {
            // The perturbation must reach the boundary region, or the test proves little.
            #expect(crossings >= 5, "\(model): \(crossings) rows between 0.05 and 0.95")
        }
    }

    private func libsvm(_ indices: [Int32], _ values: [Double]) -> String {
        (["0"] + zip(indices, values).map { "\($0.0 + 1):\($0.1)" }).joined(separator: " ")
    }

    @Test func indicesAboveNumFeaturesAreMalformedRecords() throws {
        for model in SparkFixture.models {
            let classifier = try SparkFixture.classifier(model)
            let error = thrownError { try classifier.predict(libsvmLine: "1 3:0.5 693:1") }
            #expect(error?.kind == .malformedRecord, "\(model)")
            #expect(try classifier.predict(libsvmLine: "1 3:0.5 692:1").isFinite)
        }
    }
}
