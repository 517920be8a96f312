import SluiceParquet

/// Spark's saved linear classifiers: a directory with `metadata/part-00000` (one line of JSON)
/// and `data/part-*.parquet` (one row). This decodes both, once read; `ModelRegistry` finds and reads the files.
///
/// | class | version | data row |
/// |---|---|---|
/// | `org.apache.spark.mllib.classification.LogisticRegressionModel` | `1.0`, `numClasses` 2 | `weights: vector, intercept: double, threshold: double?` |
/// | `org.apache.spark.mllib.classification.SVMModel` | `1.0` | same |
/// | `org.apache.spark.ml.classification.LogisticRegressionModel` | Spark 2.1 and later | `numClasses: int, numFeatures: int, interceptVector: vector, coefficientMatrix: matrix, isMultinomial: boolean` |
/// | same | Spark 2.0 and before | `numClasses: int, numFeatures: int, intercept: double, coefficients: vector` |
///
/// A vector is Spark's VectorUDT struct `{type: tinyint (0 sparse, 1 dense), size: int,
/// indices: array<int>, values: array<double>}`; a matrix is the MatrixUDT struct `{type,
/// numRows, numCols, colPtrs, rowIndices, values, isTransposed}` (dense column-major, or
/// row-major when transposed; sparse CSC, or CSR when transposed).
public enum SparkModelFormat {
    /// Most coefficients (rows × features) a model may have, in coefficients: as many as one
    /// Parquet column chunk may hold (`ParquetLimits.chunkValuesMax`).
    public static let coefficientsMax = ParquetLimits.chunkValuesMax

    /// The mllib logistic-regression class.
    public static let mllibLogisticRegressionClass = "org.apache.spark.mllib.classification.LogisticRegressionModel"
    /// The mllib SVM class.
    public static let mllibSVMClass = "org.apache.spark.mllib.classification.SVMModel"
    /// The ml logistic-regression class.
    public static let logisticRegressionClass = "org.apache.spark.ml.classification.LogisticRegressionModel"

    /// The model that `metadata` and the data file's `rows` describe.
    /// - Throws: `MLError` of kind `badModel` for a class or version this does not read, or data
    ///   that contradicts the metadata or Spark's layout, naming the field.
    public static func decode(metadata: SparkModelMetadata, rows: [ParquetValue]) throws(MLError) -> LinearClassifier {
        try check(metadata)
        if metadata.className == logisticRegressionClass {
            return try decodeML(metadata, try onlyRow(rows))
        }
        return try decodeMLlib(metadata, try onlyRow(rows))
    }

    /// Checks that the metadata names a class and format version this reads, before any data is read.
    /// - Throws: `MLError` of kind `badModel` naming the class or version.
    public static func check(_ metadata: SparkModelMetadata) throws(MLError) {
        switch metadata.className {
        case mllibLogisticRegressionClass, mllibSVMClass:
            guard metadata.version == "1.0" else {
                throw MLError(
                    .badModel,
                    "\(metadata.className) format version \(metadata.version ?? "(none)") is not read; version 1.0 is")
            }
        case logisticRegressionClass:
            break
        default:
            throw MLError(
                .badModel,
                "model class \(metadata.className) is not read; Sluice reads \(mllibLogisticRegressionClass), \(mllibSVMClass) and \(logisticRegressionClass)"
            )
        }
    }

    private static func onlyRow(_ rows: [ParquetValue]) throws(MLError) -> ParquetValue {
        guard rows.count == 1 else {
            throw MLError(.badModel, "the data holds \(rows.count) rows; a saved model has 1")
        }
        return rows[0]
    }

    private static func decodeMLlib(_ metadata: SparkModelMetadata, _ row: ParquetValue) throws(MLError)
        -> LinearClassifier
    {
        let isSVM = metadata.className == mllibSVMClass
        let numClasses = metadata.numClasses ?? 2
        guard numClasses == 2 else {
            throw MLError(
                .badModel,
                "mllib multinomial logistic regression (numClasses \(numClasses)) is not read; binary models are")
        }
        let weights = try SparkValues.vector(field(row, "weights"), "weights")
        if let numFeatures = metadata.numFeatures, numFeatures != weights.count {
            throw MLError(
                .badModel, "the metadata says \(numFeatures) features, the weights vector has \(weights.count)")
        }
        let intercept = try SparkValues.double(field(row, "intercept"), "intercept")
        var threshold: Double?
        if let value = row[field: "threshold"], value != .null {
            threshold = try SparkValues.double(value, "threshold")
        }
        return LinearClassifier(
            kind: isSVM ? .mllibSVM : .mllibLogisticRegression, numFeatures: weights.count, numClasses: 2,
            coefficients: weights, intercepts: [intercept], threshold: threshold)
    }

