/// The Styblinski–Tang function, a sum of identical double-well quartics (Styblinski & Tang
/// 1990, "Experiments in nonconvex optimization"):
///
/// ```
/// f(x) = ½·Σ_{i=1}^{N} (x_i⁴ − 16·x_i² + 5·x_i)
/// ```
/// Minimum −39.16616570377142·N at x_i = −2.903534027771177 (every coordinate), the smaller
/// root of 4x³ − 32x + 5 = 0; the other well, near x_i = 2.7468, is a local minimum in each
/// coordinate, so there are 2^N − 1 local minima. Standard start (0, …, 0), the centre of the
/// usual box [−5, 5]^N, where f = 0 and every partial derivative is 2.5.
public struct StyblinskiTang: AnalyticFunction {
    public static let name = "styblinski_tang"
    public let dimension: Int

    /// The minimizing coordinate, from the trigonometric solution of the depressed cubic
    /// x³ − 8x + 5/4 = 0, polished by one Newton step.
    public static let minimizingCoordinate: Double = {
        let p = -8.0, q = 1.25
        let x = 2 * (-p / 3).squareRoot()
            * Double.cos(Double.acos(3 * q / (2 * p) * (-3 / p).squareRoot()) / 3 - 4 * Double.pi / 3)
        return x - (x * x * x + p * x + q) / (3 * x * x + p)
    }()

    /// The minimum of one coordinate's term, ½·(x⁴ − 16x² + 5x) at ``minimizingCoordinate``.
    public static let minimumPerCoordinate: Double = {
        let x = minimizingCoordinate
        return (x * x * x * x - 16 * x * x + 5 * x) / 2
    }()

    public init(dimension: Int = 2) {
        precondition(dimension >= 1, "styblinski_tang needs at least 1 variable")
        self.dimension = dimension
    }

    public var standardStart: [Double] { Array(repeating: 0, count: dimension) }

    public var knownMinimum: KnownMinimum? {
        KnownMinimum(value: Self.minimumPerCoordinate * Double(dimension),
                     locations: [Array(repeating: Self.minimizingCoordinate, count: dimension)])
    }

    public var configuration: [ConfigEntry] { [ConfigEntry("dim", .integer(dimension))] }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        var f: T = 0
        for i in 0..<dimension {
            let v = x[i], v2 = v * v
            f += v2 * v2 - 16 * v2 + 5 * v
            gradient[i] = 2 * v2 * v - 16 * v + T(2.5)
        }
        return f / 2
    }
}
