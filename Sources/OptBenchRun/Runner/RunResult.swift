/// What a run produced: its summary and its trajectory.
public struct RunResult: Sendable {
    public var spec: RunSpec
    public var status: RunStatus
    /// Why it diverged, failed or was interrupted; empty when completed.
    public var message: String
    /// Updates applied.
    public var steps: Int
    /// Loss at the last evaluated point (NaN if none was finite).
    public var finalLoss: Double
    /// Smallest finite loss seen at any step (logged or not).
    public var bestLoss: Double
    /// First number of updates after which loss ≤ target; nil if never reached or no target.
    public var stepsToTarget: Int?
    public var wallTime: Double
    public var trajectory: Trajectory
}
