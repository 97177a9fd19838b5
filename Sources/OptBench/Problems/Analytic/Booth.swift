/// Booth's function, a convex quadratic with a tilted valley (as listed by Jamil & Yang 2013,
/// "A literature survey of benchmark functions for global optimization problems"):
///
/// ```
/// f(x, y) = (x + 2y − 7)² + (2x + y − 5)²
/// ```
/// Minimum 0 at (1, 3). Standard start (0, 0).
public struct Booth: AnalyticFunction {
    public static let name = "booth"
    public let dimension = 2

    public init() {}

    public var standardStart: [Double] { [0, 0] }

    public var knownMinimum: KnownMinimum? { KnownMinimum(value: 0, locations: [[1, 3]]) }

    public var configuration: [ConfigEntry] { [] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let a = x[0] + 2 * x[1] - 7
        let b = 2 * x[0] + x[1] - 5
        gradient[0] = 2 * a + 4 * b
        gradient[1] = 4 * a + 2 * b
        return a * a + b * b
    }
}
