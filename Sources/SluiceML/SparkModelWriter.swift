import SluiceParquet

/// The files of a Spark model directory, in memory: what `model.save` writes, as Spark 4.3.0 writes it.
public struct SparkModelFiles: Sendable, Equatable {
    /// `metadata/part-…`: one line of JSON and a newline.
    public let metadata: [UInt8]
    /// `data/part-….parquet`: one row.
    public let data: [UInt8]
}

/// Writes trained logistic regressions as Spark saves them: mllib's `LogisticRegressionModel`
/// (binary) or ml's `LogisticRegressionModel` (binomial or multinomial), readable by Spark's
/// `load` and by `SparkModelFormat`. Pure: the caller writes the files and picks uid and time.
public enum SparkModelWriter {
    /// The Spark version the files say they come from: their layout is that version's.
    public static let sparkVersion = "4.3.0"

    /// mllib's `LogisticRegressionModel`: `{"class", "version": "1.0", "numFeatures", "numClasses": 2}`
    /// and the row `{weights: dense vector, intercept, threshold}` (`threshold` null when cleared).
    /// - Throws: `MLError` of kind `badModel` for a fit of more than two classes.
    public static func mllib(_ fit: LogisticRegressionFit, threshold: Double?) throws(MLError) -> SparkModelFiles {
        let model = try fit.binaryModel(threshold: threshold)
        let metadata =
            "{\"class\":\"\(SparkModelFormat.mllibLogisticRegressionClass)\",\"version\":\"1.0\","
            + "\"numFeatures\":\(model.numFeatures),\"numClasses\":2}\n"
        let row = ParquetValue.group([
            "weights": denseVector(model.coefficients),
            "intercept": .double(model.intercept),
            "threshold": model.threshold.map { .double($0) } ?? .null,
        ])
        return SparkModelFiles(
            metadata: Array(metadata.utf8), data: try parquet(mllibDataSchema, row, mllibRowMetadata))
    }

    /// ml's `LogisticRegressionModel`: the metadata (`class`, `timestamp`, `sparkVersion`, `uid`,
    /// `paramMap` with the training parameters, `defaultParamMap` as Spark's) and the row
    /// `{numClasses, numFeatures, interceptVector, coefficientMatrix (dense, row-major), isMultinomial}`.
    /// - Parameters:
    ///   - threshold: the binomial model's threshold, written in `paramMap` (not for multinomial models).
    ///   - uid: the model's uid, such as `LogisticRegression_0123456789ab`.
    ///   - timestamp: milliseconds since 1970, as Spark writes the save time.
    public static func ml(
        _ fit: LogisticRegressionFit, _ parameters: LogisticRegressionParameters, threshold: Double, uid: String,
        timestamp: Int64
    ) throws(MLError) -> SparkModelFiles {
        let numFeatures = fit.coefficients.first?.count ?? 0
        var params = [
            "\"elasticNetParam\":\(parameters.elasticNetParam)", "\"family\":\"\(parameters.family.rawValue)\"",
            "\"fitIntercept\":\(parameters.fitIntercept)", "\"maxIter\":\(parameters.maxIterations)",
            "\"regParam\":\(parameters.regParam)", "\"standardization\":\(parameters.standardization)",
        ]
        if !fit.isMultinomial { params.append("\"threshold\":\(threshold)") }
        params.append("\"tol\":\(parameters.tolerance)")
        let metadata =
            "{\"class\":\"\(SparkModelFormat.logisticRegressionClass)\",\"timestamp\":\(timestamp),"
            + "\"sparkVersion\":\"\(sparkVersion)\",\"uid\":\"\(uid)\",\"paramMap\":{\(params.joined(separator: ","))},"
            + "\"defaultParamMap\":\(defaultParamMap)}\n"
        let values = fit.coefficients.flatMap { $0 }.map { ParquetValue.double($0) }
        let matrix = ParquetValue.group([
            "type": .int32(1), "numRows": .int32(Int32(fit.coefficients.count)), "numCols": .int32(Int32(numFeatures)),
            "colPtrs": .null, "rowIndices": .null, "values": .list(values), "isTransposed": .boolean(true),
        ])
        let row = ParquetValue.group([
            "numClasses": .int32(Int32(fit.numClasses)), "numFeatures": .int32(Int32(numFeatures)),
            "interceptVector": denseVector(fit.intercepts), "coefficientMatrix": matrix,
            "isMultinomial": .boolean(fit.isMultinomial),
        ])
        return SparkModelFiles(metadata: Array(metadata.utf8), data: try parquet(mlDataSchema, row, mlRowMetadata))
    }

