#if canImport(Glibc)
    import Glibc  // `log`, `log1p`
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fitted logistic regression, in the original feature space, as Spark's
/// `LogisticRegressionModel` holds it.
public struct LogisticRegressionFit: Sendable {
    /// The number of classes: the highest label plus one.
    public let numClasses: Int
    /// Whether it is a softmax model (one row per class) rather than a binary one (one row).
    public let isMultinomial: Bool
    /// The coefficient matrix, row-major: `coefficients[k][j]` for class `k` (row 0 alone for a
    /// binary model) and 0-based feature `j`.
    public let coefficients: [[Double]]
    /// One intercept per row of `coefficients`.
    public let intercepts: [Double]
    /// The objective (mean log-loss plus penalty) at the start and after each iteration.
    public let objectiveHistory: [Double]
    /// Iterations done.
    public let iterations: Int
    /// Why the optimizer stopped.
    public let convergence: ConvergenceReason

    /// The model as Sluice's binary `LogisticRegressionModel`: a binomial fit as it is; a
    /// multinomial fit of two classes as the same predictor (`w₁ − w₀`, `b₁ − b₀`: the softmax
    /// probability of class 1 is the sigmoid of the margins' difference).
    ///
    /// Throws `MLError` of kind `badModel` for a multinomial fit of more than two classes.
    public func binaryModel(threshold: Double? = LogisticRegressionModel.defaultThreshold) throws(MLError)
        -> LogisticRegressionModel
    {
        if !isMultinomial {
            return LogisticRegressionModel(
                intercept: intercepts[0], coefficients: coefficients[0], threshold: threshold)
        }
        guard numClasses == 2 else {
            throw MLError(.badModel, "a multinomial model of \(numClasses) classes has no binary form")
        }
        let difference = (0..<coefficients[0].count).map { coefficients[1][$0] - coefficients[0][$0] }
        return LogisticRegressionModel(
            intercept: intercepts[1] - intercepts[0], coefficients: difference, threshold: threshold)
    }
}

/// Trains logistic regression as Spark ML's `LogisticRegression.train` does (Spark 4): features
/// standardized by their sample standard deviation and virtually centered when an intercept is
/// fitted; the objective is the mean log-loss plus `regParam × ((1 − α) ½‖w‖² + α ‖w‖₁)` on the
/// standardized coefficients (`α = elasticNetParam`; on the original ones without
/// standardization), the intercept unpenalized; minimized from zero coefficients and the
/// log-odds intercept by L-BFGS (`LBFGS`, memory 10), or OWL-QN (`OWLQN`) when the L1 part is not
/// zero; coefficients converted back by dividing by the standard deviation (0 for features that
/// do not vary).
public enum LogisticRegressionTrainer {
    /// The most coefficients a model may have (features plus intercept, times classes for a
    /// multinomial model): the optimizer keeps about 25 vectors of this length, 8 bytes an entry.
    public static let coefficientCountMax = 2_000_000

    /// Trains on `data`; `progress` sees the starting point and each iteration.
    ///
    /// Throws `MLError` of kind `badTrainingParameter` for parameters out of range, and of kind
    /// `badTrainingData` when there are no rows, a label is not a class index (0, 1, …; 0 or 1 for
    /// the binomial family), every row has the same label, or the model would have more than
    /// `coefficientCountMax` coefficients.
    public static func train(
        _ data: TrainingData, _ parameters: LogisticRegressionParameters,
        progress: (TrainingProgress) -> Void = { _ in }
    ) throws(MLError) -> LogisticRegressionFit {
        let setup = try Setup(data, parameters)
        let result: MinimizerResult
        let observe = { (state: MinimizerState) in
            progress(
                TrainingProgress(
                    iteration: state.iteration, objective: state.adjustedValue,
                    gradientNorm: Vector.norm(state.adjustedGradient)))
        }
        if parameters.elasticNetParam == 0 || parameters.regParam == 0 {
            let optimizer = LBFGS(maxIterations: parameters.maxIterations, tolerance: parameters.tolerance)
            result = optimizer.minimize(setup.loss, from: setup.initial, observe: observe)
        } else {
            let optimizer = OWLQN(
                maxIterations: parameters.maxIterations, tolerance: parameters.tolerance, l1: setup.l1Weights)
            result = optimizer.minimize(setup.loss, from: setup.initial, observe: observe)
        }
        return setup.fit(result)
    }

