import Foundation
import SluiceML
import SluiceParquet
import SluiceParquetCodecs

/// Reads a model directory that Spark saved (`metadata/part-*` JSON and `data/part-*.parquet`)
/// into a `LinearClassifier`; the decoding itself is `SparkModelFormat`'s.
enum SparkModelLoader {
    /// Largest metadata or data file read, in bytes.
    static let fileBytesMax = 256 << 20

    /// Whether `path` is a directory with a `metadata` subdirectory: Spark's layout.
    static func isSparkModel(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(
            atPath: (path as NSString).appendingPathComponent("metadata"), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// The model in the directory `path`.
    /// - Throws: `MLError` of kind `badModel` whose message names the file (or the directory) and what is wrong.
    static func load(_ path: String) throws(MLError) -> LinearClassifier {
        let metadataFile = try onlyPart(path, "metadata") { !$0.hasSuffix(".crc") }
        let metadata: SparkModelMetadata
        do {
            metadata = try SparkModelMetadata.decode(try read(metadataFile))
            try SparkModelFormat.check(metadata)
        } catch {
            throw MLError(.badModel, "\(metadataFile): \(error.message)")
        }
        let dataFiles = try parts(path, "data") { $0.hasSuffix(".parquet") }
        guard !dataFiles.isEmpty else {
            throw MLError(
                .badModel, "\(path)/data holds no part-*.parquet file: the directory is not a complete Spark model")
        }
        var rows: [ParquetValue] = []
        for file in dataFiles {
            do {
                let parquet = try ParquetFile(bytes: try read(file), decompressor: ParquetCodecs())
                rows.append(contentsOf: try parquet.rows())
            } catch let error as ParquetError {
                throw MLError(.badModel, "\(file) is not a readable Parquet file: \(error.message)")
            } catch let error as MLError {
                throw error
            } catch {
                throw MLError(.badModel, "\(file): \(error)")
            }
        }
        do {
            return try SparkModelFormat.decode(metadata: metadata, rows: rows)
        } catch {
            let source = dataFiles.count == 1 ? dataFiles[0] : "\(path)/data"
            throw MLError(.badModel, "\(source): \(error.message)")
        }
    }

    /// The one `part-*` file of `path/sub` that `keep` accepts.
    private static func onlyPart(_ path: String, _ sub: String, _ keep: (String) -> Bool) throws(MLError) -> String {
        let files = try parts(path, sub, keep)
        guard files.count == 1 else {
            throw MLError(
                .badModel, "\(path)/\(sub) holds \(files.count) part files, not 1: the directory is not a Spark model")
        }
        return files[0]
    }

    /// The `part-*` files of `path/sub` that `keep` accepts, in name order.
    private static func parts(_ path: String, _ sub: String, _ keep: (String) -> Bool) throws(MLError) -> [String] {
        let directory = (path as NSString).appendingPathComponent(sub)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw MLError(.badModel, "\(directory) cannot be listed: the directory is not a Spark model")
        }
        return names.filter { $0.hasPrefix("part-") && keep($0) }.sorted().map {
            (directory as NSString).appendingPathComponent($0)
        }
    }

    private static func read(_ file: String) throws(MLError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw MLError(.badModel, "\(file) cannot be opened")
        }
        defer { try? handle.close() }
        let contents: Data?
        do {
            contents = try handle.read(upToCount: fileBytesMax + 1)
        } catch {
            throw MLError(.badModel, "\(file) cannot be read: \(error)")
        }
        guard let data = contents else { return [] }
        guard data.count <= fileBytesMax else {
            throw MLError(.badModel, "\(file) is larger than the limit of \(fileBytesMax) bytes")
        }
        return [UInt8](data)
    }
}
