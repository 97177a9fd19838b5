/// One row of the ranking across problems.
///
/// ```
/// mean rank = mean over the problems it ran on of its rank there (by median final loss)
/// wins      = problems where it ranked first
/// reached   = runs of its best configurations that reached the target / such runs
/// ```
public struct OptimizerStanding: Sendable, Hashable, Codable {
    public var optimizer: String
    public var meanRank: Double
    public var wins: Int
    public var problems: Int
    /// Over its best configurations on problems with a target.
    public var reached: Int
    public var runsWithTarget: Int
    /// Over every run of this optimizer (all configurations).
    public var statuses: StatusCounts
}