    /// The Parquet schema of mllib's logistic-regression data file, as Spark writes it.
    public static let mllibDataSchema: [ParquetField] = [
        vectorField("weights"), .column("intercept", .required, .double), .column("threshold", .optional, .double),
    ]

    /// The Parquet schema of ml's logistic-regression data file (Spark 2.1 and later), as Spark writes it.
    public static let mlDataSchema: [ParquetField] = [
        .column("numClasses", .required, .int32), .column("numFeatures", .required, .int32),
        vectorField("interceptVector"),
        .group(
            "coefficientMatrix", .optional,
            [
                .int8("type", .required), .column("numRows", .required, .int32),
                .column("numCols", .required, .int32), .list("colPtrs", .optional, of: .int32),
                .list("rowIndices", .optional, of: .int32), .list("values", .optional, of: .double),
                .column("isTransposed", .required, .boolean),
            ]),
        .column("isMultinomial", .required, .boolean),
    ]

    /// The Spark SQL schema of mllib's data row, written under `org.apache.spark.sql.parquet.row.metadata`.
    public static let mllibRowMetadata = SparkSchemaJSON.mllibLogisticRegression
    /// The Spark SQL schema of ml's data row, written under `org.apache.spark.sql.parquet.row.metadata`.
    public static let mlRowMetadata = SparkSchemaJSON.mlLogisticRegression

    /// The data file of one `row` under `schema`, with Spark's footer metadata (`rowMetadata`).
    /// - Throws: `MLError` of kind `badModel` when the row does not fit the schema.
    public static func dataFile(_ schema: [ParquetField], _ row: ParquetValue, rowMetadata: String) throws(MLError)
        -> [UInt8]
    {
        try parquet(schema, row, rowMetadata)
    }

    /// Spark 4.3.0's `defaultParamMap` of `LogisticRegression`.
    static let defaultParamMap =
        "{\"aggregationDepth\":2,\"elasticNetParam\":0.0,\"family\":\"auto\",\"featuresCol\":\"features\","
        + "\"fitIntercept\":true,\"labelCol\":\"label\",\"maxBlockSizeInMB\":0.0,\"maxIter\":100,"
        + "\"predictionCol\":\"prediction\",\"probabilityCol\":\"probability\",\"rawPredictionCol\":\"rawPrediction\","
        + "\"regParam\":0.0,\"standardization\":true,\"threshold\":0.5,\"tol\":1.0E-6}"

    /// Spark's VectorUDT struct.
    private static func vectorField(_ name: String) -> ParquetField {
        .group(
            name, .optional,
            [
                .int8("type", .required), .column("size", .optional, .int32), .list("indices", .optional, of: .int32),
                .list("values", .optional, of: .double),
            ])
    }

    private static func denseVector(_ values: [Double]) -> ParquetValue {
        .group(["type": .int32(1), "size": .null, "indices": .null, "values": .list(values.map { .double($0) })])
    }

    private static func parquet(_ schema: [ParquetField], _ row: ParquetValue, _ sparkSchema: String) throws(MLError)
        -> [UInt8]
    {
        do {
            return try ParquetWriter.write(
                schema: schema, rows: [row],
                keyValueMetadata: [
                    ("org.apache.spark.version", sparkVersion),
                    ("org.apache.spark.sql.parquet.row.metadata", sparkSchema),
                ])
        } catch {
            throw MLError(.badModel, "the model cannot be written as Parquet: \(error.message)")
        }
    }
}
