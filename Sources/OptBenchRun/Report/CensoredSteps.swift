/// Steps-to-target across seeds, treated as a censored quantity: a run that never reached the
/// target contributes "not reached", never its budget.
///
/// ```
/// reached = #{runs with steps_to_target ≥ 0}
/// median  = median of steps_to_target over those runs only (nil when none reached)
/// ```
/// A run that reached the target and diverged later still reached it.
public struct CensoredSteps: Sendable, Hashable, Codable {
    /// Runs that reached the target.
    public var reached: Int
    /// Runs in the sample.
    public var runs: Int
    /// Median steps among the runs that reached the target.
    public var median: Double?
    /// Whether the runs had a target at all.
    public var hasTarget: Bool

    public init(reached: Int, runs: Int, median: Double?, hasTarget: Bool) {
        self.reached = reached
        self.runs = runs
        self.median = median
        self.hasTarget = hasTarget
    }

    /// The censored summary of `steps` (nil: not reached) over `steps.count` runs.
    public init(_ steps: [Int?], hasTarget: Bool) {
        let reachedSteps = steps.compactMap { $0 }.map(Double.init)
        self.init(reached: reachedSteps.count, runs: steps.count,
                  median: reachedSteps.isEmpty ? nil : Statistics.median(reachedSteps), hasTarget: hasTarget)
    }

    /// The fraction of runs that reached the target (0 for no runs).
    public var successRate: Double { runs == 0 ? 0 : Double(reached) / Double(runs) }

    /// `4 of 5 reached; median 812`, `0 of 5 reached`, or `no target`.
    public var text: String {
        guard hasTarget else { return "no target" }
        return "\(reached) of \(runs) reached" + (median.map { "; median " + ReportNumber.text($0) } ?? "")
    }
}
