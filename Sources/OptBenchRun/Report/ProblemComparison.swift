/// Everything the report says about one problem instance.
public struct ProblemComparison: Sendable, Hashable, Codable {
    /// The problem instance, as in the run ids (`rosenbrock(dim=2,start_jitter=0.1)`).
    public var problem: String
    /// Catalog name (`rosenbrock`).
    public var name: String
    /// `analytic`, `stochastic`, `network`, or `unknown` for a name the catalog lacks.
    public var family: String
    /// The budget in updates (the largest among its runs).
    public var budgetSteps: Int
    public var target: Double?
    /// Most seeds of any configuration.
    public var seeds: Int
    public var statuses: StatusCounts
    /// What "final loss" and "best loss" mean on this problem, in words: the logged loss, or
    /// for network problems the full-training-set evaluation.
    public var lossMeasure: String
    /// One per optimizer, best first.
    public var results: [OptimizerResult]
    /// Whether loss axes are logarithmic (every plotted value positive and spanning at least
    /// a decade).
    public var logarithmicLoss: Bool
    /// Loss against updates: one curve per optimizer's best configuration.
    public var lossCurves: [Curve]
    public var sensitivity: [SensitivityCurve]
    /// nil with one optimizer.
    public var significance: SignificanceTest?
    /// 2-D analytic problems.
    public var contour: ContourPlot?
    /// Network problems.
    public var training: TrainingCurves?
}
