#if canImport(Glibc)
    import Glibc  // `exp`, `log` only
#elseif canImport(Musl)
    import Musl  // `exp`, `log` only
#elseif canImport(Darwin)
    import Darwin  // `exp`, `log` only
#endif

/// A linear classifier as Spark saves it, predicting as Spark computes:
///
/// | kind | margin(s) | prediction | probability of class 1 |
/// |---|---|---|---|
/// | `mllibLogisticRegression` | `m = dot(w, x) + b` | `s > t ? 1 : 0` with `s = 1 / (1 + exp(-m))`; `s` when `t` is cleared | `s` |
/// | `mllibSVM` | `m = dot(w, x) + b` | `m > t ? 1 : 0` (`t` defaults to 0); `m` when cleared | none |
/// | `logisticRegression` (ml, binary) | raw `[-m, m]` | `m > log(t / (1 - t))` (`-∞` for `t = 0`, `+∞` for `t = 1`) | `1 - 1 / (1 + exp(m))` |
/// | `multinomialLogisticRegression` (ml) | `m_k = dot(W_k, x) + b_k` | the first `k` of largest `m_k`; with `thresholds`, of largest `p_k / t_k` | softmax `p_1` |
///
/// The dot products add `value × coefficient` over the vector's entries in ascending index
/// order, as Spark's sparse `dot` and `gemv` do; a multinomial model saved column-major adds them
/// to the intercept, as Spark's `gemv` does then.
public struct LinearClassifier: Sendable, Equatable {
    /// Which Spark model this is.
    public enum Kind: String, Sendable {
        /// `org.apache.spark.mllib.classification.LogisticRegressionModel`, binary.
        case mllibLogisticRegression
        /// `org.apache.spark.mllib.classification.SVMModel`.
        case mllibSVM
        /// `org.apache.spark.ml.classification.LogisticRegressionModel`, binomial.
        case logisticRegression
        /// `org.apache.spark.ml.classification.LogisticRegressionModel`, multinomial.
        case multinomialLogisticRegression
    }

    /// Which Spark model this is.
    public let kind: Kind
    /// The number of features; vectors must have this size.
    public let numFeatures: Int
    /// The number of classes: 2, or more for a multinomial model.
    public let numClasses: Int
    /// The coefficients, row-major: one row of `numFeatures` per margin (one row, or `numClasses` for multinomial).
    public let coefficients: [Double]
    /// One intercept per row of `coefficients`.
    public let intercepts: [Double]
    /// The threshold: mllib's (on the probability or the SVM margin; `nil` when cleared), or ml's
    /// binary `threshold` on the probability.
    public let threshold: Double?
    /// ml's `thresholds`, one per class, for multinomial models; `nil` when not set.
    public let classThresholds: [Double]?
    /// Whether margins start at the intercept and add the products (Spark's `gemv` over a
    /// column-major matrix) instead of adding the intercept to the dot product.
    public let marginsStartAtIntercept: Bool

    /// Creates a model; `coefficients.count` must be `intercepts.count × numFeatures`.
    public init(
        kind: Kind, numFeatures: Int, numClasses: Int, coefficients: [Double], intercepts: [Double], threshold: Double?,
        classThresholds: [Double]? = nil, marginsStartAtIntercept: Bool = false
    ) {
        precondition(
            coefficients.count == intercepts.count * numFeatures,
            "\(coefficients.count) coefficients for \(intercepts.count) rows of \(numFeatures) features")
        precondition(kind == .multinomialLogisticRegression || intercepts.count == 1, "a binary model has one row")
        self.kind = kind
        self.numFeatures = numFeatures
        self.numClasses = numClasses
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.threshold = threshold
        self.classThresholds = classThresholds
        self.marginsStartAtIntercept = marginsStartAtIntercept
    }

    /// The model as a `LogisticRegressionModel` (the UDF's fused fast path), for mllib's binary
    /// logistic regression, which predicts the same; `nil` for other kinds.
    public var logisticRegressionModel: LogisticRegressionModel? {
        guard kind == .mllibLogisticRegression else { return nil }
        return LogisticRegressionModel(intercept: intercepts[0], coefficients: coefficients, threshold: threshold)
    }

