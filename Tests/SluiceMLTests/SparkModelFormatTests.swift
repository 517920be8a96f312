import SluiceML
import SluiceParquet
import Testing

/// Metadata and data that Sluice refuses, with the reason named.
@Suite struct SparkModelFormatTests {
    private func metadataError(_ json: String) -> MLError? {
        thrownError { try SparkModelMetadata.decode(Array(json.utf8)) }
    }

    private func decodeError(_ metadata: SparkModelMetadata, _ rows: [ParquetValue]) -> MLError? {
        thrownError { try SparkModelFormat.decode(metadata: metadata, rows: rows) }
    }

    @Test func metadataThatIsNotJSONOrHasNoClassIsRefused() {
        #expect(metadataError("{\"class\":")?.message.contains("not valid JSON") == true)
        #expect(metadataError("[1, 2]")?.message == "the metadata is not a JSON object")
        #expect(metadataError("{\"version\": \"1.0\"}")?.message == "the metadata has no \"class\" string")
        #expect(metadataError("{\"class\": \"x\", \"numFeatures\": -3}")?.message.contains("not a count") == true)
        #expect(
            metadataError("{\"class\": \"x\", \"paramMap\": {\"threshold\": 2}}")?.message.contains("from 0 to 1")
                == true)
    }

    @Test func mlParametersSetWinOverDefaults() throws {
        let metadata = try SparkModelMetadata.decode(
            Array(
                #"{"class":"c","sparkVersion":"4.3.0","paramMap":{"threshold":0.7},"defaultParamMap":{"threshold":0.5}}"#
                    .utf8))
        #expect(metadata.threshold == 0.7)
        #expect(metadata.sparkVersion == "4.3.0")
    }

    @Test func unknownClassesAndVersionsAreNamed() throws {
        let rows = try SparkFixture.rows("mllib-svm")
        let unknown = decodeError(
            SparkModelMetadata(className: "org.apache.spark.ml.classification.NaiveBayesModel"), rows)
        #expect(unknown?.kind == .badModel)
        #expect(
            unknown?.message.contains("model class org.apache.spark.ml.classification.NaiveBayesModel is not read")
                == true)
        let version = decodeError(SparkModelMetadata(className: SparkModelFormat.mllibSVMClass, version: "2.0"), rows)
        #expect(version?.message.contains("format version 2.0 is not read") == true)
        let multinomial = decodeError(
            SparkModelMetadata(className: SparkModelFormat.mllibLogisticRegressionClass, version: "1.0", numClasses: 3),
            rows)
        #expect(multinomial?.message.contains("numClasses 3") == true)
    }

    @Test func dataThatContradictsTheMetadataIsRefused() throws {
        let rows = try SparkFixture.rows("mllib-svm")
        let features = decodeError(
            SparkModelMetadata(
                className: SparkModelFormat.mllibSVMClass, version: "1.0", numFeatures: 10, numClasses: 2), rows)
        #expect(features?.message == "the metadata says 10 features, the weights vector has 692")
        let mlRows = try SparkFixture.rows("ml-lr-binary")
        let wrongLayout = decodeError(
            SparkModelMetadata(className: SparkModelFormat.mllibSVMClass, version: "1.0"), mlRows)
        #expect(wrongLayout?.message == "the data has no column \"weights\"")
        #expect(
            decodeError(SparkModelMetadata(className: SparkModelFormat.mllibSVMClass, version: "1.0"), [])?.message
                == "the data holds 0 rows; a saved model has 1")
    }

    @Test func malformedVectorsAndMatricesAreRefused() throws {
        let metadata = SparkModelMetadata(className: SparkModelFormat.mllibSVMClass, version: "1.0")
        func row(_ weights: ParquetValue) -> [ParquetValue] {
            [.group(["weights": weights, "intercept": .double(0), "threshold": .null])]
        }
        let sparse: ParquetValue = .group([
            "type": .int32(0), "size": .int32(3), "indices": .list([.int32(2), .int32(1)]),
            "values": .list([.double(1), .double(2)]),
        ])
        #expect(decodeError(metadata, row(sparse))?.message.contains("not ascending") == true)
        let good: ParquetValue = .group([
            "type": .int32(0), "size": .int32(3), "indices": .list([.int32(0), .int32(2)]),
            "values": .list([.double(1), .double(2)]),
        ])
        let model = try SparkModelFormat.decode(metadata: metadata, rows: row(good))
        #expect(model.coefficients == [1, 0, 2])
        #expect(model.threshold == nil)
        #expect(
            decodeError(metadata, row(.group(["type": .int32(7), "values": .list([])])))?.message.contains(
                "type 0 (sparse) or 1 (dense)") == true)
        let infinite: ParquetValue = .group(["type": .int32(1), "values": .list([.double(.infinity)])])
        #expect(decodeError(metadata, row(infinite))?.message.contains("not a finite double") == true)

        let mlMetadata = SparkModelMetadata(className: SparkModelFormat.logisticRegressionClass, sparkVersion: "4.3.0")
        let matrix: ParquetValue = .group([
            "type": .int32(0), "numRows": .int32(1), "numCols": .int32(3), "isTransposed": .boolean(true),
            "colPtrs": .list([.int32(0), .int32(1)]), "rowIndices": .list([.int32(5)]), "values": .list([.double(1)]),
        ])
        let mlRow: [ParquetValue] = [
            .group([
                "numClasses": .int32(2), "numFeatures": .int32(3), "isMultinomial": .boolean(false),
                "interceptVector": .group(["type": .int32(1), "values": .list([.double(0.5)])]),
                "coefficientMatrix": matrix,
            ])
        ]
        #expect(decodeError(mlMetadata, mlRow)?.message.contains("rowIndices hold 5, outside 0..<3") == true)
    }

    @Test func columnMajorMultinomialMatricesAddProductsToTheIntercept() throws {
        let metadata = SparkModelMetadata(className: SparkModelFormat.logisticRegressionClass, sparkVersion: "4.3.0")
        // 3 classes × 2 features, column-major: column 0 is (1, 2, 3), column 1 is (4, 5, 6).
        let matrix: ParquetValue = .group([
            "type": .int32(1), "numRows": .int32(3), "numCols": .int32(2), "isTransposed": .boolean(false),
            "values": .list([1, 2, 3, 4, 5, 6].map { .double($0) }),
        ])
        let row: ParquetValue = .group([
            "numClasses": .int32(3), "numFeatures": .int32(2), "isMultinomial": .boolean(true),
            "interceptVector": .group(["type": .int32(1), "values": .list([.double(0), .double(0), .double(-20)])]),
            "coefficientMatrix": matrix,
        ])
        let model = try SparkModelFormat.decode(metadata: metadata, rows: [row])
        #expect(model.coefficients == [1, 4, 2, 5, 3, 6])
        #expect(model.marginsStartAtIntercept)
        let features = SparseVector(size: 2, indices: [0, 1], values: [1, 1])
        #expect(model.margins(features) == [5, 7, -11])
        #expect(model.predict(features) == 1)
        let probabilities = try #require(model.probabilities(features))
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-15)
    }

    @Test func thresholdsDecideAsSparkDoes() throws {
        let features = SparseVector(size: 1, indices: [0], values: [1])
        func binary(_ threshold: Double?, thresholds: [Double]? = nil, margin: Double) throws -> LinearClassifier {
            let metadata = SparkModelMetadata(
                className: SparkModelFormat.logisticRegressionClass, sparkVersion: "4.3.0", threshold: threshold, thresholds: thresholds)
            let row: ParquetValue = .group([
                "numClasses": .int32(2), "numFeatures": .int32(1), "isMultinomial": .boolean(false),
                "interceptVector": .group(["type": .int32(1), "values": .list([.double(0)])]),
                "coefficientMatrix": .group([
                    "type": .int32(1), "numRows": .int32(1), "numCols": .int32(1), "isTransposed": .boolean(true),
                    "values": .list([.double(margin)]),
                ]),
            ])
            return try SparkModelFormat.decode(metadata: metadata, rows: [row])
        }
        // ml binomial: margin > log(t / (1 - t)); t = 0 and t = 1 are -inf and +inf.
        #expect(try binary(0.7, margin: 0.8).predict(features) == 0)  // log(0.7/0.3) = 0.847
        #expect(try binary(0.7, margin: 0.9).predict(features) == 1)
        #expect(try binary(0, margin: -1e300).predict(features) == 1)
        #expect(try binary(1, margin: 1e300).predict(features) == 0)
        // thresholds (t0, t1) stand for the threshold 1 / (1 + t0 / t1): here 0.25, log(1/3) = -1.0986.
        #expect(try binary(nil, thresholds: [3, 1], margin: -1.0).predict(features) == 1)
        #expect(try binary(nil, thresholds: [3, 1], margin: -1.2).predict(features) == 0)

        // mllib SVM: margin > threshold, or the margin itself when cleared.
        let svm = SparkModelMetadata(className: SparkModelFormat.mllibSVMClass, version: "1.0")
        func svmRow(_ threshold: ParquetValue) -> [ParquetValue] {
            [.group(["weights": .group(["type": .int32(1), "values": .list([.double(-2.5)])]), "intercept": .double(1), "threshold": threshold])]
        }
        #expect(try SparkModelFormat.decode(metadata: svm, rows: svmRow(.double(0))).predict(features) == 0)
        #expect(try SparkModelFormat.decode(metadata: svm, rows: svmRow(.double(-2))).predict(features) == 1)
        #expect(try SparkModelFormat.decode(metadata: svm, rows: svmRow(.null)).predict(features) == -1.5)
    }
}
