/// The line search of Breeze's `OWLQN` (`BacktrackingLineSearch`, after libLBFGS): shrink the
/// step until it decreases the value enough, grow it while the slope is still steep, shrink it
/// while the slope has turned too far (strong Wolfe, `cArmijo = 1e-4`, `cWolfe = 0.9`).
///
/// As Breeze does, the value compared at the first trial step is `initialValue` (the smooth part
/// of the objective at the start, which OWL-QN passes), not the value at that step.
struct BacktrackingLineSearch {
    static let cArmijo = 1e-4
    static let cWolfe = 0.9
    static let growFactor = 2.1
    /// Trial steps after the first; the last one is returned when none is accepted.
    static let trialsMax = 20
    static let stepMin = 1e-10
    static let stepMax = 1e10

    /// `phi(t)` is the value and directional derivative at step `t`.
    let phi: (Double) -> (value: Double, derivative: Double)
    /// What the first trial's value is taken to be.
    let initialValue: Double
    /// The factor a step shrinks by.
    let shrinkFactor: Double

    /// The step, or `nil` when it falls below `stepMin` or grows above `stepMax`.
    func minimize(initial: Double) -> Double? {
        let (f0, df0) = phi(0)
        var alpha = initial
        var value = initialValue
        var derivative = phi(initial).derivative
        var trials = 0
        while true {
            let multiplier: Double
            if value > f0 + alpha * df0 * Self.cArmijo {
                multiplier = shrinkFactor
            } else if derivative < Self.cWolfe * df0 {
                multiplier = Self.growFactor
            } else if derivative > -Self.cWolfe * df0 {
                multiplier = shrinkFactor
            } else {
                return alpha
            }
            let next = alpha * multiplier
            if next < Self.stepMin || next > Self.stepMax { return nil }
            (value, derivative) = phi(next)
            trials += 1
            if trials >= Self.trialsMax {
                // Breeze stops here and returns the step before the last one tried.
                return alpha
            }
            alpha = next
        }
    }
}
