import SluiceML

/// The logistic-regression UDF over a Spark model that is not mllib's binary logistic
/// regression (an SVM, or ml's binomial or multinomial logistic regression): NULL (nil) for
/// malformed feature strings. mllib's binary logistic regression goes through
/// `LogisticRegressionFunction`, whose fused path it shares.
public struct LinearClassifierFunction: ModelFunction {
    /// The model every record is scored with.
    public let model: LinearClassifier

    /// The UDF over `model`.
    public init(model: LinearClassifier) {
        self.model = model
    }

    public func predict(line: UnsafeBufferPointer<UInt8>) -> Double? {
        try? model.predict(libsvmLine: line)
    }

    public func predict(label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>) -> Double? {
        try? model.predict(label: label, features: features)
    }
}
