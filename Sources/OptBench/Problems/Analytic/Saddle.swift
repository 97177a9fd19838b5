/// The hyperbolic paraboloid, the simplest strict saddle (no minimum).
///
/// ```
/// f(x, y) = x² − y²
/// ```
/// Unbounded below, so there is no known minimum; a run ends by diverging (a recorded outcome)
/// or by its budget. Standard start (1, 0.001): on the attracting x-axis, offset by 10⁻³ along
/// the escape direction y, so an optimizer first approaches the saddle at the origin and must
/// then escape along y, where gradient descent grows y by (1 + 2·lr) per step. (Exactly on the
/// x-axis plain gradient descent would converge to the saddle.)
///
/// Saddles as the obstacle for first-order methods: Dauphin et al. 2014, "Identifying and
/// attacking the saddle point problem in high-dimensional non-convex optimization".
public struct Saddle: AnalyticFunction {
    public static let name = "saddle"
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
        gradient[0] = 2 * x[0]
        gradient[1] = -2 * x[1]
        return x[0] * x[0] - x[1] * x[1]
    }
}
