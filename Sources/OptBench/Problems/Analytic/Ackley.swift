/// Ackley's function, a nearly flat outer region with a deep funnel at the origin, dotted with
/// local minima near the integer points (Ackley 1987; N-dimensional form of Bäck 1996):
///
/// ```
/// f(x) = −20·exp(−0.2·sqrt(Σ x_i² / N)) − exp(Σ cos(2π·x_i) / N) + 20 + e
/// ```
/// Minimum 0 at the origin, where f is not differentiable (a cone); the gradient is reported
/// as 0 there, a subgradient and the symmetric central difference. Standard start
/// (2.3, …, 2.3): inside the usual box [−32.768, 32.768]^N but within the funnel, and away from
/// both the local minima (near integers) and the ridges (near half-integers); f ≈ 9.358.
///
/// - Note: the cosines use the reduced argument x − round(x), as in ``Rastrigin``.
public struct Ackley: AnalyticFunction {
    public static let name = "ackley"
    public let dimension: Int

    public init(dimension: Int = 2) {
        precondition(dimension >= 1, "ackley needs at least 1 variable")
        self.dimension = dimension
    }

    public var standardStart: [Double] { Array(repeating: 2.3, count: dimension) }

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
        let n = T(dimension)
        var squares: T = 0
        var cosines: T = 0
        for i in 0..<dimension {
            squares += x[i] * x[i]
            cosines += T.cos(2 * T.pi * (x[i] - x[i].rounded()))
        }
        let radius = T.sqrt(squares / n)
        let radial = T.exp(-T(0.2) * radius)
        let periodic = T.exp(cosines / n)
        // ∂/∂x_i of −20·exp(−0.2·r) is 4·exp(−0.2·r)·x_i / (N·r); 0 at r = 0 by symmetry.
        let radialScale = radius > 0 ? 4 * radial / (n * radius) : 0
        let periodicScale = 2 * T.pi * periodic / n
        for i in 0..<dimension {
            gradient[i] = radialScale * x[i] + periodicScale * T.sin(2 * T.pi * (x[i] - x[i].rounded()))
        }
        // Grouped so that f is exactly 0 at the origin.
        return 20 * (1 - radial) + (T.exp(1) - periodic)
    }
}
