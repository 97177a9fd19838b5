/// Beale's function, a narrow curved valley with flat plateaus (Beale 1958; problem 5 of
/// Moré, Garbow & Hillstrom 1981):
///
/// ```
/// f(x, y) = (1.5 − x + x·y)² + (2.25 − x + x·y²)² + (2.625 − x + x·y³)²
/// ```
/// Minimum 0 at (3, 0.5). Standard start (1, 1), Moré, Garbow & Hillstrom's.
public struct Beale: AnalyticFunction {
    public static let name = "beale"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [1, 1] }

    public var knownMinimum: KnownMinimum? { KnownMinimum(value: 0, locations: [[3, 0.5]]) }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let u = x[0], v = x[1]
        let v2 = v * v, v3 = v2 * v
        let a1 = T(1.5) - u + u * v
        let a2 = T(2.25) - u + u * v2
        let a3 = T(2.625) - u + u * v3
        gradient[0] = 2 * (a1 * (v - 1) + a2 * (v2 - 1) + a3 * (v3 - 1))
        gradient[1] = 2 * u * (a1 + 2 * a2 * v + 3 * a3 * v2)
        return a1 * a1 + a2 * a2 + a3 * a3
    }
}
