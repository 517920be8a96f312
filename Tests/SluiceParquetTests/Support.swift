import Foundation
import SluiceParquet
import SluiceParquetCodecs

/// The Parquet files of the reference models, kept once under `SluiceMLTests/Fixtures/spark-models`.
enum ModelFiles {
    /// The directory of the reference models.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../SluiceMLTests/Fixtures/spark-models").standardizedFileURL

    /// The model directories' names.
    static let models = [
        "mllib-lr-lbfgs", "mllib-lr-l2-threshold07", "mllib-svm", "ml-lr-binary", "ml-lr-elasticnet",
        "ml-lr-multinomial",
    ]

    /// The bytes of the one Parquet file under `<model>/data`.
    static func parquet(_ model: String) throws -> [UInt8] {
        let data = directory.appendingPathComponent(model).appendingPathComponent("data")
        let names = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".parquet") }
        guard names.count == 1 else { throw CocoaError(.fileNoSuchFile) }
        return try [UInt8](Data(contentsOf: data.appendingPathComponent(names[0])))
    }

    /// The rows of a model's Parquet file.
    static func rows(_ model: String) throws -> [ParquetValue] {
        try ParquetFile(bytes: parquet(model), decompressor: ParquetCodecs()).rows()
    }
}