    private static func decodeML(_ metadata: SparkModelMetadata, _ row: ParquetValue) throws(MLError)
        -> LinearClassifier
    {
        let numClasses = try SparkValues.count(field(row, "numClasses"), "numClasses")
        let numFeatures = try SparkValues.count(field(row, "numFeatures"), "numFeatures")
        guard numClasses >= 2 else {
            throw MLError(.badModel, "numClasses is \(numClasses); a classifier has 2 or more")
        }
        if row[field: "coefficientMatrix"] == nil, let old = row[field: "coefficients"] {
            // Spark 2.0 and before: one coefficient vector and one intercept.
            let coefficients = try SparkValues.vector(old, "coefficients")
            guard coefficients.count == numFeatures else {
                throw MLError(
                    .badModel, "numFeatures is \(numFeatures), the coefficients vector has \(coefficients.count)")
            }
            let intercept = try SparkValues.double(field(row, "intercept"), "intercept")
            return binaryML(metadata, numFeatures, coefficients, intercept, rowMajor: true)
        }
        let intercepts = try SparkValues.vector(field(row, "interceptVector"), "interceptVector")
        let matrix = try SparkValues.matrix(field(row, "coefficientMatrix"), "coefficientMatrix")
        guard case .boolean(let isMultinomial)? = row[field: "isMultinomial"] else {
            throw MLError(.badModel, "the data's isMultinomial is missing or not a boolean")
        }
        guard matrix.numColumns == numFeatures else {
            throw MLError(
                .badModel, "numFeatures is \(numFeatures), the coefficient matrix has \(matrix.numColumns) columns")
        }
        guard matrix.numRows == intercepts.count else {
            throw MLError(
                .badModel, "the coefficient matrix has \(matrix.numRows) rows for \(intercepts.count) intercepts")
        }
        if !isMultinomial {
            guard matrix.numRows == 1, numClasses == 2 else {
                throw MLError(
                    .badModel,
                    "a binomial model has 1 coefficient row and 2 classes, not \(matrix.numRows) and \(numClasses)")
            }
            return binaryML(metadata, numFeatures, matrix.rowMajor, intercepts[0], rowMajor: matrix.isRowMajor)
        }
        guard matrix.numRows == numClasses else {
            throw MLError(
                .badModel, "a multinomial model of \(numClasses) classes has \(matrix.numRows) coefficient rows")
        }
        if let thresholds = metadata.thresholds, thresholds.count != numClasses {
            throw MLError(
                .badModel, "the thresholds parameter has \(thresholds.count) values for \(numClasses) classes")
        }
        return LinearClassifier(
            kind: .multinomialLogisticRegression, numFeatures: numFeatures, numClasses: numClasses,
            coefficients: matrix.rowMajor,
            intercepts: intercepts, threshold: nil, classThresholds: metadata.thresholds,
            marginsStartAtIntercept: !matrix.isRowMajor)
    }

    private static func binaryML(
        _ metadata: SparkModelMetadata, _ numFeatures: Int, _ coefficients: [Double], _ intercept: Double,
        rowMajor: Bool
    ) -> LinearClassifier {
        // ml's getThreshold: `thresholds` (t0, t1), when set, stands for 1 / (1 + t0 / t1).
        var threshold = metadata.threshold ?? 0.5
        if let thresholds = metadata.thresholds, thresholds.count == 2 {
            threshold = 1.0 / (1.0 + thresholds[0] / thresholds[1])
        }
        return LinearClassifier(
            kind: .logisticRegression, numFeatures: numFeatures, numClasses: 2, coefficients: coefficients,
            intercepts: [intercept],
            threshold: threshold)
    }

    private static func field(_ row: ParquetValue, _ name: String) throws(MLError) -> ParquetValue {
        guard let value = row[field: name] else { throw MLError(.badModel, "the data has no column \"\(name)\"") }
        return value
    }
}
