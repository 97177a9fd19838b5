/// A convex quadratic with a chosen condition number, axis-aligned or in a seeded random
/// orthonormal basis: the model problem of first-order optimization (Nesterov 2004, §2.1).
///
/// ```
/// f(x) = ½ Σ_{i=1}^{d} λ_i·y_i²,   y = Q·x,   λ_i = condition^((i−1)/(d−1))   (λ = [1] when d = 1)
/// ∇f(x) = Qᵀ·Λ·Q·x
/// ```
/// `Q` is the identity unless `rotated`; then it is a Haar-random orthogonal matrix, the
/// (sign-fixed) Householder QR factor of a d×d standard Gaussian matrix, drawn from
/// `SplitMix64(seed: StableHash.of("quadratic-rotation|<dim>|<rotation_seed>"))` by Stewart's
/// method (see ``QuadraticRotation``). The eigenvalues λ run geometrically from 1 to
/// `condition`, so the Hessian's condition number is exactly `condition`.
///
/// Minimum 0 at the origin. Standard start (1, …, 1).
///
/// - Parameters:
///   - dimension: d ≥ 1, at most ``ProblemCatalog/maximumDimension`` (catalog `dim`, default 10);
///     at most ``maximumRotatedDimension`` when rotated.
///   - condition: κ ≥ 1, finite (catalog `condition`, default 100).
///   - rotationSeed: `nil` for the axis-aligned quadratic, else the seed (≥ 0) of `Q` (catalog
///     `rotated` and `rotation_seed`, defaults `false` and 0).
/// - Note: a rotated instance stores `Q` as d − 1 Householder reflectors (d(d + 1)/2 doubles:
///   64 MiB at d = 4096), drawn in O(d²) time when the problem is made. An evaluation applies
///   them twice (about 4·d² flops) in the gradient buffer itself (x → Q·x → Λ·Q·x → Qᵀ·Λ·Q·x),
///   so it needs no workspace and allocates nothing.
public struct Quadratic: AnalyticFunction {
    public static let name = "quadratic"
    /// The largest `dim` a rotated quadratic accepts: Q takes d(d + 1)/2 numbers and an
    /// evaluation O(d²) time.
    public static let maximumRotatedDimension = 4096

    public let dimension: Int
    /// κ = λ_max / λ_min.
    public let condition: Double
    /// The seed of `Q`, or `nil` when the quadratic is axis-aligned.
    public let rotationSeed: Int?
    /// λ_1 … λ_d, ascending.
    public let eigenvalues: [Double]
    /// `Q`, or `nil` when axis-aligned.
    let rotation: QuadraticRotation?

    /// - Throws: ``ProblemError`` naming `dim`, `condition` or `rotation_seed` when out of range,
    ///   and `dim` when a rotated instance would exceed ``maximumRotatedDimension``.
    public init(dimension: Int = 10, condition: Double = 100, rotationSeed: Int? = nil) throws(ProblemError) {
        guard dimension >= 1, dimension <= ProblemCatalog.maximumDimension else {
            throw ProblemError(key: "dim", message: "expected an integer in [1, \(ProblemCatalog.maximumDimension)], got \(dimension)")
        }
        guard condition >= 1, condition.isFinite else {
            throw ProblemError(key: "condition", message: "expected a finite number ≥ 1, got \(condition)")
        }
        if let rotationSeed {
            guard rotationSeed >= 0 else {
                throw ProblemError(key: "rotation_seed", message: "expected an integer ≥ 0, got \(rotationSeed)")
            }
            guard dimension <= Self.maximumRotatedDimension else {
                throw ProblemError(
                    key: "dim",
                    message: "a rotated quadratic stores its rotation (dim·(dim + 1)/2 numbers) and costs O(dim²) per evaluation, "
                        + "so dim must be ≤ \(Self.maximumRotatedDimension) when rotated is true, got \(dimension)")
            }
        }
        self.dimension = dimension
        self.condition = condition
        self.rotationSeed = rotationSeed
        self.eigenvalues = dimension == 1
            ? [1]
            : (0..<dimension).map { Double.pow(condition, Double($0) / Double(dimension - 1)) }
        self.rotation = rotationSeed.map { QuadraticRotation(dimension: dimension, seed: $0) }
    }

    public var standardStart: [Double] { Array(repeating: 1, count: dimension) }

    public var knownMinimum: KnownMinimum? {
        KnownMinimum(value: 0, locations: [Array(repeating: 0, count: dimension)])
    }

    public var configuration: [ConfigEntry] {
        var entries = [ConfigEntry("dim", .integer(dimension)), ConfigEntry("condition", .real(condition))]
        if let rotationSeed {
            entries.append(ConfigEntry("rotated", .flag(true)))
            entries.append(ConfigEntry("rotation_seed", .integer(rotationSeed)))
        }
        return entries
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        evaluateBody(x, gradient)
    }

    private func evaluateBody<T: OptScalar>(_ x: UnsafeBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>) -> T {
        let d = dimension
        return eigenvalues.withUnsafeBufferPointer { lambda in
            var f: T = 0
            guard let rotation else {
                for i in 0..<d {
                    let g = T(lambda[i]) * x[i]
                    gradient[i] = g
                    f += g * x[i]
                }
                return f / 2
            }
            for i in 0..<d { gradient[i] = x[i] }
            rotation.rotate(gradient)  // y = Q·x
            for i in 0..<d {
                let y = gradient[i]
                let g = T(lambda[i]) * y
                f += g * y
                gradient[i] = g
            }
            rotation.rotateBack(gradient)  // Qᵀ·Λ·y
            return f / 2
        }
    }
}
