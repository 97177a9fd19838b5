/// The noisy quadratic model (NQM) of Zhang et al. 2019: a diagonal quadratic whose stochastic
/// gradient has the noise of a minibatch of size `b`, with covariance proportional to the
/// curvature.
///
/// ```
/// h_i = 1/i                                   (i = 1…d)
/// f(x) = ½ Σ_{i=1}^{d} h_i·x_i²               (reported loss: exact, noise-free)
/// g_i  = h_i·x_i + sqrt(h_i / b)·ξ_i,   ξ ~ N(0, I) from `streams.noise`
/// E[g] = H·x,   Cov[g] = H / b
/// ```
/// Minimum 0 at the origin. Standard start (1, …, 1) (our choice; the paper does not fix one).
///
/// Follows Zhang, Li, Nado, Martens, Sachdeva, Dahl, Shallue & Grosse 2019, "Which algorithmic
/// choices matter at which batch sizes? Insights from a noisy quadratic model" (NeurIPS):
/// H = diag(1/i), gradient-noise covariance C = H, divided by the batch size.
///
/// - Parameters:
///   - dimension: d ≥ 1 (catalog `dim`, default 100).
///   - batchSize: b ≥ 1 (catalog `batch_size`, default 1).
/// - Note: every evaluation draws exactly d Gaussians (2d words) from `streams.noise`, in
///   coordinate order, so the draws depend only on the run's noise stream and its step count.
public struct NoisyQuadraticModel: Problem {
    public static let name = "noisy_quadratic"

    public let dimension: Int
    public let batchSize: Int
    /// The standard start (1, …, 1) unless given, optionally jittered per seed.
    public let start: StartPoint

    /// - Throws: ``ProblemError`` naming `dim`, `batch_size`, `start` or `start_jitter`.
    public init(dimension: Int = 100, batchSize: Int = 1, start: [Double]? = nil, startJitter: Double = 0) throws(ProblemError) {
        guard dimension >= 1, dimension <= ProblemCatalog.maximumDimension else {
            throw ProblemError(key: "dim", message: "expected an integer in [1, \(ProblemCatalog.maximumDimension)], got \(dimension)")
        }
        guard batchSize >= 1 else {
            throw ProblemError(key: "batch_size", message: "expected an integer ≥ 1, got \(batchSize)")
        }
        self.dimension = dimension
        self.batchSize = batchSize
        self.start = try StartPoint(standard: Array(repeating: 1, count: dimension), custom: start, jitter: startJitter)
    }

    public var name: String { Self.name }
    public var defaultPrecision: Precision { .float64 }
    public var defaultBudget: Budget { .steps(1000) }

    public var configuration: [ConfigEntry] {
        [ConfigEntry("dim", .integer(dimension)), ConfigEntry("batch_size", .integer(batchSize))] + start.configuration
    }

    /// (1, …, 1).
    public var standardStart: [Double] { Array(repeating: 1, count: dimension) }

    /// 0 at the origin.
    public var knownMinimum: KnownMinimum {
        KnownMinimum(value: 0, locations: [Array(repeating: 0, count: dimension)])
    }

    public func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        start.write(into: x, rng: &rng)
    }

    public func makeEvaluator<T: OptScalar>(scalar: T.Type) -> any ProblemEvaluator<T> {
        NoisyQuadraticEvaluator<T>(batchSize: Double(batchSize))
    }
}

final class NoisyQuadraticEvaluator<T: OptScalar>: ProblemEvaluator {
    let batchSize: Double

    init(batchSize: Double) {
        self.batchSize = batchSize
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func lossAndGradient(at x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>, streams: inout RandomStreams) -> Double {
        var f: T = 0
        for i in x.indices {
            let h = 1 / Double(i + 1)
            let hx = T(h) * x[i]
            f += hx * x[i]
            gradient[i] = hx + T((h / batchSize).squareRoot() * streams.noise.nextGaussian())
        }
        return Double(f / 2)
    }
}
