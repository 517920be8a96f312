import Foundation
import SluiceML
import Testing

/// `spark_coefficients.json`: the coefficients of Spark 4.3.0's saved reference models and the
/// parameters they were trained with (written by `scripts/fixtures/extract-spark-coefficients.py`).
struct SparkCoefficients: Decodable {
    struct Params: Decodable {
        let maxIter: Int
        let regParam: Double
        let elasticNetParam: Double
        let fitIntercept: Bool
        let standardization: Bool
        let tol: Double
        let family: String
    }

    struct Model: Decodable {
        let numClasses: Int
        let numFeatures: Int
        let isMultinomial: Bool
        let coefficients: [[Double]]
        let intercepts: [Double]
        let params: Params

        var parameters: LogisticRegressionParameters {
            var parameters = LogisticRegressionParameters()
            parameters.maxIterations = params.maxIter
            parameters.regParam = params.regParam
            parameters.elasticNetParam = params.elasticNetParam
            parameters.fitIntercept = params.fitIntercept
            parameters.standardization = params.standardization
            parameters.tolerance = params.tol
            parameters.family = LogisticRegressionFamily(rawValue: params.family) ?? .auto
            return parameters
        }
    }

    let sparkVersion: String
    let models: [String: Model]

    static func load() throws -> SparkCoefficients {
        try JSONDecoder().decode(SparkCoefficients.self, from: Data(Fixture.bytes("spark_coefficients.json")))
    }
}

/// How far trained coefficients are from Spark's.
struct Agreement: CustomStringConvertible {
    /// Entries outside `1e-4` relative and `1e-6` absolute.
    var outside: [String] = []
    /// Entries zero in one and not in the other.
    var zeroPatternDifferences = 0
    var largestAbsolute = 0.0
    var largestRelative = 0.0

    static let relativeTolerance = 1e-4
    static let absoluteTolerance = 1e-6

    mutating func compare(_ name: String, _ ours: Double, _ spark: Double) {
        let absolute = abs(ours - spark)
        largestAbsolute = max(largestAbsolute, absolute)
        if spark != 0 { largestRelative = max(largestRelative, absolute / abs(spark)) }
        if (ours == 0) != (spark == 0) { zeroPatternDifferences += 1 }
        if absolute > Self.absoluteTolerance && absolute > Self.relativeTolerance * abs(spark) {
            outside.append("\(name): \(ours) vs Spark's \(spark)")
        }
    }

    var description: String {
        "largest difference \(largestAbsolute) absolute, \(largestRelative) relative; "
            + "\(outside.count) outside the tolerance, \(zeroPatternDifferences) zero-pattern differences"
    }
}

@Suite struct SparkTrainingTests {
    static func sample() throws -> TrainingData {
        try TrainingData(libsvm: Fixture.bytes("sample_libsvm_data.txt"))
    }

    func agreement(_ name: String) throws -> (Agreement, LogisticRegressionFit) {
        let spark = try #require(try SparkCoefficients.load().models[name])
        let data = try Self.sample()
        #expect(data.numFeatures == spark.numFeatures)
        let fit = try LogisticRegressionTrainer.train(data, spark.parameters)
        #expect(fit.isMultinomial == spark.isMultinomial)
        #expect(fit.numClasses == spark.numClasses)
        try #require(fit.coefficients.count == spark.coefficients.count)
        var agreement = Agreement()
        for k in 0..<fit.coefficients.count {
            for j in 0..<spark.numFeatures {
                agreement.compare("coefficient \(k),\(j)", fit.coefficients[k][j], spark.coefficients[k][j])
            }
            agreement.compare("intercept \(k)", fit.intercepts[k], spark.intercepts[k])
        }
        print("\(name): \(agreement); \(fit.iterations) iterations, \(fit.convergence.rawValue)")
        return (agreement, fit)
    }

    /// `LogisticRegression(maxIter=100, regParam=0.05, elasticNetParam=0.5)`: OWL-QN.
    @Test func elasticNetMatchesSpark() throws {
        let (agreement, fit) = try agreement("ml-lr-elasticnet")
        #expect(agreement.outside.isEmpty, "\(agreement.outside.prefix(10))")
        #expect(agreement.zeroPatternDifferences == 0)
        // The L1 penalty leaves most coefficients at exactly zero, as in Spark's model (45 of 692).
        #expect(fit.coefficients[0].filter { $0 != 0 }.count == 45)
    }

    /// `LogisticRegression(maxIter=100, family="multinomial", regParam=0.01)`.
    @Test func multinomialMatchesSpark() throws {
        let (agreement, _) = try agreement("ml-lr-multinomial")
        #expect(agreement.outside.isEmpty, "\(agreement.outside.prefix(10))")
        #expect(agreement.zeroPatternDifferences == 0)
    }

    /// `LogisticRegressionWithLBFGS.train(rdd, iterations=50, regParam=0.1, regType="l2")`, which
    /// Spark runs as ML's `LogisticRegression` with standardization and without an intercept.
    @Test func mllibL2MatchesSpark() throws {
        let (agreement, fit) = try agreement("mllib-lr-l2-threshold07")
        #expect(agreement.outside.isEmpty, "\(agreement.outside.prefix(10))")
        #expect(agreement.zeroPatternDifferences == 0)
        #expect(fit.intercepts == [0])
    }

    /// Without a penalty the sample's rows are separable and the optimum is at infinity: the
    /// predictions on every row are Spark's, and the objective is as low as at Spark's coefficients.
    @Test(arguments: ["ml-lr-binary", "mllib-lr-lbfgs"])
    func unregularizedPredictsAsSparkAndFitsAsWell(name: String) throws {
        let spark = try #require(try SparkCoefficients.load().models[name])
        let predictions = try JSONDecoder().decode(
            SparkPredictions.self, from: Data(Fixture.bytes("spark_predictions.json")))
        let expected = try #require(predictions.predictions[name])
        let data = try Self.sample()
        let fit = try LogisticRegressionTrainer.train(data, spark.parameters)
        let model = try fit.binaryModel()
        let lines = try Fixture.sampleLines()
        for (row, line) in lines.enumerated() {
            let features = try LibSVM.parse(line, numFeatures: model.numFeatures).features
            #expect(model.predict(features) == expected[row], "row \(row)")
        }
        let ours = try #require(fit.objectiveHistory.last)
        let sparks = try LogisticRegressionTrainer.objective(
            coefficients: spark.coefficients, intercepts: spark.intercepts, on: data, spark.parameters)
        var agreement = Agreement()
        for j in 0..<spark.numFeatures {
            agreement.compare("coefficient \(j)", fit.coefficients[0][j], spark.coefficients[0][j])
        }
        print(
            "\(name): objective \(ours), at Spark's coefficients \(sparks); \(fit.iterations) iterations, "
                + "\(fit.convergence.rawValue); coefficients: \(agreement)")
        // As low, up to the rounding of the sum of 100 log-losses.
        #expect(ours <= sparks * (1 + 1e-9))
    }
}
