/// Any problem with additive Gaussian noise on its gradient, drawn from the run's noise
/// stream: g̃ = ∇f(x) + σ·ξ, ξ ~ N(0, I). The reported loss stays the noiseless f(x).
public struct GradientNoiseProblem: Problem {
    public let base: any Problem
    /// σ > 0.
    public let standardDeviation: Double

    public init(base: any Problem, standardDeviation: Double) {
        self.base = base
        self.standardDeviation = standardDeviation
    }

    public var name: String { base.name }
    public var configuration: [ConfigEntry] { base.configuration + [ConfigEntry("noise_std", .real(standardDeviation))] }
    public var dimension: Int { base.dimension }
    public var defaultPrecision: Precision { base.defaultPrecision }
    public var defaultBudget: Budget { base.defaultBudget }

    public func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        base.initialParameters(into: x, rng: &rng)
    }

    public func makeEvaluator<T: OptScalar>(scalar: T.Type) throws(ProblemError) -> any ProblemEvaluator<T> {
        GradientNoiseEvaluator<T>(base: try base.makeEvaluator(scalar: T.self), standardDeviation: standardDeviation)
    }
}

final class GradientNoiseEvaluator<T: OptScalar>: ProblemEvaluator {
    let base: any ProblemEvaluator<T>
    let standardDeviation: Double

    init(base: any ProblemEvaluator<T>, standardDeviation: Double) {
        self.base = base
        self.standardDeviation = standardDeviation
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func lossAndGradient(at x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>, streams: inout RandomStreams) -> Double {
        let loss = base.lossAndGradient(at: x, gradient: gradient, streams: &streams)
        for i in gradient.indices {
            gradient[i] += T(standardDeviation * streams.noise.nextGaussian())
        }
        return loss
    }

    var failure: ProblemError? { base.failure }
}
