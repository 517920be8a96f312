import Foundation

/// The files `sluice demo` runs on: the reference script, the sample data and the model, found
/// in `examples/` of the working directory or of the checkout the binary was built in.
public struct DemoFiles: Sendable {
    /// `examples/seed.sql`.
    public let seed: String
    /// `examples/sample_libsvm_data.txt`.
    public let data: String
    /// `examples/lr_model.json`.
    public let model: String

    /// Finds `examples/` beside the working directory or above the executable.
    public static func locate() throws -> DemoFiles {
        var candidates = [FileManager.default.currentDirectoryPath]
        var directory = URL(fileURLWithPath: LocalExecutors.executablePath()).deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.path)
            directory = directory.deletingLastPathComponent()
        }
        for root in candidates {
            let examples = root + "/examples"
            let files = DemoFiles(
                seed: examples + "/seed.sql", data: examples + "/sample_libsvm_data.txt", model: examples + "/lr_model.json")
            if [files.seed, files.data, files.model].allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                return files
            }
        }
        throw RuntimeError(
            "cannot find examples/seed.sql, sample_libsvm_data.txt and lr_model.json in the working directory "
                + "or above the sluice binary; run the demo from the repository")
    }
}
