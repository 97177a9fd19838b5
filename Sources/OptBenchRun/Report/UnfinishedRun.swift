/// A run that did not complete its budget (diverged, failed or interrupted), listed as stored.
public struct UnfinishedRun: Sendable, Hashable, Codable {
    /// Its index in the results file (`/runs/NNNNNN`).
    public var index: Int
    public var runID: String
    public var problem: String
    public var optimizer: String
    public var status: RunStatus
    public var message: String
    /// Updates applied before it stopped.
    public var steps: Int
    public var budgetSteps: Int

    public init(_ summary: RunSummary) {
        index = summary.index
        runID = summary.id.text
        problem = summary.id.problem
        optimizer = summary.id.optimizer
        status = summary.status
        message = summary.message
        steps = summary.steps
        budgetSteps = summary.budgetSteps
    }
}
