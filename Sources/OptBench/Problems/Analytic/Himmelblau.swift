/// Himmelblau's function, with four global minima of equal value (Himmelblau 1972,
/// "Applied Nonlinear Programming"):
///
/// ```
/// f(x, y) = (x² + y − 11)² + (x + y² − 7)²
/// ```
/// Minimum 0 at (3, 2), (−2.805118086952745, 3.131312518250573),
/// (−3.779310253377747, −3.283185991286170) and (3.584428340330492, −1.848126526964404)
/// (the last three are roots of a cubic, given to double precision). Standard start (0, 0), as
/// in the BFGS tests of `jax.scipy.optimize`: f = 170 there, and no minimizer is favoured by
/// symmetry.
public struct Himmelblau: AnalyticFunction {
    public static let name = "himmelblau"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [0, 0] }

    public var knownMinimum: KnownMinimum? {
        KnownMinimum(value: 0, locations: [
            [3, 2],
            [-2.805118086952744853, 3.131312518250572966],
            [-3.779310253377746892, -3.283185991286169412],
            [3.584428340330491745, -1.848126526964403554],
        ])
    }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let a = x[0] * x[0] + x[1] - 11
        let b = x[0] + x[1] * x[1] - 7
        gradient[0] = 4 * x[0] * a + 2 * b
        gradient[1] = 2 * a + 4 * x[1] * b
        return a * a + b * b
    }
}