    /// The objective Spark minimizes (mean log-loss plus penalty), at the model `coefficients`
    /// (row-major, one row per class or one row) and `intercepts` in the original space: the
    /// value training reports, for comparing models.
    public static func objective(
        coefficients: [[Double]], intercepts: [Double], on data: TrainingData,
        _ parameters: LogisticRegressionParameters
    ) throws(MLError) -> Double {
        let setup = try Setup(data, parameters)
        let x = setup.standardized(coefficients: coefficients, intercepts: intercepts)
        var value = setup.loss.evaluate(x).value
        for i in 0..<x.count { value += abs(setup.l1Weights[i] * x[i]) }
        return value
    }

    /// Everything training needs, checked, before the optimizer runs.
    private struct Setup {
        let parameters: LogisticRegressionParameters
        let numClasses: Int
        let isMultinomial: Bool
        let numFeatures: Int
        let statistics: FeatureStatistics
        let rows: ScaledRows
        let loss: any DifferentiableFunction
        /// Per coordinate of the optimizer's vector: the L1 weight.
        let l1Weights: [Double]
        /// The starting point, in the optimizer's (centered) space.
        let initial: [Double]

        var sets: Int { isMultinomial ? numClasses : 1 }

        init(_ data: TrainingData, _ parameters: LogisticRegressionParameters) throws(MLError) {
            try parameters.validate()
            guard data.count > 0 else {
                throw MLError(.badTrainingData, "there are no rows to train on")
            }
            let histogram = try Self.labelHistogram(data, parameters)
            let numClasses = histogram.count
            let isMultinomial =
                parameters.family == .multinomial || (parameters.family == .auto && numClasses > 2)
            let sets = isMultinomial ? numClasses : 1
            let width = data.numFeatures + (parameters.fitIntercept ? 1 : 0)
            guard width <= coefficientCountMax / sets else {
                throw MLError(
                    .badTrainingData,
                    "the model would have \(width) × \(sets) coefficients, more than \(coefficientCountMax)")
            }
            let statistics = FeatureStatistics(data)
            let rows = ScaledRows(data, statistics: statistics)
            let features = data.numFeatures
            let count = width * sets
            let deviation = statistics.standardDeviation

            // Spark's layout: feature j of class k at j × sets + k, then the intercepts.
            var l2Divisors = [Double](repeating: 0, count: count)
            var l1Weights = [Double](repeating: 0, count: count)
            for i in 0..<(features * sets) {
                let std = deviation[i / sets]
                if parameters.standardization {
                    l2Divisors[i] = 1
                    l1Weights[i] = parameters.l1Weight
                } else if std != 0 {
                    l2Divisors[i] = std * std
                    l1Weights[i] = parameters.l1Weight / std
                }
            }
            let l2 = parameters.l2Weight != 0 ? L2Penalty(weight: parameters.l2Weight, divisors: l2Divisors) : nil
            if isMultinomial {
                loss = MultinomialLogisticLoss(
                    rows: rows, numClasses: numClasses, fitIntercept: parameters.fitIntercept, l2: l2)
            } else {
                loss = BinaryLogisticLoss(rows: rows, fitIntercept: parameters.fitIntercept, l2: l2)
            }

            var initial = [Double](repeating: 0, count: count)
            if parameters.fitIntercept {
                if isMultinomial {
                    // log(count + 1) per class, centered.
                    let raw = histogram.map { log1p($0) }
                    let mean = raw.reduce(0, +) / Double(raw.count)
                    for k in 0..<sets { initial[features * sets + k] = raw[k] - mean }
                } else {
                    initial[features] = log(histogram[1] / histogram[0])
                }
            }
            self.parameters = parameters
            self.numClasses = numClasses
            self.isMultinomial = isMultinomial
            self.numFeatures = features
            self.statistics = statistics
            self.rows = rows
            self.l1Weights = l1Weights
            // The coefficients start at zero, so centering leaves the intercepts as they are.
            self.initial = initial
        }

