import Foundation
import SluiceML
import Testing

/// Training paths Spark's reference models do not cover (no standardization, no intercept, L1
/// alone), checked by the optimality conditions of the objective they minimize, on data whose
/// classes overlap, so that the optimum is finite.
@Suite struct TrainingOptimalityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let regParam: Double
        let elasticNet: Double
        let standardization: Bool
        let fitIntercept: Bool
        /// The largest residual accepted.
        var residualMax = 1e-6
        var testDescription: String {
            "regParam \(regParam) elasticNet \(elasticNet) standardization \(standardization) intercept \(fitIntercept)"
        }
    }

    static let cases = [
        Case(regParam: 0.1, elasticNet: 0, standardization: true, fitIntercept: true),
        // The L2 penalty on the original coefficients weighs the standardized ones by 1/σ², with σ
        // from about 0.005 to 50 here: badly conditioned, so L-BFGS stops further from the optimum.
        Case(regParam: 0.1, elasticNet: 0, standardization: false, fitIntercept: true, residualMax: 1e-5),
        Case(regParam: 0.02, elasticNet: 0.5, standardization: false, fitIntercept: true),
        Case(regParam: 0.02, elasticNet: 1, standardization: true, fitIntercept: false),
        Case(regParam: 0.01, elasticNet: 1, standardization: false, fitIntercept: false),
    ]

    /// 120 rows of 16 features on scales from 0.01 to 100, a third of the values zero, feature 5
    /// constant, labels drawn from a logistic model (so the classes overlap and the optimum is finite).
    static func synthetic() -> TrainingData {
        var random = TestRandom(state: 2026)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        let features = 16
        let truth = (0..<features).map { _ in uniform() * 2 - 1 }
        var rows: [(label: Double, features: SparseVector)] = []
        for _ in 0..<120 {
            var indices: [Int32] = []
            var values: [Double] = []
            var margin = 0.3
            for j in 0..<features {
                let scale = [0.01, 1, 10, 100][j % 4]
                let value = j == 5 ? 2.5 : uniform() < 0.33 ? 0 : (uniform() * 2 - 0.5) * scale
                if value != 0 {
                    indices.append(Int32(j))
                    values.append(value)
                }
                margin += truth[j] * value / scale
            }
            let label: Double = uniform() < 1 / (1 + exp(-2 * margin)) ? 1 : 0
            rows.append((label, SparseVector(size: features, indices: indices, values: values)))
        }
        return TrainingData(rows: rows, numFeatures: features)
    }

    /// Subgradient conditions of `mean log-loss + λ₂/2 Σ dⱼ wⱼ² + λ₁ Σ eⱼ |wⱼ|` (standardized:
    /// `dⱼ = σⱼ²`, `eⱼ = σⱼ`; otherwise 1), each residual divided by σⱼ (the gradient in the standardized space, where training runs).
    @Test(arguments: cases)
    func theFitSatisfiesTheOptimalityConditions(_ c: Case) throws {
        let data = Self.synthetic()
        var parameters = LogisticRegressionParameters()
        parameters.regParam = c.regParam
        parameters.elasticNetParam = c.elasticNet
        parameters.standardization = c.standardization
        parameters.fitIntercept = c.fitIntercept
        parameters.tolerance = 1e-12
        parameters.maxIterations = 1000
        let fit = try LogisticRegressionTrainer.train(data, parameters)
        let w = fit.coefficients[0]
        let b = fit.intercepts[0]
        if !c.fitIntercept { #expect(b == 0) }

        let n = Double(data.count)
        var mean = [Double](repeating: 0, count: data.numFeatures)
        for entry in 0..<data.values.count { mean[Int(data.indices[entry])] += data.values[entry] / n }
        var variance = [Double](repeating: 0, count: data.numFeatures)
        var gradient = [Double](repeating: 0, count: data.numFeatures)
        var interceptGradient = 0.0
        for row in 0..<data.count {
            var dense = [Double](repeating: 0, count: data.numFeatures)
            for entry in data.rowStarts[row]..<data.rowStarts[row + 1] {
                dense[Int(data.indices[entry])] = data.values[entry]
            }
            var margin = b
            for j in 0..<data.numFeatures { margin += dense[j] * w[j] }
            let multiplier = (1 / (1 + exp(-margin)) - data.labels[row]) / n
            for j in 0..<data.numFeatures {
                gradient[j] += multiplier * dense[j]
                variance[j] += (dense[j] - mean[j]) * (dense[j] - mean[j]) / (n - 1)
            }
            interceptGradient += multiplier
        }
        let l1 = c.regParam * c.elasticNet
        let l2 = c.regParam * (1 - c.elasticNet)
        var largest = 0.0
        var zeros = 0
        for j in 0..<data.numFeatures {
            let sigma = variance[j].squareRoot()
            if sigma < 1e-12 {
                #expect(w[j] == 0, "feature \(j) does not vary")
                continue
            }
            let d = c.standardization ? sigma * sigma : 1
            let e = c.standardization ? sigma : 1
            let smooth = gradient[j] + l2 * d * w[j]
            let residual: Double
            if w[j] != 0 {
                residual = abs(smooth + l1 * e * (w[j] > 0 ? 1 : -1))
            } else {
                zeros += 1
                residual = max(0, abs(smooth) - l1 * e)
            }
            largest = max(largest, residual / sigma)
        }
        if c.fitIntercept { largest = max(largest, abs(interceptGradient)) }
        print(
            "\(c.testDescription): largest residual \(largest), \(zeros) zeros, \(fit.iterations) iterations, \(fit.convergence.rawValue)"
        )
        #expect(largest < c.residualMax)
        if l1 > 0 { #expect(zeros > 0, "an L1 penalty gives exact zeros") }
    }
}
