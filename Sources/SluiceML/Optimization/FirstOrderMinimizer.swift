/// Why a minimizer stopped, as Breeze's `FirstOrderMinimizer.defaultConvergenceCheck` decides.
public enum ConvergenceReason: String, Sendable, Equatable {
    /// The iteration limit was reached.
    case maxIterations = "max iterations reached"
    /// The objective changed by at most `tolerance × |initial objective|` over the last
    /// `FirstOrderMinimizer.valueMemory` iterations.
    case functionValuesConverged = "function values converged"
    /// The gradient's norm fell to `max(tolerance × |objective|, 1e-8)`.
    case gradientConverged = "gradient converged"
    /// The line search failed twice in a row (once, the history is dropped and the search retried).
    case searchFailed = "line search failed"
}

/// One iterate of a minimizer.
public struct MinimizerState: Sendable {
    /// The point.
    public let x: [Double]
    /// The smooth objective at `x` (without an L1 term).
    public let value: Double
    /// Its gradient.
    public let gradient: [Double]
    /// The whole objective at `x` (with OWL-QN's L1 term; `value` for L-BFGS).
    public let adjustedValue: Double
    /// Its (pseudo-)gradient.
    public let adjustedGradient: [Double]
    /// Iterations done to reach `x`; 0 for the starting point.
    public let iteration: Int
    /// `adjustedValue` at the starting point.
    public let initialAdjustedValue: Double
    var history: InverseHessianApproximation
    /// The last `FirstOrderMinimizer.valueMemory` adjusted values (+∞ first, until pushed out).
    var recentValues: [Double]
    var searchFailed = false
}

/// What a minimization came to.
public struct MinimizerResult: Sendable {
    /// The last iterate.
    public let final: MinimizerState
    /// Why it stopped.
    public let reason: ConvergenceReason
    /// The adjusted value of every iterate, the starting point first (Spark's `objectiveHistory`).
    public let valueHistory: [Double]
}

/// The parts in which L-BFGS and OWL-QN differ, as in Breeze's `FirstOrderMinimizer`.
protocol FirstOrderMethod {
    var maxIterations: Int { get }
    var memory: Int { get }
    var tolerance: Double { get }
    /// The whole objective and its (pseudo-)gradient from the smooth part's.
    func adjust(x: [Double], gradient: [Double], value: Double) -> (value: Double, gradient: [Double])
    /// The direction to search along, or `nil` when the history is unusable.
    func descentDirection(_ state: MinimizerState) -> [Double]?
    /// The step along `direction`, or `nil` when the line search fails.
    func stepSize(_ state: MinimizerState, _ function: any DifferentiableFunction, _ direction: [Double]) -> Double?
    /// The next point.
    func takeStep(_ state: MinimizerState, _ direction: [Double], _ stepSize: Double) -> [Double]
}

/// The iteration shared by `LBFGS` and `OWLQN` (Breeze's `FirstOrderMinimizer.infiniteIterations`
/// with its default convergence check).
enum FirstOrderMinimizer {
    /// Iterations over which the objective must change less than the tolerance.
    static let valueMemory = 20
    /// The floor of the gradient-norm test.
    static let gradientNormMin = 1e-8

    static func minimize(
        _ method: some FirstOrderMethod, _ function: any DifferentiableFunction, from start: [Double],
        observe: (MinimizerState) -> Void
    ) -> MinimizerResult {
        let (value, gradient) = function.evaluate(start)
        let adjusted = method.adjust(x: start, gradient: gradient, value: value)
        var state = MinimizerState(
            x: start, value: value, gradient: gradient, adjustedValue: adjusted.value,
            adjustedGradient: adjusted.gradient, iteration: 0, initialAdjustedValue: adjusted.value,
            history: InverseHessianApproximation(memory: method.memory), recentValues: [Double.infinity])
        var valueHistory: [Double] = []
        var failedOnce = false
        observe(state)
        while true {
            valueHistory.append(state.adjustedValue)
            if let reason = converged(state, method) {
                return MinimizerResult(final: state, reason: reason, valueHistory: valueHistory)
            }
            if let next = iterate(state, method, function) {
                state = next
                failedOnce = false
                observe(state)
            } else if !failedOnce {
                failedOnce = true
                state.history = InverseHessianApproximation(memory: method.memory)
            } else {
                state.searchFailed = true
            }
        }
    }

    /// One iteration from `state`, or `nil` when it fails.
    private static func iterate(
        _ state: MinimizerState, _ method: some FirstOrderMethod, _ function: any DifferentiableFunction
    ) -> MinimizerState? {
        guard let direction = method.descentDirection(state),
            let stepSize = method.stepSize(state, function, direction)
        else { return nil }
        let x = method.takeStep(state, direction, stepSize)
        let (value, gradient) = function.evaluate(x)
        let adjusted = method.adjust(x: x, gradient: gradient, value: value)
        let history = state.history.updated(
            step: Vector.difference(x, state.x), gradientChange: Vector.difference(gradient, state.gradient))
        var recent = state.recentValues
        recent.append(adjusted.value)
        if recent.count > valueMemory { recent.removeFirst(recent.count - valueMemory) }
        return MinimizerState(
            x: x, value: value, gradient: gradient, adjustedValue: adjusted.value, adjustedGradient: adjusted.gradient,
            iteration: state.iteration + 1, initialAdjustedValue: state.initialAdjustedValue, history: history,
            recentValues: recent)
    }

    /// Breeze's checks in its order: iterations, function values, gradient, failed search.
    private static func converged(_ state: MinimizerState, _ method: some FirstOrderMethod) -> ConvergenceReason? {
        if method.maxIterations >= 0 && state.iteration >= method.maxIterations {
            return .maxIterations
        }
        if state.recentValues.count >= 2, let highest = state.recentValues.max(),
            abs(state.adjustedValue - highest) <= method.tolerance * abs(state.initialAdjustedValue)
        {
            return .functionValuesConverged
        }
        if Vector.norm(state.adjustedGradient)
            <= max(method.tolerance * abs(state.adjustedValue), gradientNormMin)
        {
            return .gradientConverged
        }
        if state.searchFailed {
            return .searchFailed
        }
        return nil
    }
}