        /// The count of each label, checked against the family.
        private static func labelHistogram(
            _ data: TrainingData, _ parameters: LogisticRegressionParameters
        ) throws(MLError) -> [Double] {
            var highest = 0.0
            for (row, label) in data.labels.enumerated() {
                guard label >= 0, label.rounded(.towardZero) == label, label < Double(coefficientCountMax) else {
                    throw MLError(
                        .badTrainingData,
                        "line \(data.lines[row]): the label \(label) is not a class index (0, 1, …)")
                }
                if parameters.family == .binomial && label > 1 {
                    throw MLError(
                        .badTrainingData,
                        "line \(data.lines[row]): the label \(label) is not 0 or 1, which the binomial family takes")
                }
                highest = max(highest, label)
            }
            var histogram = [Double](repeating: 0, count: Int(highest) + 1)
            for label in data.labels { histogram[Int(label)] += 1 }
            if histogram.count == 1 { histogram.append(0) }
            let present = histogram.indices.filter { histogram[$0] != 0 }
            if present.count == 1 {
                throw MLError(
                    .badTrainingData,
                    "every row has the label \(present[0]): training needs at least two classes")
            }
            return histogram
        }

        /// The optimizer's vector for a model in the original space.
        func standardized(coefficients: [[Double]], intercepts: [Double]) -> [Double] {
            var x = [Double](repeating: 0, count: l1Weights.count)
            for k in 0..<sets {
                var centered = 0.0
                for j in 0..<numFeatures {
                    let value = coefficients[k][j] * statistics.standardDeviation[j]
                    x[j * sets + k] = value
                    centered += value * rows.scaledMean[j]
                }
                if parameters.fitIntercept { x[numFeatures * sets + k] = intercepts[k] + centered }
            }
            return x
        }

        /// The fitted model from the optimizer's result.
        func fit(_ result: MinimizerResult) -> LogisticRegressionFit {
            var x = result.final.x
            let deviation = statistics.standardDeviation
            if parameters.fitIntercept {
                // Back from the centered problem: b −= Σ wⱼ μⱼ/σⱼ.
                for k in 0..<sets {
                    var centered = 0.0
                    for j in 0..<numFeatures { centered += x[j * sets + k] * rows.scaledMean[j] }
                    x[numFeatures * sets + k] -= centered
                }
            }
            var coefficients = [[Double]](repeating: [Double](repeating: 0, count: numFeatures), count: sets)
            for k in 0..<sets {
                for j in 0..<numFeatures where deviation[j] != 0 {
                    coefficients[k][j] = x[j * sets + k] / deviation[j]
                }
            }
            var intercepts = (0..<sets).map { parameters.fitIntercept ? x[numFeatures * sets + $0] : 0 }
            if isMultinomial && parameters.regParam == 0 {
                // Without a penalty the softmax coefficients are identifiable only up to a constant
                // per feature: Spark centers them (as glmnet does).
                for j in 0..<numFeatures {
                    let center = (0..<sets).reduce(0.0) { $0 + coefficients[$1][j] } / Double(sets)
                    for k in 0..<sets { coefficients[k][j] -= center }
                }
            }
            if isMultinomial && parameters.fitIntercept {
                let mean = intercepts.reduce(0, +) / Double(sets)
                intercepts = intercepts.map { $0 - mean }
            }
            return LogisticRegressionFit(
                numClasses: numClasses, isMultinomial: isMultinomial, coefficients: coefficients,
                intercepts: intercepts, objectiveHistory: result.valueHistory, iterations: result.final.iteration,
                convergence: result.reason)
        }
    }
}
