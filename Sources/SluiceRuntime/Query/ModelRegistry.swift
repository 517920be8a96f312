import Foundation
import SluiceExec
import SluiceML
import SluicePlan

/// Loads each model once per process per path and shares it between threads.
///
/// The format is told by the path: a directory with a `metadata/` subdirectory is a model that
/// Spark saved (`SparkModelLoader`); a file is Sluice's JSON model (`ModelFormat`).
public final class ModelRegistry: FunctionResolver, @unchecked Sendable {
    /// A loaded model: mllib's binary logistic regression and Sluice's JSON model take the
    /// logistic-regression fast path; other Spark models are general linear classifiers.
    private enum Loaded {
        case logisticRegression(LogisticRegressionModel)
        case linear(LinearClassifier)
    }

    private var models: [String: Loaded] = [:]
    private let lock = NSLock()

    /// The class name of the logistic-regression UDF.
    public static let logisticRegressionClass = ModelFunctions.logisticRegressionUDFClass

    /// The process-wide registry.
    public static let shared = ModelRegistry()

    /// Creates an empty registry.
    public init() {}

    /// The function of `className` over the model at `modelPath`: the UDF (any linear classifier),
    /// `logistic_regression_predict` and `logistic_regression_proba` (logistic regression only),
    /// `svm_predict` (Spark's `SVMModel` only).
    /// - Throws: `ExecError` of kind `.function` naming the path when the model cannot be loaded
    ///   or is of a kind the function does not take.
    public func modelFunction(className: String, modelPath: String) throws -> ModelFunction {
        switch className {
        case ModelFunctions.logisticRegressionUDFClass:
            switch try loaded(at: modelPath) {
            case .logisticRegression(let model): return LogisticRegressionFunction(model: model)
            case .linear(let model): return LinearClassifierFunction(model: model)
            }
        case ModelFunctions.predictionClass, ModelFunctions.probabilityClass:
            let function =
                className == ModelFunctions.predictionClass ? "logistic_regression_predict" : "logistic_regression_proba"
            switch try loaded(at: modelPath) {
            case .logisticRegression(var model):
                // Without a threshold the fused path returns the probability of class 1.
                if className == ModelFunctions.probabilityClass { model.threshold = nil }
                return LogisticRegressionFunction(model: model)
            case .linear(let model):
                guard model.kind != .mllibSVM else {
                    throw ExecError(
                        .function,
                        "\(modelPath) is a Spark SVMModel, not a logistic-regression model: \(function) takes "
                            + "logistic-regression models (use svm_predict)")
                }
                return LinearClassifierFunction(
                    model: model, output: className == ModelFunctions.probabilityClass ? .probability : .prediction)
            }
        case ModelFunctions.svmPredictionClass:
            let loaded = try loaded(at: modelPath)
            guard case .linear(let model) = loaded, model.kind == .mllibSVM else {
                let kind: String
                switch loaded {
                case .logisticRegression: kind = "a binary logistic-regression model"
                case .linear(let model): kind = "a Spark \(model.kind.rawValue) model"
                }
                throw ExecError(
                    .function,
                    "\(modelPath) is \(kind), not a Spark SVMModel: svm_predict takes "
                        + "org.apache.spark.mllib.classification.SVMModel directories")
            }
            return LinearClassifierFunction(model: model)
        default:
            throw ExecError(.function, "no implementation of function class \(className)")
        }
    }

    /// The logistic-regression model at `path` (a Sluice JSON file, or a directory of mllib's
    /// binary `LogisticRegressionModel`), loaded on first use.
    /// - Throws: `ExecError` of kind `.function` naming the path when it is missing, not a model,
    ///   or a model of another kind.
    public func model(at path: String) throws -> LogisticRegressionModel {
        switch try loaded(at: path) {
        case .logisticRegression(let model): return model
        case .linear(let model):
            throw ExecError(
                .function, "\(path) is a Spark \(model.kind.rawValue) model, not mllib's binary logistic regression")
        }
    }

    /// The Spark or JSON model at `path` as a linear classifier, loaded on first use; a JSON
    /// model or mllib logistic regression is `mllibLogisticRegression`.
    /// - Throws: `ExecError` of kind `.function` naming the path when it is missing or not a model.
    public func classifier(at path: String) throws -> LinearClassifier {
        switch try loaded(at: path) {
        case .logisticRegression(let model):
            return LinearClassifier(
                kind: .mllibLogisticRegression, numFeatures: model.numFeatures, numClasses: 2,
                coefficients: model.coefficients,
                intercepts: [model.intercept], threshold: model.threshold)
        case .linear(let model): return model
        }
    }

    private func loaded(at path: String) throws -> Loaded {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[path] { return model }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExecError(.function, "model path \(path) does not exist")
        }
        let model = isDirectory.boolValue ? try loadSpark(path) : try loadJSON(path)
        models[path] = model
        return model
    }

    private func loadSpark(_ path: String) throws -> Loaded {
        guard SparkModelLoader.isSparkModel(path) else {
            throw ExecError(
                .function,
                "model path \(path) is a directory without metadata/: neither a Spark model directory nor a Sluice JSON model file (docs/models.md)"
            )
        }
        do {
            let classifier = try SparkModelLoader.load(path)
            if let model = classifier.logisticRegressionModel { return .logisticRegression(model) }
            return .linear(classifier)
        } catch {
            throw ExecError(.function, "\(path) is not a model Sluice reads: \(error.message)")
        }
    }

    private func loadJSON(_ path: String) throws -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExecError(.function, "cannot read model file \(path)")
        }
        do {
            return .logisticRegression(try ModelFormat.decodeJSON(Array(data)))
        } catch {
            throw ExecError(.function, "\(path) is not a logistic-regression model: \(error.message)")
        }
    }
}
