/// How long a run goes by default: a number of updates, or of passes over a training set.
public enum Budget: Sendable, Hashable {
    case steps(Int)
    case epochs(Int)
}

/// An objective to minimize: a dimension, a way to pick the start, and an evaluator that
/// writes the loss gradient into a caller-owned buffer.
///
/// Conformers guarantee: `dimension` is fixed; `initialParameters` writes every element and
/// draws only from the generator it is handed; `makeEvaluator` allocates every workspace the
/// evaluator needs up front.
public protocol Problem: Sendable {
    /// The catalog name (`rosenbrock`).
    var name: String { get }
    /// The settings that identify this instance, in canonical order (used in run ids and the
    /// `problem_config` attribute). Defaults are left out, so ids stay short and canonical.
    var configuration: [ConfigEntry] { get }
    /// The number of parameters.
    var dimension: Int { get }
    /// The precision runs use unless the suite says otherwise.
    var defaultPrecision: Precision { get }
    /// The budget runs get unless the suite says otherwise.
    var defaultBudget: Budget { get }
    /// Writes the start point into `x` (of `dimension` elements).
    func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64)
    /// A per-run evaluator with its workspaces allocated.
    func makeEvaluator<T: OptScalar>(scalar: T.Type) -> any ProblemEvaluator<T>
}

extension Problem {
    /// `rosenbrock(dim=2)`: the problem's part of a run id.
    public var identity: String {
        "\(name)(\(configuration.canonicalArguments))"
    }
}

/// Computes loss and gradient for one run.
///
/// Conformers guarantee: `lossAndGradient` does not allocate, writes every element of
/// `gradient`, and is deterministic given `x` and the streams (stochastic problems draw from
/// `streams.noise` or `streams.minibatch` only).
public protocol ProblemEvaluator<Scalar>: AnyObject {
    associatedtype Scalar: OptScalar
    /// The loss at `x` (for stochastic problems, the sampled loss), with its gradient written
    /// to `gradient`.
    func lossAndGradient(at x: UnsafeBufferPointer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>, streams: inout RandomStreams) -> Double
}
