/// Zakharov's function, a convex sum of squares plus powers of one weighted sum, whose curvature
/// grows quickly away from the origin (as listed by Jamil & Yang 2013, "A literature survey of
/// benchmark functions for global optimization problems"):
///
/// ```
/// f(x) = Σ x_i² + S² + S⁴,   S = Σ_{i=1}^{N} 0.5·i·x_i
/// ```
/// Minimum 0 at the origin. Standard start (1, …, 1), where S = N(N+1)/4.
public struct Zakharov: AnalyticFunction {
    public static let name = "zakharov"
    public let dimension: Int

    public init(dimension: Int = 2) {
        precondition(dimension >= 1, "zakharov needs at least 1 variable")
        self.dimension = dimension
    }

    public var standardStart: [Double] { Array(repeating: 1, count: dimension) }

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
        var squares: T = 0
        var s: T = 0
        for i in 0..<dimension {
            squares += x[i] * x[i]
            s += T(i + 1) * x[i]
        }
        s /= 2
        let s2 = s * s
        // ∂(S² + S⁴)/∂x_i = (2S + 4S³)·0.5·i
        let outer = (2 * s + 4 * s2 * s) / 2
        for i in 0..<dimension {
            gradient[i] = 2 * x[i] + outer * T(i + 1)
        }
        return squares + s2 + s2 * s2
    }
}
