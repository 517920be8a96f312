import SluiceML
import Testing

/// L-BFGS and OWL-QN on functions whose minimum is known.
@Suite struct OptimizerTests {
    /// `Σ aᵢ (xᵢ − cᵢ)²`, badly scaled.
    static let scales = [1.0, 10, 100, 0.01]
    static let center = [1.0, -2, 3, 0.5]
    static let quadratic = ClosureFunction { x in
        var value = 0.0
        var gradient = x
        for i in 0..<x.count {
            let delta = x[i] - center[i]
            value += scales[i] * delta * delta
            gradient[i] = 2 * scales[i] * delta
        }
        return (value, gradient)
    }

    /// Rosenbrock's banana, minimum 0 at (1, 1).
    static let rosenbrock = ClosureFunction { x in
        let a = 1 - x[0]
        let b = x[1] - x[0] * x[0]
        return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
    }

    @Test func lbfgsFindsTheMinimumOfAQuadratic() {
        let result = LBFGS(maxIterations: 100, tolerance: 1e-12).minimize(Self.quadratic, from: [0, 0, 0, 0])
        for i in 0..<4 { #expect(abs(result.final.x[i] - Self.center[i]) < 1e-6, "coordinate \(i): \(result.final.x)") }
        #expect(result.final.adjustedValue < 1e-12)
        #expect(result.reason != .maxIterations && result.reason != .searchFailed)
    }

    @Test func lbfgsFindsTheMinimumOfRosenbrocksFunction() {
        var iterations: [Int] = []
        let result = LBFGS(maxIterations: 500, tolerance: 1e-12).minimize(Self.rosenbrock, from: [-1.2, 1]) {
            iterations.append($0.iteration)
        }
        #expect(abs(result.final.x[0] - 1) < 1e-5 && abs(result.final.x[1] - 1) < 1e-5, "\(result.final.x)")
        #expect(result.reason != .maxIterations)
        // The observer sees the start and every iteration once, in order; the history has each value.
        #expect(iterations == Array(0...result.final.iteration))
        #expect(result.valueHistory.count >= iterations.count)
        #expect(abs((result.valueHistory.first ?? 0) - 24.2) < 1e-12)
        // Values never go up.
        #expect(zip(result.valueHistory, result.valueHistory.dropFirst()).allSatisfy { $1 <= $0 })
    }

    @Test func theIterationLimitStopsTheSearch() {
        let result = LBFGS(maxIterations: 3, tolerance: 1e-12).minimize(Self.rosenbrock, from: [-1.2, 1])
        #expect(result.final.iteration == 3)
        #expect(result.reason == .maxIterations)
        let none = LBFGS(maxIterations: 0, tolerance: 1e-12).minimize(Self.rosenbrock, from: [-1.2, 1])
        #expect(none.final.x == [-1.2, 1])
        #expect(none.reason == .maxIterations)
    }

    /// `½ Σ (xᵢ − cᵢ)² + Σ λᵢ |xᵢ|` is minimized by soft thresholding: `sign(cᵢ) max(|cᵢ| − λᵢ, 0)`.
    @Test func owlqnFindsTheSparseMinimumOfAnL1Problem() {
        let center = [3.0, -0.5, 0.2, -2, 0.7, -0.3]
        let l1 = [1.0, 1, 1, 1, 0, 0.25]
        let smooth = ClosureFunction { x in
            var value = 0.0
            var gradient = x
            for i in 0..<x.count {
                value += 0.5 * (x[i] - center[i]) * (x[i] - center[i])
                gradient[i] = x[i] - center[i]
            }
            return (value, gradient)
        }
        let result = OWLQN(maxIterations: 100, tolerance: 1e-12, l1: l1).minimize(smooth, from: [0, 0, 0, 0, 0, 0])
        let expected = [2.0, 0, 0, -1, 0.7, -0.05]
        for i in 0..<expected.count {
            if expected[i] == 0 {
                #expect(result.final.x[i] == 0, "coordinate \(i) should be exactly zero: \(result.final.x)")
            } else {
                #expect(abs(result.final.x[i] - expected[i]) < 1e-6, "coordinate \(i): \(result.final.x)")
            }
        }
        // The objective includes the L1 term: ½(1 + 0.25 + 0.04 + 1 + 0 + 0.0625) + (2 + 1 + 0.0125).
        #expect(abs(result.final.adjustedValue - (0.5 * 2.3525 + 3.0125)) < 1e-9)
    }

    /// With no L1 weight OWL-QN minimizes the smooth function alone. (Its line search, as Breeze's,
    /// compares the smooth value at the start with the whole objective, so without an L1 term the
    /// first trial step of every iteration is halved: slower than L-BFGS, but it gets there.)
    @Test func owlqnWithoutL1MinimizesTheSmoothFunction() {
        let result = OWLQN(maxIterations: 200, tolerance: 1e-12, l1: [0, 0, 0, 0]).minimize(
            Self.quadratic, from: [0, 0, 0, 0])
        for i in 0..<4 { #expect(abs(result.final.x[i] - Self.center[i]) < 1e-6, "coordinate \(i): \(result.final.x)") }
    }
}
