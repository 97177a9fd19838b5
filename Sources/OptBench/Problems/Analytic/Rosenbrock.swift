/// The Rosenbrock valley, chained over N ≥ 2 variables (Rosenbrock 1960; the "extended"
/// form of Dixon & Mills / De Jong):
///
/// ```
/// f(x) = Σ_{i=1}^{N−1} [100·(x_{i+1} − x_i²)² + (1 − x_i)²]
/// ```
/// Minimum 0 at (1, …, 1). Standard start (−1.2, 1, −1.2, 1, …).
public struct Rosenbrock: AnalyticFunction {
    public static let name = "rosenbrock"
    public let dimension: Int

    public init(dimension: Int = 2) {
        precondition(dimension >= 2, "rosenbrock needs at least 2 variables")
        self.dimension = dimension
    }

    public var standardStart: [Double] {
        (0..<dimension).map { $0.isMultiple(of: 2) ? -1.2 : 1.0 }
    }

    public var knownMinimum: KnownMinimum? {
        KnownMinimum(value: 0, locations: [Array(repeating: 1, count: dimension)])
    }

    public var configuration: [ConfigEntry] { [ConfigEntry("dim", .integer(dimension))] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        // Each gradient element is written once, as (0 + 200·a_{i−1}) + (−400·x_i·a_i − 2·b_i):
        // the same additions, in the same order, as zeroing the gradient and accumulating both
        // terms into it, without the zeroing pass (a memset call, a sixth of a 2-D step).
        var f: T = 0
        var fromPrevious: T = 0  // 0 + 200·a_{i−1}: what x_i's gradient gets from the pair before it
        for i in 0..<(dimension - 1) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1 - x[i]
            f += 100 * a * a + b * b
            gradient[i] = fromPrevious + (-400 * x[i] * a - 2 * b)
            fromPrevious = 0 + 200 * a
        }
        gradient[dimension - 1] = fromPrevious
        return f
    }
}
