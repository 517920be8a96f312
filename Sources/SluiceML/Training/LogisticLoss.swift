#if canImport(Glibc)
    import Glibc  // `exp`, `log`, `log1p`
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The L2 part of Spark's penalty, `0.5 × regParamL2 × Σ wᵢ² / dᵢ`, on coefficients only (never
/// on intercepts): `dᵢ = 1` when training with standardization (the penalty is on the
/// standardized coefficients), `stdᵢ²` without (on the original ones; features with `std = 0`
/// are not penalized), as Spark's `L2Regularization`.
struct L2Penalty {
    /// `regParam × (1 − elasticNetParam)`.
    let weight: Double
    /// Per coordinate: the divisor `dᵢ`, or 0 for a coordinate that is not penalized.
    let divisors: [Double]

    /// Adds the penalty to `value` and its gradient to `gradient`.
    func add(_ x: [Double], value: inout Double, gradient: inout [Double]) {
        var sum = 0.0
        for i in 0..<x.count where divisors[i] != 0 {
            let scaled = x[i] / divisors[i]
            sum += x[i] * scaled
            gradient[i] += weight * scaled
        }
        value += 0.5 * sum * weight
    }
}

/// The training rows in the standardized space: each value divided by its feature's standard
/// deviation (0 for features that do not vary), not centered; centering is virtual, by the
/// intercept, as Spark's block aggregators do.
struct ScaledRows {
    let labels: [Double]
    let rowStarts: [Int]
    let indices: [Int32]
    let values: [Double]
    let numFeatures: Int
    /// Per feature: mean / standard deviation (0 when the deviation is 0).
    let scaledMean: [Double]

    init(_ data: TrainingData, statistics: FeatureStatistics) {
        let inverse = statistics.standardDeviation.map { $0 != 0 ? 1 / $0 : 0 }
        labels = data.labels
        rowStarts = data.rowStarts
        indices = data.indices
        values = (0..<data.values.count).map { data.values[$0] * inverse[Int(data.indices[$0])] }
        numFeatures = data.numFeatures
        scaledMean = (0..<data.numFeatures).map { inverse[$0] * statistics.mean[$0] }
    }
}

/// Spark's `log1pExp`: `log(1 + exp(x))` without overflow.
func log1pExp(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}

/// The binomial objective Spark's `LogisticRegression` minimizes: mean log-loss over the rows
/// (`BinaryLogisticBlockAggregator`) plus the L2 penalty, of `x = [w₀ … w_{F−1}, b]` in the
/// standardized space; with an intercept, the margin is `Σ wⱼ (xⱼ/σⱼ − μⱼ/σⱼ) + b`.
struct BinaryLogisticLoss: DifferentiableFunction {
    let rows: ScaledRows
    let fitIntercept: Bool
    let l2: L2Penalty?

    func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let features = rows.numFeatures
        var gradient = [Double](repeating: 0, count: x.count)
        var offset = 0.0
        if fitIntercept {
            var centered = 0.0
            for j in 0..<features { centered += x[j] * rows.scaledMean[j] }
            offset = x[features] - centered
        }
        var lossSum = 0.0
        var multiplierSum = 0.0
        for row in 0..<rows.labels.count {
            var margin = offset
            for entry in rows.rowStarts[row]..<rows.rowStarts[row + 1] {
                margin += rows.values[entry] * x[Int(rows.indices[entry])]
            }
            let label = rows.labels[row]
            lossSum += label > 0 ? log1pExp(-margin) : log1pExp(-margin) + margin
            let multiplier = 1 / (1 + exp(-margin)) - label
            for entry in rows.rowStarts[row]..<rows.rowStarts[row + 1] {
                gradient[Int(rows.indices[entry])] += multiplier * rows.values[entry]
            }
            multiplierSum += multiplier
        }
        if fitIntercept {
            for j in 0..<features { gradient[j] -= multiplierSum * rows.scaledMean[j] }
            gradient[features] += multiplierSum
        }
        let count = Double(rows.labels.count)
        var value = lossSum / count
        for i in 0..<gradient.count { gradient[i] /= count }
        l2?.add(x, value: &value, gradient: &gradient)
        return (value, gradient)
    }
}

/// The multinomial objective (`MultinomialLogisticBlockAggregator`): mean of `−log softmax(margins)[label]`
/// plus the L2 penalty, of `x` laid out as Spark lays it out while training: coefficient of
/// feature `j` for class `k` at `j × K + k`, then the `K` intercepts.
struct MultinomialLogisticLoss: DifferentiableFunction {
    let rows: ScaledRows
    let numClasses: Int
    let fitIntercept: Bool
    let l2: L2Penalty?

    func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let features = rows.numFeatures
        let classes = numClasses
        var gradient = [Double](repeating: 0, count: x.count)
        var offsets = [Double](repeating: 0, count: classes)
        if fitIntercept {
            for k in 0..<classes {
                var centered = 0.0
                for j in 0..<features { centered += x[j * classes + k] * rows.scaledMean[j] }
                offsets[k] = x[features * classes + k] - centered
            }
        }
        var lossSum = 0.0
        var multiplierSums = [Double](repeating: 0, count: classes)
        var margins = [Double](repeating: 0, count: classes)
        for row in 0..<rows.labels.count {
            margins = offsets
            let entries = rows.rowStarts[row]..<rows.rowStarts[row + 1]
            for entry in entries {
                let base = Int(rows.indices[entry]) * classes
                let value = rows.values[entry]
                for k in 0..<classes { margins[k] += value * x[base + k] }
            }
            // Softmax, the largest margin subtracted first.
            let largest = margins.max() ?? 0
            var sum = 0.0
            for k in 0..<classes {
                margins[k] = exp(margins[k] - largest)
                sum += margins[k]
            }
            let label = Int(rows.labels[row])
            for k in 0..<classes {
                let probability = margins[k] / sum
                let multiplier = probability - (k == label ? 1 : 0)
                margins[k] = multiplier
                multiplierSums[k] += multiplier
                if k == label { lossSum -= log(probability) }
            }
            for entry in entries {
                let base = Int(rows.indices[entry]) * classes
                let value = rows.values[entry]
                for k in 0..<classes { gradient[base + k] += margins[k] * value }
            }
        }
        if fitIntercept {
            for j in 0..<features {
                for k in 0..<classes { gradient[j * classes + k] -= multiplierSums[k] * rows.scaledMean[j] }
            }
            for k in 0..<classes { gradient[features * classes + k] += multiplierSums[k] }
        }
        let count = Double(rows.labels.count)
        var value = lossSum / count
        for i in 0..<gradient.count { gradient[i] /= count }
        l2?.add(x, value: &value, gradient: &gradient)
        return (value, gradient)
    }
}
