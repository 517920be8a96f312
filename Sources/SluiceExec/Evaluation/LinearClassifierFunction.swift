import SluiceML

/// A model function over a Spark model that is not mllib's binary logistic regression (an SVM,
/// or ml's binomial or multinomial logistic regression): its prediction, or the probability of
/// class 1 (never asked of an SVM). NULL (nil) for malformed feature strings. mllib's binary
/// logistic regression goes through `LogisticRegressionFunction`, whose fused path it shares.
public struct LinearClassifierFunction: ModelFunction {
    /// The model every record is scored with.
    public let model: LinearClassifier
    /// What the function returns.
    public let output: LinearClassifier.Output

    /// The function over `model` returning `output`.
    public init(model: LinearClassifier, output: LinearClassifier.Output = .prediction) {
        self.model = model
        self.output = output
    }

    public var numFeatures: Int { model.numFeatures }

    public func predict(vector: SparseVector) -> Double {
        model.result(vector, output)
    }

    public func predict(line: UnsafeBufferPointer<UInt8>) -> Double? {
        try? model.predict(libsvmLine: line, output: output)
    }

    public func predict(label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>) -> Double? {
        try? model.predict(label: label, features: features, output: output)
    }
}
