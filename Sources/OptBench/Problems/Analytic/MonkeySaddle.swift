/// The monkey saddle, a degenerate saddle with zero Hessian at the origin (no minimum).
///
/// ```
/// f(x, y) = x³ − 3·x·y²        (= r³·cos 3θ in polar coordinates)
/// ```
/// Unbounded below, so there is no known minimum. Standard start (1, 0.001): on the ridge
/// θ = 0, offset by 10⁻³ across it, so an optimizer slides towards the flat origin (where the
/// gradient vanishes to second order) and must escape into one of the three valleys
/// θ = ±60°, 180°. Exactly on the ridge, gradient descent would stall at the origin.
///
/// A third-order saddle in the sense of Anandkumar & Ge 2016, "Efficient approaches for
/// escaping higher order saddle points in non-convex optimization".
public struct MonkeySaddle: AnalyticFunction {
    public static let name = "monkey_saddle"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [1, 1e-3] }

    public var knownMinimum: KnownMinimum? { nil }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let u = x[0], v = x[1]
        gradient[0] = 3 * (u * u - v * v)
        gradient[1] = -6 * u * v
        return u * (u * u - 3 * v * v)
    }
}
