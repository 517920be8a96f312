/// Orthant-wise limited-memory quasi-Newton (Andrew and Gao, 2007), as Breeze's `OWLQN`, which
/// Spark's `LogisticRegression` uses when its L1 penalty is not zero: minimizes
/// `f(x) + Σ l1[i] × |x[i]|` for a smooth `f`.
///
/// The L-BFGS direction is taken from the pseudo-gradient and zeroed where it does not descend;
/// steps are projected onto the orthant of the current point (coordinates that would change sign
/// become zero); the line search is Breeze's backtracking one, starting at `0.5 / |∇f|` and
/// shrinking by 0.1 on the first iteration, at 1 and 0.5 after.
public struct OWLQN: FirstOrderMethod, Sendable {
    /// The iteration limit (negative: none).
    public let maxIterations: Int
    /// Correction pairs kept (Spark: 10).
    public let memory: Int
    /// Relative tolerance of the convergence check.
    public let tolerance: Double
    /// The L1 weight of each coordinate, each ≥ 0 (0: not penalized).
    public let l1: [Double]

    /// Creates a minimizer.
    public init(maxIterations: Int, memory: Int = 10, tolerance: Double, l1: [Double]) {
        precondition(l1.allSatisfy { $0 >= 0 }, "L1 weights must not be negative")
        self.maxIterations = maxIterations
        self.memory = memory
        self.tolerance = tolerance
        self.l1 = l1
    }

    /// Minimizes `function + Σ l1[i] |x[i]|` from `start`; `observe` sees the starting point and
    /// each iterate.
    public func minimize(
        _ function: any DifferentiableFunction, from start: [Double], observe: (MinimizerState) -> Void = { _ in }
    ) -> MinimizerResult {
        precondition(start.count == l1.count, "one L1 weight per coordinate")
        return FirstOrderMinimizer.minimize(self, function, from: start, observe: observe)
    }

    /// Adds the L1 term to the value, and turns the gradient into the pseudo-gradient: at a
    /// coordinate that is zero, the one-sided derivative that descends, or 0 when neither does.
    func adjust(x: [Double], gradient: [Double], value: Double) -> (value: Double, gradient: [Double]) {
        var adjustedValue = value
        var adjusted = gradient
        for i in 0..<x.count {
            let weight = l1[i]
            if weight == 0 { continue }
            adjustedValue += abs(weight * x[i])
            if x[i] == 0 {
                let plus = gradient[i] + weight
                let minus = gradient[i] - weight
                adjusted[i] = minus > 0 ? minus : plus < 0 ? plus : 0
            } else {
                adjusted[i] = gradient[i] + sign(x[i]) * weight
            }
        }
        return (adjustedValue, adjusted)
    }

    func descentDirection(_ state: MinimizerState) -> [Double]? {
        guard var direction = state.history.descentDirection(state.adjustedGradient) else { return nil }
        for i in 0..<direction.count where !(direction[i] * state.adjustedGradient[i] < 0) {
            direction[i] = 0
        }
        return direction
    }

    func stepSize(_ state: MinimizerState, _ function: any DifferentiableFunction, _ direction: [Double]) -> Double? {
        let search = BacktrackingLineSearch(
            phi: { alpha in
                let x = takeStep(state, direction, alpha)
                let (value, gradient) = function.evaluate(x)
                let adjusted = adjust(x: x, gradient: gradient, value: value)
                return (adjusted.value, Vector.dot(adjusted.gradient, direction))
            },
            initialValue: state.value,
            shrinkFactor: state.iteration < 1 ? 0.1 : 0.5)
        return search.minimize(initial: state.iteration < 1 ? 0.5 / Vector.norm(state.gradient) : 1)
    }

    /// `x + stepSize × direction`, with each coordinate that leaves the orthant of `x` (for a
    /// zero coordinate: the orthant opposite the pseudo-gradient) set to zero.
    func takeStep(_ state: MinimizerState, _ direction: [Double], _ stepSize: Double) -> [Double] {
        var stepped = Vector.step(state.x, direction, stepSize)
        for i in 0..<stepped.count {
            let orthant = state.x[i] != 0 ? sign(state.x[i]) : sign(-state.adjustedGradient[i])
            if sign(stepped[i]) != orthant { stepped[i] = 0 }
        }
        return stepped
    }

    /// Java's `Math.signum`: -1, 0 or 1 (0 for ±0; NaN stays NaN).
    private func sign(_ value: Double) -> Double {
        value > 0 ? 1 : value < 0 ? -1 : value
    }
}
