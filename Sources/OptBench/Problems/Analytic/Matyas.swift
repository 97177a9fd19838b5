/// Matyas' function, a convex quadratic whose valley along x = y is 25 times flatter than the
/// cross direction (as listed by Jamil & Yang 2013, "A literature survey of benchmark functions
/// for global optimization problems"):
///
/// ```
/// f(x, y) = 0.26·(x² + y²) − 0.48·x·y
/// ```
/// Minimum 0 at (0, 0). Standard start (6, 2).
///
/// - Note: the tests of `jax.scipy.optimize` start at (6, 6), on the flat eigen-direction:
///   every optimizer that treats the coordinates alike then stays on the diagonal and solves a
///   one-dimensional problem. (6, 2) has components along both eigen-directions.
public struct Matyas: AnalyticFunction {
    public static let name = "matyas"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [6, 2] }

    public var knownMinimum: KnownMinimum? { KnownMinimum(value: 0, locations: [[0, 0]]) }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let u = x[0], v = x[1]
        gradient[0] = T(0.52) * u - T(0.48) * v
        gradient[1] = T(0.52) * v - T(0.48) * u
        return T(0.26) * (u * u + v * v) - T(0.48) * u * v
    }
}
