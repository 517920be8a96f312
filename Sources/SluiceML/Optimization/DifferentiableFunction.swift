/// A function of a vector that gives its value and gradient at a point: what the minimizers of
/// this module (`LBFGS`, `OWLQN`) minimize.
public protocol DifferentiableFunction {
    /// The value `f(x)` and the gradient `∇f(x)` (one entry per entry of `x`).
    func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double])
}

/// A `DifferentiableFunction` given by a closure.
public struct ClosureFunction: DifferentiableFunction, Sendable {
    private let body: @Sendable ([Double]) -> (value: Double, gradient: [Double])

    /// Creates the function that `body` computes.
    public init(_ body: @escaping @Sendable ([Double]) -> (value: Double, gradient: [Double])) {
        self.body = body
    }

    /// `body(x)`.
    public func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        body(x)
    }
}

/// The few vector operations the minimizers need, on dense arrays.
enum Vector {
    /// `Σ a[i] × b[i]`, in index order.
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }

    /// The Euclidean norm.
    static func norm(_ a: [Double]) -> Double {
        dot(a, a).squareRoot()
    }

    /// `x + step × direction`, computed as `direction × step + x` entry by entry.
    static func step(_ x: [Double], _ direction: [Double], _ step: Double) -> [Double] {
        var result = x
        for i in 0..<x.count { result[i] = direction[i] * step + x[i] }
        return result
    }

    /// `a − b`.
    static func difference(_ a: [Double], _ b: [Double]) -> [Double] {
        var result = a
        for i in 0..<a.count { result[i] = a[i] - b[i] }
        return result
    }

    /// `y += a × x`.
    static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in 0..<y.count { y[i] += a * x[i] }
    }

    /// `x × a`, entry by entry.
    static func scale(_ x: inout [Double], _ a: Double) {
        for i in 0..<x.count { x[i] *= a }
    }
}
