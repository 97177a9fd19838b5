import OptBench

/// The attributes of one stored run: its identity, configuration and outcome.
public struct RunSummary: Sendable, Hashable {
    /// Position in the suite's grid order (the `NNNNNN` of `/runs/NNNNNN`).
    public var index: Int
    public var id: RunID
    /// Catalog names.
    public var problem: String
    public var optimizer: String
    /// JSON of the problem's settings and of every optimizer hyperparameter.
    public var problemConfig: String
    public var optimizerConfig: String
    public var seed: UInt64
    public var status: RunStatus
    public var message: String
    /// Updates applied.
    public var steps: Int
    public var finalLoss: Double
    public var bestLoss: Double
    /// nil when the target was not reached or none was set (−1 in the file).
    public var stepsToTarget: Int?
    public var wallTime: Double
    /// The resume key: a hash of everything that determines the run's results.
    public var configHash: String
    public var precision: Precision
    /// The budget in updates.
    public var budgetSteps: Int
    public var logEvery: Int
    /// The target loss, or nil.
    public var target: Double?
}

/// A complete stored run: summary and trajectory.
public struct StoredRun: Sendable {
    public var summary: RunSummary
    public var trajectory: Trajectory
}

extension StoredRun {
    /// The stored form of a finished run.
    public init(_ result: RunResult) {
        let spec = result.spec
        summary = RunSummary(
            index: spec.index, id: spec.id, problem: spec.problem.name, optimizer: spec.optimizer.name,
            problemConfig: spec.problemConfigJSON, optimizerConfig: spec.optimizerConfigJSON, seed: spec.seed,
            status: result.status, message: result.message, steps: result.steps, finalLoss: result.finalLoss,
            bestLoss: result.bestLoss, stepsToTarget: result.stepsToTarget, wallTime: result.wallTime,
            configHash: spec.configHash, precision: spec.precision, budgetSteps: spec.totalSteps,
            logEvery: spec.logEvery, target: spec.target)
        trajectory = result.trajectory
    }
}
