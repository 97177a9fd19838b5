/// The Goldstein–Price function, a product of two quartics with several local minima and a
/// range of values over six orders of magnitude (Goldstein & Price 1971):
///
/// ```
/// f(x, y) = [1 + (x + y + 1)²·(19 − 14x + 3x² − 14y + 6xy + 3y²)]
///         · [30 + (2x − 3y)²·(18 − 32x + 12x² + 48y − 36xy + 27y²)]
/// ```
/// Minimum 3 at (0, −1) (exactly: the first bracket is 1, the second 30 + 9·(−3)). Local
/// minima of about 30 near (−0.6, −0.4), 84 near (1.8, 0.2) and 840 near (1.2, 0.8). Standard start (0, 0),
/// where f = 600.
public struct GoldsteinPrice: AnalyticFunction {
    public static let name = "goldstein_price"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [0, 0] }

    public var knownMinimum: KnownMinimum? { KnownMinimum(value: 3, locations: [[0, -1]]) }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let u = x[0], v = x[1]
        // First bracket A = 1 + s²·p, with s = u + v + 1; ∂p/∂u = ∂p/∂v.
        let s = u + v + 1
        let p = 19 - 14 * u + 3 * u * u - 14 * v + 6 * u * v + 3 * v * v
        let dp = -14 + 6 * u + 6 * v
        let a = 1 + s * s * p
        let da = 2 * s * p + s * s * dp
        // Second bracket B = 30 + t²·q, with t = 2u − 3v.
        let t = 2 * u - 3 * v
        let q = 18 - 32 * u + 12 * u * u + 48 * v - 36 * u * v + 27 * v * v
        let b = 30 + t * t * q
        let dbdu = 4 * t * q + t * t * (-32 + 24 * u - 36 * v)
        let dbdv = -6 * t * q + t * t * (48 - 36 * u + 54 * v)
        gradient[0] = da * b + a * dbdu
        gradient[1] = da * b + a * dbdv
        return a * b
    }
}
