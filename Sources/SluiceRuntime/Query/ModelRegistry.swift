import Foundation
import SluiceExec
import SluiceML

/// Loads each model once per process per path and shares it between threads.
public final class ModelRegistry: FunctionResolver, @unchecked Sendable {
    private var models: [String: LogisticRegressionModel] = [:]
    private let lock = NSLock()

    /// The class name of the logistic-regression UDF.
    public static let logisticRegressionClass = "org.apache.spark.sql.aliyun.udfs.ml.LogisticRegressionUDF"

    /// The process-wide registry.
    public static let shared = ModelRegistry()

    /// Creates an empty registry.
    public init() {}

    public func modelFunction(className: String, modelPath: String) throws -> ModelFunction {
        guard className == ModelRegistry.logisticRegressionClass else {
            throw ExecError(.function, "no implementation of function class \(className)")
        }
        return LogisticRegressionFunction(model: try model(at: modelPath))
    }

    /// The logistic-regression model at `path`, loaded on first use.
    /// - Throws: `ExecError` of kind `.function` naming the path when it is missing or not a model.
    public func model(at path: String) throws -> LogisticRegressionModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[path] { return model }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExecError(.function, "model path \(path) does not exist")
        }
        if isDirectory.boolValue {
            throw ExecError(
                .function, "model path \(path) is a directory; this version reads Sluice's JSON model format (docs/models.md)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExecError(.function, "cannot read model file \(path)")
        }
        do {
            let model = try ModelFormat.decodeJSON(Array(data))
            models[path] = model
            return model
        } catch {
            throw ExecError(.function, "\(path) is not a logistic-regression model: \(error.message)")
        }
    }
}
