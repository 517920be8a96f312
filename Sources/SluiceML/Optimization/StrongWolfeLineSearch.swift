/// The line search of Breeze's `LBFGS` (`StrongWolfeLineSearch(maxZoomIter = 10,
/// maxLineSearchIter = 10)`, Nocedal & Wright's algorithms 3.5 and 3.6 with safeguarded cubic
/// interpolation): a step satisfying the strong Wolfe conditions, `c1 = 1e-4`, `c2 = 0.9`.
struct StrongWolfeLineSearch {
    /// Sufficient decrease.
    static let c1 = 1e-4
    /// Curvature.
    static let c2 = 0.9
    /// Steps tried while growing the bracket.
    static let bracketTrialsMax = 10
    /// Interpolations while shrinking the bracket.
    static let zoomTrialsMax = 10

    /// A point on the line: step, directional derivative, value.
    struct Bracket {
        var t: Double
        var dd: Double
        var fval: Double
    }

    /// `phi(t)` is the value and directional derivative at step `t`; `start` is `phi(0)`.
    let phi: (Double) -> (value: Double, derivative: Double)
    let start: (value: Double, derivative: Double)

    /// The step, or `nil` when the search fails (a direction that does not descend, or no step
    /// found within the trials): Breeze's `FirstOrderException`.
    func minimize(initial: Double) -> Double? {
        let fval = start.value
        let dd = start.derivative
        if dd > 0 { return nil }
        var low = Bracket(t: 0, dd: dd, fval: fval)
        var t = initial
        for trial in 0..<Self.bracketTrialsMax {
            let c = bracket(t)
            if c.fval.isInfinite || c.fval.isNaN {
                t /= 2
                continue
            }
            if c.fval > fval + Self.c1 * t * dd || (c.fval >= low.fval && trial > 0) {
                return zoom(low, c)
            }
            if abs(c.dd) <= Self.c2 * abs(dd) {
                return c.t
            }
            if c.dd >= 0 {
                return zoom(c, low)
            }
            low = c
            t *= 1.5
        }
        return nil
    }

    private func bracket(_ t: Double) -> Bracket {
        let (value, derivative) = phi(t)
        return Bracket(t: t, dd: derivative, fval: value)
    }

    /// Shrinks the bracket `[low, high]`, which holds a point satisfying the strong Wolfe
    /// conditions, until one is found.
    private func zoom(_ lowStart: Bracket, _ highStart: Bracket) -> Double? {
        var low = lowStart
        var high = highStart
        for _ in 0..<Self.zoomTrialsMax {
            let t = low.t > high.t ? Self.interpolate(high, low) : Self.interpolate(low, high)
            let c = bracket(t)
            if t.isNaN { return nil }
            if c.fval > start.value + Self.c1 * c.t * start.derivative || c.fval >= low.fval {
                high = c
            } else {
                if abs(c.dd) <= Self.c2 * abs(start.derivative) {
                    return c.t
                }
                if c.dd * (high.t - low.t) >= 0 {
                    high = low
                }
                low = c
            }
        }
        return nil
    }

    /// The minimum of the cubic through `l` and `r` (values and derivatives), kept within the
    /// middle 80% of the interval.
    static func interpolate(_ l: Bracket, _ r: Bracket) -> Double {
        let d1 = l.dd + r.dd - 3 * (l.fval - r.fval) / (l.t - r.t)
        let d2 = (d1 * d1 - l.dd * r.dd).squareRoot()
        let multiplier = r.t - l.t
        let t = r.t - multiplier * (r.dd + d2 - d1) / (r.dd - l.dd + 2 * d2)
        let lowerBound = l.t + 0.1 * (r.t - l.t)
        let upperBound = l.t + 0.9 * (r.t - l.t)
        if t < lowerBound { return lowerBound }
        if t > upperBound { return upperBound }
        return t
    }
}
