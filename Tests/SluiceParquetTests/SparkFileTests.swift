import SluiceParquet
import SluiceParquetCodecs
import Testing

/// The Parquet files that Spark 4 wrote for the reference models, read whole.
@Suite struct SparkFileTests {
    private func doubles(_ value: ParquetValue?) -> [Double]? {
        guard case .list(let elements)? = value else { return nil }
        return elements.compactMap { if case .double(let number) = $0 { number } else { nil } }
    }

    private func ints(_ value: ParquetValue?) -> [Int32]? {
        guard case .list(let elements)? = value else { return nil }
        return elements.compactMap { if case .int32(let number) = $0 { number } else { nil } }
    }

    @Test(arguments: ["mllib-lr-lbfgs", "mllib-lr-l2-threshold07", "mllib-svm"])
    func mllibFilesHoldOneRowOfWeightsInterceptAndThreshold(model: String) throws {
        let file = try ParquetFile(bytes: ModelFiles.parquet(model), decompressor: ParquetCodecs())
        #expect(file.rowCount == 1)
        #expect(file.schema.children.map(\.name) == ["weights", "intercept", "threshold"])
        let weightsFields = file.schema.children[0].children
        #expect(weightsFields.map(\.name) == ["type", "size", "indices", "values"])
        #expect(weightsFields[3].isList)
        let rows = try file.rows()
        #expect(rows.count == 1)
        let weights = try #require(rows[0][field: "weights"])
        #expect(weights[field: "type"] == .int32(1))
        #expect(weights[field: "size"] == .null)
        #expect(weights[field: "indices"] == .null)
        #expect(doubles(weights[field: "values"])?.count == 692)
        guard case .double? = rows[0][field: "intercept"] else {
            Issue.record("intercept is not a double")
            return
        }
        let threshold = rows[0][field: "threshold"]
        #expect(threshold == .double(model == "mllib-svm" ? 0.0 : 0.5))
    }

    @Test func mlBinaryHoldsADenseRowMajorMatrixAndOneIntercept() throws {
        let rows = try ModelFiles.rows("ml-lr-binary")
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(row[field: "numClasses"] == .int32(2))
        #expect(row[field: "numFeatures"] == .int32(692))
        #expect(row[field: "isMultinomial"] == .boolean(false))
        #expect(doubles(row[field: "interceptVector"]?[field: "values"]) == [9.250831966636106])
        let matrix = try #require(row[field: "coefficientMatrix"])
        #expect(matrix[field: "numRows"] == .int32(1))
        #expect(matrix[field: "numCols"] == .int32(692))
        #expect(matrix[field: "isTransposed"] == .boolean(true))
    }

    @Test func mlElasticNetHoldsASparseRowMatrix() throws {
        let row = try #require(try ModelFiles.rows("ml-lr-elasticnet").first)
        let matrix = try #require(row[field: "coefficientMatrix"])
        #expect(matrix[field: "type"] == .int32(0))
        #expect(ints(matrix[field: "colPtrs"]) == [0, 45])
        let indices = try #require(ints(matrix[field: "rowIndices"]))
        #expect(indices.count == 45)
        #expect(indices.first == 235)
        #expect(indices == indices.sorted())
        #expect(doubles(matrix[field: "values"])?.count == 45)
        #expect(doubles(matrix[field: "values"])?.first == -0.0004921023303968681)
    }

    @Test func mlMultinomialHoldsOneInterceptPerClass() throws {
        let row = try #require(try ModelFiles.rows("ml-lr-multinomial").first)
        #expect(row[field: "isMultinomial"] == .boolean(true))
        #expect(doubles(row[field: "interceptVector"]?[field: "values"]) == [-1.471788225070283, 1.471788225070283])
        #expect(row[field: "coefficientMatrix"]?[field: "numRows"] == .int32(2))
    }
}
