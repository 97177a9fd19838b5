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
/// evaluator needs up front, or throws when it cannot (the run then fails, the suite goes on).
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
    /// - Throws: ``ProblemError`` (one line) when this run's evaluator cannot be set up, e.g.
    ///   its workspaces do not fit in memory; the runner records the run as `failed`.
    func makeEvaluator<T: OptScalar>(scalar: T.Type) throws(ProblemError) -> any ProblemEvaluator<T>
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
///
/// An evaluation that fails (the problem's own error, not the optimizer's) returns NaN and
/// sets ``failure``. The runner reads `failure` only when a loss is not finite, which it checks
/// anyway for divergence, so failing costs the run loop nothing per step. (A `throws` on
/// `lossAndGradient` measured +10 instructions per step of a 2-D Adam run, 1373 → 1383, with
/// cachegrind: a witness thunk, clearing the error register, and a check after each call.)
public protocol ProblemEvaluator<Scalar>: AnyObject {
    associatedtype Scalar: OptScalar
    /// The loss at `x` (for stochastic problems, the sampled loss), with its gradient written
    /// to `gradient`.
    func lossAndGradient(at x: UnsafeBufferPointer<Scalar>, gradient: UnsafeMutableBufferPointer<Scalar>, streams: inout RandomStreams) -> Double

    /// Why the last ``lossAndGradient(at:gradient:streams:)`` could not evaluate, set together
    /// with a NaN loss; nil while evaluations succeed. A run that sees it stops with status
    /// `failed` and this message, instead of `diverged`.
    var failure: ProblemError? { get }
}

extension ProblemEvaluator {
    /// Evaluators that cannot fail have no failure.
    public var failure: ProblemError? { nil }
}