    /// One margin per row: `dot(row, features) + intercept`.
    ///
    /// Precondition: `features.size == numFeatures` and its indices are below it, as `LibSVM.parse` makes them.
    public func margins(_ features: SparseVector) -> [Double] {
        precondition(
            features.size == numFeatures, "vector size \(features.size) is not the model's \(numFeatures) features")
        precondition(features.indices.count == features.values.count, "a sparse vector needs one value per index")
        var margins: [Double] = []
        margins.reserveCapacity(intercepts.count)
        for row in intercepts.indices {
            let base = row * numFeatures
            var sum = marginsStartAtIntercept ? intercepts[row] : 0.0
            for entry in 0..<features.values.count {
                sum += features.values[entry] * coefficients[base + Int(features.indices[entry])]
            }
            margins.append(marginsStartAtIntercept ? sum : sum + intercepts[row])
        }
        return margins
    }

    /// The class probabilities (index 0 for class 0), as Spark's `probability` column; `nil` for SVMs.
    public func probabilities(_ features: SparseVector) -> [Double]? {
        probabilities(margins: margins(features))
    }

    /// The probability of class 1; `nil` for SVMs.
    public func probability(_ features: SparseVector) -> Double? {
        probabilities(features).map { $0[1] }
    }

    /// The prediction: a class index as a `Double`, or mllib's score or margin when its threshold is cleared.
    public func predict(_ features: SparseVector) -> Double {
        decide(margins: margins(features))
    }

    /// What a model function returns for a record.
    public enum Output: Sendable, Equatable {
        /// `predict(_:)`: the class, or mllib's score or margin when its threshold is cleared.
        case prediction
        /// `probability(_:)`: the probability of class 1 (NaN for SVMs, which have none).
        case probability
    }

    /// The prediction or the probability of class 1 for `features`, as `output` says; NaN for
    /// the probability of an SVM. Same precondition as `margins(_:)`.
    public func result(_ features: SparseVector, _ output: Output) -> Double {
        result(margins: margins(features), output)
    }

    /// `result(_:_:)` for the margins of `margins(_:)`.
    func result(margins: [Double], _ output: Output) -> Double {
        switch output {
        case .prediction: return decide(margins: margins)
        case .probability: return probabilities(margins: margins)?[1] ?? .nan
        }
    }

    /// The probabilities for the margins of `margins(_:)`.
    func probabilities(margins: [Double]) -> [Double]? {
        switch kind {
        case .mllibSVM:
            return nil
        case .mllibLogisticRegression:
            let score = 1.0 / (1.0 + exp(-margins[0]))
            return [1.0 - score, score]
        case .logisticRegression:
            // Spark: raw = [-m, m]; p0 = 1 / (1 + exp(-raw0)); p1 = 1 - p0.
            let first = 1.0 / (1.0 + exp(margins[0]))
            return [first, 1.0 - first]
        case .multinomialLogisticRegression:
            return LinearClassifier.softmax(margins)
        }
    }

    /// The prediction for the margins of `margins(_:)`.
    func decide(margins: [Double]) -> Double {
        switch kind {
        case .mllibLogisticRegression:
            let score = 1.0 / (1.0 + exp(-margins[0]))
            guard let threshold else { return score }
            return score > threshold ? 1.0 : 0.0
        case .mllibSVM:
            guard let threshold else { return margins[0] }
            return margins[0] > threshold ? 1.0 : 0.0
        case .logisticRegression:
            return margins[0] > LinearClassifier.rawThreshold(threshold ?? 0.5) ? 1.0 : 0.0
        case .multinomialLogisticRegression:
            guard let classThresholds else { return Double(LinearClassifier.argmax(margins)) }
            let probabilities = LinearClassifier.softmax(margins)
            var scaled: [Double] = []
            for (index, probability) in probabilities.enumerated() {
                let threshold = classThresholds[index]
                scaled.append(threshold == 0 ? .infinity : probability / threshold)
            }
            return Double(LinearClassifier.argmax(scaled))
        }
    }

    /// ml's threshold on the margin for probability threshold `threshold`.
    static func rawThreshold(_ threshold: Double) -> Double {
        if threshold == 0 { return -.infinity }
        if threshold == 1 { return .infinity }
        return log(threshold / (1.0 - threshold))
    }

    /// The index of the first largest value (Spark's `argmax`).
    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] {
            best = index
        }
        return best
    }

    /// Spark's softmax: `exp(m_k - max) / Σ`, with infinite margins sharing the probability.
    static func softmax(_ margins: [Double]) -> [Double] {
        let infinite = margins.filter { $0 == .infinity }.count
        if infinite > 0 {
            return margins.map { $0 == .infinity ? 1.0 / Double(infinite) : 0.0 }
        }
        let largest = margins.max() ?? 0
        let exponentials = margins.map { exp($0 - largest) }
        var sum = 0.0
        for value in exponentials { sum += value }
        return exponentials.map { $0 / sum }
    }
}
