/// Limited-memory BFGS, as Breeze's `LBFGS` (which Spark's `LogisticRegression` uses without an L1
/// penalty): the two-loop direction from the last `memory` pairs, a strong-Wolfe line search
/// starting at step `1 / |direction|` on the first iteration and 1 after, and Breeze's default
/// convergence check (`ConvergenceReason`).
public struct LBFGS: FirstOrderMethod, Sendable {
    /// Step size times gradient norm under which a step counts as failed.
    static let stepUnderflow = 1e-10

    /// The iteration limit (negative: none).
    public let maxIterations: Int
    /// Correction pairs kept (Spark: 10).
    public let memory: Int
    /// Relative tolerance of the convergence check.
    public let tolerance: Double

    /// Creates a minimizer.
    public init(maxIterations: Int, memory: Int = 10, tolerance: Double) {
        self.maxIterations = maxIterations
        self.memory = memory
        self.tolerance = tolerance
    }

    /// Minimizes `function` from `start`; `observe` sees the starting point and each iterate.
    public func minimize(
        _ function: any DifferentiableFunction, from start: [Double], observe: (MinimizerState) -> Void = { _ in }
    ) -> MinimizerResult {
        FirstOrderMinimizer.minimize(self, function, from: start, observe: observe)
    }

    func adjust(x: [Double], gradient: [Double], value: Double) -> (value: Double, gradient: [Double]) {
        (value, gradient)
    }

    func descentDirection(_ state: MinimizerState) -> [Double]? {
        state.history.descentDirection(state.gradient)
    }

    func stepSize(_ state: MinimizerState, _ function: any DifferentiableFunction, _ direction: [Double]) -> Double? {
        let x = state.x
        let search = StrongWolfeLineSearch(
            phi: { alpha in
                let (value, gradient) = function.evaluate(Vector.step(x, direction, alpha))
                return (value, Vector.dot(gradient, direction))
            },
            start: (state.value, Vector.dot(state.gradient, direction)))
        guard let alpha = search.minimize(initial: state.iteration == 0 ? 1 / Vector.norm(direction) : 1) else {
            return nil
        }
        if alpha * Vector.norm(state.gradient) < Self.stepUnderflow { return nil }
        return alpha
    }

    func takeStep(_ state: MinimizerState, _ direction: [Double], _ stepSize: Double) -> [Double] {
        Vector.step(state.x, direction, stepSize)
    }
}
