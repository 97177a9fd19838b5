/// One comparison of `optbench check`: a metric of one problem instance × optimizer instance,
/// its baseline value, its value now, the allowed deviation, and the verdict.
public struct CheckFinding: Sendable, Hashable {
    /// What is compared, in the order the table lists an entry's comparisons.
    public enum Metric: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Whether the entry exists on both sides.
        case entry
        /// Which seeds ran, and which completed their budget: a seed that completed in the
        /// baseline and now diverges (or fails) is a regression, with no tolerance.
        case status
        /// Median final loss over the completed seeds (lower is better).
        case finalLoss = "final_loss"
        /// Median best loss over the completed seeds (lower is better).
        case bestLoss = "best_loss"
        /// Seeds that reached the target / seeds (higher is better).
        case successRate = "success_rate"
        /// Median steps-to-target among the seeds that reached it (lower is better).
        case stepsToTarget = "steps_to_target"

        public static func < (a: Metric, b: Metric) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public enum Verdict: String, Sendable, Hashable {
        /// Worse than the baseline by more than the tolerance (or a seed no longer completes).
        case regression
        /// A baseline entry (or seed) the results do not have.
        case missing
        /// An entry (or seed) of the results the baseline does not have.
        case new
        /// Better than the baseline by more than the tolerance: refresh the baseline.
        case improvement
        /// Within the tolerance.
        case ok
    }

    /// A value as the table shows it.
    public enum Value: Sendable, Hashable {
        case number(Double)
        /// `count` of `total` seeds (reached the target, completed).
        case fraction(Int, of: Int)
        /// Not there: no seed has the value, or the entry is missing.
        case absent

        /// The number compared (a fraction as a rate).
        public var number: Double? {
            switch self {
            case .number(let x): x
            case .fraction(let count, let total): total == 0 ? 0 : Double(count) / Double(total)
            case .absent: nil
            }
        }
    }

    public var problem: String
    public var optimizer: String
    public var metric: Metric
    public var baseline: Value
    public var now: Value
    /// The largest move that holds (nil where none is allowed: entry and status).
    public var allowed: Double?
    public var verdict: Verdict
    /// Whether this finding makes the check fail (exit status 1): regressions always; missing
    /// and new entries unless the check allows them.
    public var fails: Bool
    /// One line: why, and what to do.
    public var note: String

    /// Whether the value now equals the baseline's bit for bit (a same-platform rerun).
    public var isIdentical: Bool {
        switch (baseline, now) {
        case (.number(let a), .number(let b)): a.bitPattern == b.bitPattern
        default: baseline == now && baseline != .absent
        }
    }

    /// The order of the report: failures first, then improvements, then allowed missing or
    /// new entries, then what holds; within each, by problem, optimizer and metric.
    var rank: Int {
        if fails { return 0 }
        switch verdict {
        case .regression: return 0
        case .improvement: return 1
        case .missing, .new: return 2
        case .ok: return 3
        }
    }

    static func reportOrder(_ a: CheckFinding, _ b: CheckFinding) -> Bool {
        (a.rank, a.problem, a.optimizer, a.metric) < (b.rank, b.problem, b.optimizer, b.metric)
    }
}
