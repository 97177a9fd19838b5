/// Rastrigin's function, a paraboloid covered by a lattice of local minima near the integer
/// points (Rastrigin 1974; N-dimensional form of Mühlenbein, Schomisch & Born 1991):
///
/// ```
/// f(x) = 10·N + Σ_{i=1}^{N} [x_i² − 10·cos(2π·x_i)]
/// ```
/// Minimum 0 at the origin. Standard start (−2, 3.5, −2, 3.5, …), the start of the optimizer
/// visualizations of pytorch-optimizer (Novik 2020) repeated over the coordinates.
///
/// - Note: cos(2π·x) and sin(2π·x) are evaluated at the reduced argument r = x − round(x)
///   (exact in binary floating point), so float32 runs do not lose accuracy to a large
///   argument of cos.
public struct Rastrigin: AnalyticFunction {
    public static let name = "rastrigin"
    public let dimension: Int

    public init(dimension: Int = 2) {
        precondition(dimension >= 1, "rastrigin needs at least 1 variable")
        self.dimension = dimension
    }

    public var standardStart: [Double] {
        (0..<dimension).map { $0.isMultiple(of: 2) ? -2 : 3.5 }
    }

    public var knownMinimum: KnownMinimum? {
        KnownMinimum(value: 0, locations: [Array(repeating: 0, count: dimension)])
    }

    public var configuration: [ConfigEntry] { [ConfigEntry("dim", .integer(dimension))] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        var f = 10 * T(dimension)
        for i in 0..<dimension {
            let angle = 2 * T.pi * (x[i] - x[i].rounded())
            f += x[i] * x[i] - 10 * T.cos(angle)
            gradient[i] = 2 * x[i] + 20 * T.pi * T.sin(angle)
        }
        return f
    }
}
