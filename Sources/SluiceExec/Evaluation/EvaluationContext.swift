import SluiceCore
import SluiceML

/// A model-backed user function, set up once per query and shared by all threads.
public protocol ModelFunction: Sendable {
    /// The prediction for a LIBSVM line `"<label> i:v …"`, or `nil` when the line is malformed.
    func predict(line: UnsafeBufferPointer<UInt8>) -> Double?
    /// The prediction for `label + " " + features` without building that string, or `nil` when malformed.
    func predict(label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>) -> Double?
    /// `predict(label:features:)` for two records at once (a model may overlap their work); each
    /// result is that record's own.
    func predictPair(
        _ first: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>),
        _ second: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>)
    ) -> (Double?, Double?)
    /// The number of features: an `array<double>` or a vector must have this many slots.
    var numFeatures: Int { get }
    /// The result for a feature vector of `numFeatures` slots, its indices ascending and below
    /// `numFeatures` (`ModelFeatureVectors` checks them).
    func predict(vector: SparseVector) -> Double
}

extension ModelFunction {
    /// One record after the other.
    public func predictPair(
        _ first: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>),
        _ second: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>)
    ) -> (Double?, Double?) {
        (predict(label: first.label, features: first.features), predict(label: second.label, features: second.features))
    }
}

/// Sets up the implementations of user functions; the runtime loads models from files.
public protocol FunctionResolver: Sendable {
    /// The function of class `className` applied to the model at `modelPath`.
    /// - Throws: `ExecError` of kind `.function` when the model cannot be loaded.
    func modelFunction(className: String, modelPath: String) throws -> ModelFunction
}

/// What evaluation needs from outside the batch.
public struct EvaluationContext: Sendable {
    /// The session time zone as a fixed offset east of UTC.
    public var utcOffsetSeconds: Int
    /// `current_timestamp()` for this epoch, in microseconds.
    public var currentTimestampMicros: Int64
    /// User function implementations.
    public var functions: FunctionResolver

    /// Creates a context.
    public init(utcOffsetSeconds: Int = 0, currentTimestampMicros: Int64 = 0, functions: FunctionResolver) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.currentTimestampMicros = currentTimestampMicros
        self.functions = functions
    }
}
