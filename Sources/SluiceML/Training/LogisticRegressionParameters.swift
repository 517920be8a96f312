/// Which logistic regression to fit, as Spark's `family` parameter.
public enum LogisticRegressionFamily: String, Sendable, CaseIterable {
    /// Binomial for at most two classes, multinomial above.
    case auto
    /// Binary: one coefficient vector and intercept, for labels 0 and 1.
    case binomial
    /// Softmax over every class: one coefficient vector and intercept per class.
    case multinomial
}

/// The parameters of Spark ML's `LogisticRegression` that training takes, with its defaults.
public struct LogisticRegressionParameters: Sendable, Equatable {
    /// Iterations of the optimizer at most (`maxIter`).
    public var maxIterations = 100
    /// Strength of the penalty (`regParam`), ≥ 0.
    public var regParam = 0.0
    /// Mix of the penalty (`elasticNetParam`), from 0 (all L2) to 1 (all L1).
    public var elasticNetParam = 0.0
    /// Relative convergence tolerance (`tol`), ≥ 0.
    public var tolerance = 1e-6
    /// Binomial, multinomial, or chosen by the number of classes (`family`).
    public var family = LogisticRegressionFamily.auto
    /// Whether the penalty applies to standardized coefficients (`standardization`); training is
    /// in the standardized space either way.
    public var standardization = true
    /// Whether an intercept is fitted (`fitIntercept`); it is never penalized.
    public var fitIntercept = true

    /// Spark's defaults.
    public init() {}

    /// The L1 part of the penalty, `regParam × elasticNetParam`.
    public var l1Weight: Double { regParam * elasticNetParam }
    /// The L2 part of the penalty, `regParam × (1 − elasticNetParam)`.
    public var l2Weight: Double { regParam * (1 - elasticNetParam) }

    /// Throws `MLError` of kind `badTrainingParameter` for a parameter out of its range.
    public func validate() throws(MLError) {
        guard maxIterations >= 0 else {
            throw MLError(.badTrainingParameter, "maxIter must be 0 or more, not \(maxIterations)")
        }
        guard regParam.isFinite, regParam >= 0 else {
            throw MLError(.badTrainingParameter, "regParam must be a finite number ≥ 0, not \(regParam)")
        }
        guard elasticNetParam >= 0, elasticNetParam <= 1 else {
            throw MLError(.badTrainingParameter, "elasticNetParam must be from 0 to 1, not \(elasticNetParam)")
        }
        guard tolerance.isFinite, tolerance >= 0 else {
            throw MLError(.badTrainingParameter, "tol must be a finite number ≥ 0, not \(tolerance)")
        }
    }
}

/// Where training stands after an iteration, for progress reports.
public struct TrainingProgress: Sendable {
    /// Iterations done (0: the starting point).
    public let iteration: Int
    /// The objective: mean log-loss plus penalty.
    public let objective: Double
    /// The norm of the objective's (pseudo-)gradient.
    public let gradientNorm: Double
}
