/// The six-hump camel-back function: two global and four local minima (Dixon & Szegő 1978,
/// "The global optimization problem: an introduction"):
///
/// ```
/// f(x, y) = (4 − 2.1·x² + x⁴/3)·x² + x·y + (−4 + 4·y²)·y²
/// ```
/// Minimum −1.031628453489877 at ±(0.08984201310031806, −0.7126564030207396) (Newton's method
/// to 40 digits, rounded to double; the often-quoted 0.0898420131 agrees). Standard start
/// (1, 1), where f = 97/30. (The origin, often drawn as the centre of the search box, is a
/// saddle point with zero gradient, so it cannot serve as a start.)
public struct SixHumpCamel: AnalyticFunction {
    public static let name = "six_hump_camel"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [1, 1] }

    public var knownMinimum: KnownMinimum? {
        KnownMinimum(value: -1.031628453489877350, locations: [
            [0.08984201310031806242, -0.7126564030207396334],
            [-0.08984201310031806242, 0.7126564030207396334],
        ])
    }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let u = x[0], v = x[1]
        let u2 = u * u, v2 = v * v
        gradient[0] = u * (8 - T(8.4) * u2 + 2 * u2 * u2) + v
        gradient[1] = u + v * (16 * v2 - 8)
        return (4 - T(2.1) * u2 + u2 * u2 / 3) * u2 + u * v + (4 * v2 - 4) * v2
    }
}
