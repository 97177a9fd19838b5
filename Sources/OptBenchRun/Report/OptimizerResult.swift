/// One optimizer on one problem: its best configuration and how that configuration did
/// across seeds.
///
/// The best configuration is the one with the lowest median final loss across seeds (ties:
/// lower 75% quantile, then the id); ``bestLossConfiguration`` is the one chosen by the
/// lowest median *best* loss instead (DeepOBS's two modes). Every loss statistic counts a
/// run that did not complete (diverged, failed, interrupted) as +∞, so it ranks last and is
/// never hidden.
public struct OptimizerResult: Sendable, Hashable, Codable {
    /// Catalog name (`adam`).
    public var optimizer: String
    /// 1-based position on this problem, by median final loss of the best configuration.
    public var rank: Int
    /// The best configuration by median final loss, with its learning rate shown
    /// (`adam(lr=0.01)`).
    public var configuration: String
    /// Its learning rate, when it has one.
    public var learningRate: Double?
    /// Final loss across seeds of ``configuration``.
    public var finalLoss: QuantileBand
    /// The best configuration by median best loss.
    public var bestLossConfiguration: String
    /// Best loss across seeds of ``bestLossConfiguration``.
    public var bestLoss: QuantileBand
    /// Steps to target of ``configuration``'s runs (censored).
    public var stepsToTarget: CensoredSteps
    /// Median wall time per run of ``configuration``, seconds.
    public var wallTime: Double
    /// Median over its runs of wall time / updates applied, seconds.
    public var secondsPerStep: Double
    /// Statuses of ``configuration``'s runs.
    public var statuses: StatusCounts
    /// Statuses of every configuration of this optimizer on this problem.
    public var allStatuses: StatusCounts
    /// Configurations tried (grid points).
    public var configurations: Int
}
