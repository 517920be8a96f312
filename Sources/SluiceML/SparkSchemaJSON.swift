/// The Spark SQL schemas (`org.apache.spark.sql.parquet.row.metadata`) of saved models' data
/// files, as Spark 4.3.0 writes them: Spark reads the vector and matrix types (UDTs) from them.
enum SparkSchemaJSON {
    static func vector(_ package: String) -> String {
        "{\"type\":\"udt\",\"class\":\"org.apache.spark.\(package).linalg.VectorUDT\",\"pyClass\":\"pyspark.\(package).linalg.VectorUDT\","
            + "\"sqlType\":{\"type\":\"struct\",\"fields\":[{\"name\":\"type\",\"type\":\"byte\",\"nullable\":false,\"metadata\":{}},"
            + "{\"name\":\"size\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"indices\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"values\",\"type\":{\"type\":\"array\",\"elementType\":\"double\",\"containsNull\":false},\"nullable\":true,\"metadata\":{}}]}}"
    }

    static let matrix =
        "{\"type\":\"udt\",\"class\":\"org.apache.spark.ml.linalg.MatrixUDT\",\"pyClass\":\"pyspark.ml.linalg.MatrixUDT\","
        + "\"sqlType\":{\"type\":\"struct\",\"fields\":[{\"name\":\"type\",\"type\":\"byte\",\"nullable\":false,\"metadata\":{}},"
        + "{\"name\":\"numRows\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{}},"
        + "{\"name\":\"numCols\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{}},"
        + "{\"name\":\"colPtrs\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false},\"nullable\":true,\"metadata\":{}},"
        + "{\"name\":\"rowIndices\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":false},\"nullable\":true,\"metadata\":{}},"
        + "{\"name\":\"values\",\"type\":{\"type\":\"array\",\"elementType\":\"double\",\"containsNull\":false},\"nullable\":true,\"metadata\":{}},"
        + "{\"name\":\"isTransposed\",\"type\":\"boolean\",\"nullable\":false,\"metadata\":{}}]}}"

    static let mllibLogisticRegression =
        "{\"type\":\"struct\",\"fields\":[{\"name\":\"weights\",\"type\":\(vector("mllib")),\"nullable\":true,\"metadata\":{}},"
        + "{\"name\":\"intercept\",\"type\":\"double\",\"nullable\":false,\"metadata\":{}},"
        + "{\"name\":\"threshold\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}}]}"

    static let mlLogisticRegression =
        "{\"type\":\"struct\",\"fields\":[{\"name\":\"numClasses\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{}},"
        + "{\"name\":\"numFeatures\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{}},"
        + "{\"name\":\"interceptVector\",\"type\":\(vector("ml")),\"nullable\":true,\"metadata\":{}},"
        + "{\"name\":\"coefficientMatrix\",\"type\":\(matrix),\"nullable\":true,\"metadata\":{}},"
        + "{\"name\":\"isMultinomial\",\"type\":\"boolean\",\"nullable\":false,\"metadata\":{}}]}"
}
