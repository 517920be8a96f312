#if canImport(Glibc)
    import Glibc  // `exp` only
#elseif canImport(Musl)
    import Musl  // `exp` only
#elseif canImport(Darwin)
    import Darwin  // `exp` only
#endif

/// A binary logistic-regression model, predicting as MLlib's `LogisticRegressionModel.predictPoint`
/// (`numClasses == 2`): `margin = dot(coefficients, x) + intercept`,
/// `score = 1 / (1 + exp(-margin))`; with a threshold the prediction is `1.0` when
/// `score > threshold`, else `0.0`; without one it is the score.
///
/// The dot product adds `value × coefficient` over the vector's entries in ascending index order,
/// starting from `0.0`, then adds the intercept: the order of MLlib's sparse `dot`, so results are
/// the same bits as Spark's up to `exp`.
public struct LogisticRegressionModel: Sendable, Equatable {
    /// The threshold a model gets when its file does not say.
    public static let defaultThreshold = 0.5

    /// Added to the dot product.
    public let intercept: Double
    /// One weight per feature; `coefficients[i]` applies to LIBSVM index `i + 1`.
    public let coefficients: [Double]
    /// The number of features, `coefficients.count`; vectors must have this size.
    public let numFeatures: Int
    /// The decision threshold on the probability; `nil` (MLlib's `clearThreshold`) makes
    /// predictions return the probability itself.
    public var threshold: Double?

    /// Creates a model with one coefficient per feature.
    public init(
        intercept: Double, coefficients: [Double], threshold: Double? = LogisticRegressionModel.defaultThreshold
    ) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.numFeatures = coefficients.count
        self.threshold = threshold
    }

    /// `dot(coefficients, features) + intercept`.
    ///
    /// Precondition (MLlib requires it too): `features.size == numFeatures`, and its indices are
    /// below `numFeatures`, as `LibSVM.parse` makes them.
    public func margin(_ features: SparseVector) -> Double {
        precondition(
            features.size == numFeatures, "vector size \(features.size) is not the model's \(numFeatures) features")
        precondition(features.indices.count == features.values.count, "a sparse vector needs one value per index")
        var dot = 0.0
        for entry in 0..<features.values.count {
            dot += features.values[entry] * coefficients[Int(features.indices[entry])]
        }
        return dot + intercept
    }

    /// The probability of class 1 for `margin`: `1 / (1 + exp(-margin))`.
    public func probability(margin: Double) -> Double {
        1.0 / (1.0 + exp(-margin))
    }

    /// The prediction for `features`: `1.0` or `0.0` with a threshold, the probability without.
    ///
    /// Same precondition as `margin(_:)`.
    public func predict(_ features: SparseVector) -> Double {
        decide(margin: margin(features))
    }

    /// The prediction for one LIBSVM record, as `predict(LibSVM.parse(line, numFeatures:).features)`
    /// bit for bit, and with the same errors, but accumulating the margin while scanning: no arrays.
    public func predict(libsvmLine: UnsafeBufferPointer<UInt8>) throws(MLError) -> Double {
        var labelEnd = 0
        while labelEnd < libsvmLine.count, libsvmLine[labelEnd] != 0x20 { labelEnd += 1 }
        if FastLibSVM.isPlainLabel(libsvmLine, 0, labelEnd) {
            var previous = 0
            var dot = 0.0
            let accepted = coefficients.withUnsafeBufferPointer {
                FastLibSVM.accumulate(libsvmLine, from: labelEnd, coefficients: $0, previous: &previous, dot: &dot)
            }
            if accepted { return decide(margin: dot + intercept) }
        }
        var scanner = try LibSVMScanner(head: libsvmLine, tail: LibSVM.noBytes, numFeatures: numFeatures)
        return try predict(scanning: &scanner)
    }

    /// The prediction for the record `label + " " + features` (just `label` when `features` is
    /// empty): the UDF's `concat_ws(" ", label, features)` fused with `predict(libsvmLine:)`,
    /// without building the record.
    public func predict(label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>) throws(MLError)
        -> Double
    {
        if FastLibSVM.isPlainLabel(label, 0, label.count) {
            var previous = 0
            var dot = 0.0
            let accepted = coefficients.withUnsafeBufferPointer {
                FastLibSVM.accumulate(features, from: 0, coefficients: $0, previous: &previous, dot: &dot)
            }
            if accepted { return decide(margin: dot + intercept) }
        }
        var scanner = try LibSVMScanner(head: label, tail: features, numFeatures: numFeatures)
        return try predict(scanning: &scanner)
    }

    /// `predict(label:features:)` for two records at once, overlapping their work; each result
    /// is what `predict(label:features:)` gives for its record.
    public func predictPair(
        _ first: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>),
        _ second: (label: UnsafeBufferPointer<UInt8>, features: UnsafeBufferPointer<UInt8>)
    ) -> (Result<Double, MLError>, Result<Double, MLError>) {
        guard FastLibSVM.isPlainLabel(first.label, 0, first.label.count),
            FastLibSVM.isPlainLabel(second.label, 0, second.label.count)
        else {
            return (
                Result { () throws(MLError) in try predict(label: first.label, features: first.features) },
                Result { () throws(MLError) in try predict(label: second.label, features: second.features) }
            )
        }
        var dots = (0.0, 0.0)
        let (okFirst, okSecond) = coefficients.withUnsafeBufferPointer {
            FastLibSVM.accumulatePair(first.features, second.features, coefficients: $0, dots: &dots)
        }
        return (
            okFirst
                ? .success(decide(margin: dots.0 + intercept))
                : Result { () throws(MLError) in try predict(label: first.label, features: first.features) },
            okSecond
                ? .success(decide(margin: dots.1 + intercept))
                : Result { () throws(MLError) in try predict(label: second.label, features: second.features) }
        )
    }

    /// `predict(libsvmLine:)` on a `String`.
    public func predict(libsvmLine: String) throws(MLError) -> Double {
        var line = libsvmLine
        let result = line.withUTF8 { buffer in
            Result { () throws(MLError) -> Double in
                try predict(libsvmLine: buffer)
            }
        }
        return try result.get()
    }

    /// `predict(label:features:)` on `String`s.
    public func predict(label: String, features: String) throws(MLError) -> Double {
        var label = label
        var features = features
        let result = label.withUTF8 { labelBuffer in
            features.withUTF8 { featuresBuffer in
                Result { () throws(MLError) -> Double in
                    try predict(label: labelBuffer, features: featuresBuffer)
                }
            }
        }
        return try result.get()
    }

    /// Accumulates the margin over the scanner's features and decides.
    private func predict(scanning scanner: inout LibSVMScanner) throws(MLError) -> Double {
        var dot = 0.0
        while let feature = try scanner.next() {
            dot += feature.value * coefficients[feature.index]
        }
        return decide(margin: dot + intercept)
    }

    /// The prediction for `margin`: thresholded, or the probability when the threshold is cleared.
    private func decide(margin: Double) -> Double {
        let score = probability(margin: margin)
        guard let threshold = threshold else {
            return score
        }
        return score > threshold ? 1.0 : 0.0
    }
}
