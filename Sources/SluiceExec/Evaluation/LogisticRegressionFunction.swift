import SluiceML

/// The logistic-regression UDF over one model: NULL (nil) for malformed feature strings. With the
/// model's threshold cleared it returns the probability of class 1 (`logistic_regression_proba`).
/// Evaluation calls the model here, in SluiceML, without leaving the executor's code for the
/// runtime, which only loads the model (`FunctionResolver`).
public struct LogisticRegressionFunction: ModelFunction {
    /// The model every record is scored with.
    public let model: LogisticRegressionModel

    /// The UDF over `model`.
    public init(model: LogisticRegressionModel) {
        self.model = model
    }

    public var numFeatures: Int { model.numFeatures }

    public func predict(vector: SparseVector) -> Double {
        model.predict(vector)
    }

    public func predict(line: UnsafeBufferPointer<UInt8>) -> Double? {
        try? model.predict(libsvmLine: line)
    }

    public func predict(label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>) -> Double? {
        try? model.predict(label: label, features: features)
    }

    public func predictPair(
        _ first: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>),
        _ second: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>)
    ) -> (Double?, Double?) {
        let (a, b) = model.predictPair(first, second)
        return (try? a.get(), try? b.get())
    }
}
