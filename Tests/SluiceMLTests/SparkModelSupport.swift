import Foundation
import SluiceML
import SluiceParquet
import SluiceParquetCodecs

/// The reference models of `Fixtures/spark-models`, decoded without the runtime's file loader.
enum SparkFixture {
    /// The six reference models' directory names.
    static let models = [
        "mllib-lr-lbfgs", "mllib-lr-l2-threshold07", "mllib-svm", "ml-lr-binary", "ml-lr-elasticnet",
        "ml-lr-multinomial",
    ]

    /// The one `part-*` file of `<model>/<sub>` whose name ends with `suffix`.
    static func part(_ model: String, _ sub: String, suffix: String) throws -> [UInt8] {
        let directory = Fixture.url("spark-models/\(model)/\(sub)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("part-") && $0.hasSuffix(suffix) }
        guard names.count == 1 else { throw CocoaError(.fileNoSuchFile) }
        return try [UInt8](Data(contentsOf: directory.appendingPathComponent(names[0])))
    }

    static func metadata(_ model: String) throws -> SparkModelMetadata {
        try SparkModelMetadata.decode(part(model, "metadata", suffix: ".txt"))
    }

    static func rows(_ model: String) throws -> [ParquetValue] {
        try ParquetFile(bytes: part(model, "data", suffix: ".parquet"), decompressor: ParquetCodecs()).rows()
    }

    static func classifier(_ model: String) throws -> LinearClassifier {
        try SparkModelFormat.decode(metadata: metadata(model), rows: rows(model))
    }

    static func predictions() throws -> SparkPredictions {
        try JSONDecoder().decode(SparkPredictions.self, from: Data(Fixture.bytes("spark_predictions.json")))
    }
}

/// Whether `actual` is within `tolerance` of `expected`, relative to `expected`'s magnitude.
func isClose(_ actual: Double, _ expected: Double, relative tolerance: Double = 1e-9) -> Bool {
    actual == expected || abs(actual - expected) <= tolerance * abs(expected)
}
