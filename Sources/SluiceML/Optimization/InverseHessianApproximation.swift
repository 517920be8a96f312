/// L-BFGS's limited-memory approximation of the inverse Hessian, as Breeze's
/// `LBFGS.ApproximateInverseHessian`: the last `memory` steps `s = x' − x` and gradient changes
/// `y = ∇f(x') − ∇f(x)`, newest first, applied with the two-loop recursion.
struct InverseHessianApproximation {
    /// How many pairs are kept.
    let memory: Int
    private var steps: [[Double]] = []
    private var gradientChanges: [[Double]] = []

    init(memory: Int) {
        precondition(memory > 0, "L-BFGS needs a memory of at least one pair")
        self.memory = memory
    }

    /// The number of pairs held.
    var count: Int { steps.count }

    /// This approximation with the pair `(step, gradientChange)` added as the newest, the oldest
    /// dropped past `memory`.
    func updated(step: [Double], gradientChange: [Double]) -> InverseHessianApproximation {
        var next = self
        next.steps.insert(step, at: 0)
        next.gradientChanges.insert(gradientChange, at: 0)
        if next.steps.count > memory {
            next.steps.removeLast()
            next.gradientChanges.removeLast()
        }
        return next
    }

    /// The descent direction `−H × gradient`, or `nil` when the history is unusable (a pair with
    /// `s·y < 0`, or NaN), which Breeze signals as `NaNHistory`.
    func descentDirection(_ gradient: [Double]) -> [Double]? {
        var diagonal = 1.0
        if let step = steps.first, let change = gradientChanges.first {
            let sy = Vector.dot(step, change)
            let yy = Vector.dot(change, change)
            if sy < 0 || sy.isNaN { return nil }
            diagonal = sy / yy
        }
        var direction = gradient
        var alphas = [Double](repeating: 0, count: count)
        var rhos = [Double](repeating: 0, count: count)
        for i in 0..<count {
            rhos[i] = Vector.dot(steps[i], gradientChanges[i])
            alphas[i] = Vector.dot(steps[i], direction) / rhos[i]
            if alphas[i].isNaN { return nil }
            Vector.axpy(-alphas[i], gradientChanges[i], &direction)
        }
        Vector.scale(&direction, diagonal)
        for i in stride(from: count - 1, through: 0, by: -1) {
            let beta = Vector.dot(gradientChanges[i], direction) / rhos[i]
            Vector.axpy(alphas[i] - beta, steps[i], &direction)
        }
        Vector.scale(&direction, -1)
        return direction
    }
}
