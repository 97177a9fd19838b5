/// The Dixon–Price function, a chained quartic valley (Dixon & Price 1989, "Truncated Newton
/// method for sparse unconstrained optimization using automatic differentiation"):
///
/// ```
/// f(x) = (x_1 − 1)² + Σ_{i=2}^{N} i·(2·x_i² − x_{i−1})²
/// ```
/// Minimum 0 at x_i = 2^(−(2^i − 2)/2^i), i = 1…N: (1, 2^(−1/2), 2^(−3/4), 2^(−7/8), …).
/// Flipping the sign of any of x_2 … x_N gives another minimizer (2^(N−1) in all); only the
/// all-positive one is listed. Standard start (1, …, 1), where f = N(N+1)/2 − 1.
public struct DixonPrice: AnalyticFunction {
    public static let name = "dixon_price"
    public let dimension: Int

    public init(dimension: Int = 2) {
        precondition(dimension >= 2, "dixon_price needs at least 2 variables")
        self.dimension = dimension
    }

    public var standardStart: [Double] { Array(repeating: 1, count: dimension) }

    public var knownMinimum: KnownMinimum? {
        // Exponent −(2^i − 2)/2^i = −1 + 2^(1−i); 2^(1−i) underflows harmlessly to 0 for large i.
        let location = (1...dimension).map { i in Double.pow(2, -1 + Double.pow(2, Double(1 - i))) }
        return KnownMinimum(value: 0, locations: [location])
    }

    public var configuration: [ConfigEntry] { [ConfigEntry("dim", .integer(dimension))] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let first = x[0] - 1
        var f = first * first
        gradient[0] = 2 * first
        for i in 1..<dimension {
            let weight = T(i + 1)
            let t = 2 * x[i] * x[i] - x[i - 1]
            f += weight * t * t
            gradient[i] = 8 * weight * t * x[i]
            gradient[i - 1] -= 2 * weight * t
        }
        return f
    }
}
