import Foundation
import SluiceML
import SluiceParquet
import SluiceParquetCodecs
import Testing

/// `SparkModelWriter` and the Parquet writer under it: Spark's own data rows written again read
/// back the same, and trained models written as Spark saves them decode to the same classifier.
@Suite struct SparkModelWriterTests {
    /// Three classes over four features, overlapping (so that the optimum is finite).
    static let threeClasses: [UInt8] = {
        var text = ""
        for row in 0..<90 {
            let label = row % 3
            let a = Double((row * 37) % 17) / 17 + Double(label)
            let b = Double((row * 53) % 13) / 13 - Double(label) * 0.5
            text += "\(label) 1:\(a) 2:\(b) 4:\(Double(row % 5) / 5)\n"
        }
        return Array(text.utf8)
    }()

    private func read(_ files: SparkModelFiles) throws -> LinearClassifier {
        let rows = try ParquetFile(bytes: files.data, decompressor: UncompressedOnly()).rows()
        return try SparkModelFormat.decode(metadata: SparkModelMetadata.decode(files.metadata), rows: rows)
    }

    private func fit(_ bytes: [UInt8], _ configure: (inout LogisticRegressionParameters) -> Void) throws -> (
        LogisticRegressionFit, LogisticRegressionParameters
    ) {
        var parameters = LogisticRegressionParameters()
        configure(&parameters)
        return (try LogisticRegressionTrainer.train(TrainingData(libsvm: bytes), parameters), parameters)
    }

    @Test(arguments: SparkFixture.models)
    func sparksDataRowsWrittenAgainReadBackTheSame(_ model: String) throws {
        let rows = try SparkFixture.rows(model)
        let isML = model.hasPrefix("ml-")
        let schema = isML ? SparkModelWriter.mlDataSchema : SparkModelWriter.mllibDataSchema
        let rowMetadata = isML ? SparkModelWriter.mlRowMetadata : SparkModelWriter.mllibRowMetadata
        let bytes = try SparkModelWriter.dataFile(schema, rows[0], rowMetadata: rowMetadata)
        #expect(try ParquetFile(bytes: bytes, decompressor: UncompressedOnly()).rows() == rows)
        // The Spark schema written is Spark's, byte for byte, as its own file holds it.
        let original = try SparkFixture.part(model, "data", suffix: ".parquet")
        let json = Array(rowMetadata.utf8)
        #expect(original.count > json.count)
        #expect(
            (0...(original.count - json.count)).contains {
                original[$0] == json[0] && Array(original[$0..<($0 + json.count)]) == json
            })
    }

    @Test func mllibModelsDecodeToTheTrainedModel() throws {
        let (fit, _) = try fit(Fixture.bytes("sample_libsvm_data.txt")) { $0.regParam = 0.01 }
        for threshold in [0.5, 0.7, nil] as [Double?] {
            let files = try SparkModelWriter.mllib(fit, threshold: threshold)
            let model = try fit.binaryModel(threshold: threshold)
            let expected = LinearClassifier(
                kind: .mllibLogisticRegression, numFeatures: 692, numClasses: 2, coefficients: model.coefficients,
                intercepts: [model.intercept], threshold: threshold)
            #expect(try read(files) == expected)
        }
        // The metadata is Spark's, byte for byte.
        #expect(
            try SparkModelWriter.mllib(fit, threshold: 0.5).metadata
                == SparkFixture.part("mllib-lr-lbfgs", "metadata", suffix: ".txt"))
    }

    @Test func mlBinomialModelsDecodeToTheTrainedModel() throws {
        let (fit, parameters) = try fit(Fixture.bytes("sample_libsvm_data.txt")) {
            $0.regParam = 0.05
            $0.elasticNetParam = 0.5
        }
        let files = try SparkModelWriter.ml(
            fit, parameters, threshold: 0.3, uid: "LogisticRegression_0123456789ab", timestamp: 1_700_000_000_123)
        let expected = LinearClassifier(
            kind: .logisticRegression, numFeatures: 692, numClasses: 2, coefficients: fit.coefficients[0],
            intercepts: fit.intercepts, threshold: 0.3)
        #expect(try read(files) == expected)

        let written = try #require(try JSONSerialization.jsonObject(with: Data(files.metadata)) as? [String: Any])
        let spark = try #require(
            try JSONSerialization.jsonObject(with: Data(SparkFixture.part("ml-lr-binary", "metadata", suffix: ".txt")))
                as? [String: Any])
        #expect(Set(written.keys) == Set(spark.keys))
        #expect(written["uid"] as? String == "LogisticRegression_0123456789ab")
        #expect(written["timestamp"] as? Int == 1_700_000_000_123)
        #expect(written["sparkVersion"] as? String == "4.3.0")
        #expect(
            NSDictionary(dictionary: try #require(written["defaultParamMap"] as? [String: Any]))
                == NSDictionary(dictionary: try #require(spark["defaultParamMap"] as? [String: Any])))
        let params = try #require(written["paramMap"] as? [String: Any])
        #expect(params["regParam"] as? Double == 0.05)
        #expect(params["elasticNetParam"] as? Double == 0.5)
        #expect(params["threshold"] as? Double == 0.3)
        #expect(files.metadata.last == UInt8(ascii: "\n"))
    }

    @Test func mlMultinomialModelsDecodeToTheTrainedModel() throws {
        let (fit, parameters) = try fit(Self.threeClasses) { $0.regParam = 0.1 }
        #expect(fit.isMultinomial && fit.numClasses == 3)
        let files = try SparkModelWriter.ml(fit, parameters, threshold: 0.5, uid: "LogisticRegression_a", timestamp: 0)
        let expected = LinearClassifier(
            kind: .multinomialLogisticRegression, numFeatures: 4, numClasses: 3,
            coefficients: fit.coefficients.flatMap { $0 }, intercepts: fit.intercepts, threshold: nil)
        let decoded = try read(files)
        #expect(decoded == expected)
        let row = SparseVector(size: 4, indices: [0, 1, 3], values: [1.5, -0.25, 0.4])
        #expect(decoded.probabilities(row) == expected.probabilities(row))
        let written = try #require(try JSONSerialization.jsonObject(with: Data(files.metadata)) as? [String: Any])
        let params = try #require(written["paramMap"] as? [String: Any])
        #expect(params["threshold"] == nil)
        #expect(params["family"] as? String == "auto")
    }

    @Test func mllibRefusesMoreThanTwoClasses() throws {
        let (fit, _) = try fit(Self.threeClasses) { $0.regParam = 0.1 }
        #expect(throws: MLError.self) { try SparkModelWriter.mllib(fit, threshold: 0.5) }
    }
}
