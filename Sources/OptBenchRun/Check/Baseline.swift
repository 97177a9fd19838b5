import Foundation
import OptBench

/// The convergence statistics of one results file that later results are checked against
/// (`optbench baseline`, `optbench check`; **contract**: `Results/baselines/*.json`).
///
/// One entry per problem instance × optimizer instance (the run id without the seed), with the
/// statistics across its seeds — median and median absolute deviation of the final and the
/// best loss, the success rate to the target and the median steps-to-target among the seeds
/// that reached it — plus each seed's own values and status, and the tolerance that applies.
/// The file also keeps the suite text, the tolerance rules and the provenance of the results.
///
/// Written as pretty-printed JSON with sorted keys, entries sorted by problem then optimizer,
/// the suite as a list of lines, and every key present (`null` when a value does not exist),
/// so a refreshed baseline diffs line by line. Numbers are written in shortest round-trip form,
/// so a value read back is the value written, bit for bit.
public struct Baseline: Sendable, Hashable, Codable {
    /// The version of this file's layout. Readers refuse a newer one.
    public var format: Int
    /// Always ``kindName``: tells a baseline from other JSON.
    public var kind: String
    public var suiteName: String
    /// The suite's YAML text, line by line (without line ends).
    public var suite: [String]
    /// The rules the entries' tolerances were resolved with, in order (the suite's `check:`
    /// section, then the command line's).
    public var toleranceRules: [ToleranceRule]
    public var provenance: BaselineProvenance
    public var entries: [BaselineEntry]

    /// The layout version this optbench writes and reads.
    public static let formatVersion = 1
    public static let kindName = "optbench baseline"

    /// The suite text (lines joined with line feeds).
    public var suiteText: String { suite.joined(separator: "\n") }

    enum CodingKeys: String, CodingKey {
        case format, kind
        case suiteName = "suite_name"
        case suite
        case toleranceRules = "tolerance_rules"
        case provenance, entries
    }
}

/// Where the results of a baseline came from.
public struct BaselineProvenance: Sendable, Hashable, Codable {
    /// The results file as named on the command line.
    public var results: String
    public var optbenchVersion: String
    /// When the results were written (ISO 8601).
    public var created: String
    public var gitCommit: String
    public var host: String
    public var os: String
    public var swiftVersion: String
    /// The command that wrote the results.
    public var command: String

    enum CodingKeys: String, CodingKey {
        case results
        case optbenchVersion = "optbench_version"
        case created
        case gitCommit = "git_commit"
        case host, os
        case swiftVersion = "swift_version"
        case command
    }
}

/// The statistics of one problem instance × optimizer instance across its seeds.
public struct BaselineEntry: Sendable, Hashable, Codable {
    /// Run-id parts: `rosenbrock(dim=2)`, `adam(lr=0.01)`.
    public var problem: String
    public var optimizer: String
    /// The loss threshold of steps-to-target, or nil when the suite set none (then neither the
    /// success rate nor steps-to-target is compared).
    public var target: Double?
    /// Budget in updates.
    public var budgetSteps: Int
    /// Final loss over the seeds that completed.
    public var finalLoss: SeedStatistic
    /// Best loss over the seeds that completed.
    public var bestLoss: SeedStatistic
    /// Steps-to-target over the seeds that reached the target; nil without a target.
    public var stepsToTarget: SeedStatistic?
    /// Seeds that reached the target; nil without a target.
    public var reached: Int?
    /// The tolerance for this entry's metrics, resolved from ``Baseline/toleranceRules``.
    public var tolerance: Tolerance
    /// Every seed, ascending.
    public var runs: [BaselineRun]

    /// reached / seeds; nil without a target.
    public var successRate: Double? {
        reached.map { runs.isEmpty ? 0 : Double($0) / Double(runs.count) }
    }

    /// Seeds that completed their budget.
    public var completed: Int { runs.filter { $0.status == .completed }.count }

    enum CodingKeys: String, CodingKey {
        case problem, optimizer, target
        case budgetSteps = "budget_steps"
        case finalLoss = "final_loss"
        case bestLoss = "best_loss"
        case stepsToTarget = "steps_to_target"
        case reached, tolerance, runs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(problem, forKey: .problem)
        try container.encode(optimizer, forKey: .optimizer)
        try container.encode(target, forKey: .target)
        try container.encode(budgetSteps, forKey: .budgetSteps)
        try container.encode(finalLoss, forKey: .finalLoss)
        try container.encode(bestLoss, forKey: .bestLoss)
        try container.encode(stepsToTarget, forKey: .stepsToTarget)
        try container.encode(reached, forKey: .reached)
        try container.encode(tolerance, forKey: .tolerance)
        try container.encode(runs, forKey: .runs)
    }
}

/// Median and median absolute deviation of a statistic across seeds, over the `count` seeds
/// that have a value; both nil when none has.
public struct SeedStatistic: Sendable, Hashable, Codable {
    public var median: Double?
    public var mad: Double?
    public var count: Int

    public init(median: Double?, mad: Double?, count: Int) {
        self.median = median
        self.mad = mad
        self.count = count
    }

    /// The statistic of `values` (non-finite values are left out).
    public init(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else {
            self.init(median: nil, mad: nil, count: 0)
            return
        }
        let median = Statistics.median(finite)
        self.init(median: median, mad: Statistics.median(finite.map { Swift.abs($0 - median) }), count: finite.count)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(median, forKey: .median)
        try container.encode(mad, forKey: .mad)
        try container.encode(count, forKey: .count)
    }
}

/// One seed of an entry: its outcome as stored in the results.
public struct BaselineRun: Sendable, Hashable, Codable {
    public var seed: UInt64
    public var status: RunStatus
    /// Why the run diverged or failed (empty when it completed).
    public var message: String
    /// Updates applied.
    public var steps: Int
    /// nil when not finite.
    public var finalLoss: Double?
    public var bestLoss: Double?
    /// nil when the target was not reached (or none was set).
    public var stepsToTarget: Int?

    enum CodingKeys: String, CodingKey {
        case seed, status, message, steps
        case finalLoss = "final_loss"
        case bestLoss = "best_loss"
        case stepsToTarget = "steps_to_target"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seed, forKey: .seed)
        try container.encode(status, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encode(steps, forKey: .steps)
        try container.encode(finalLoss, forKey: .finalLoss)
        try container.encode(bestLoss, forKey: .bestLoss)
        try container.encode(stepsToTarget, forKey: .stepsToTarget)
    }
}

extension BaselineEntry {
    /// The entry of `runs`, all of one problem instance × optimizer instance.
    public init(runs summaries: [RunSummary], tolerance: Tolerance) {
        let sorted = summaries.sorted { $0.seed < $1.seed }
        let first = sorted.first
        problem = first?.id.problem ?? ""
        optimizer = first?.id.optimizer ?? ""
        target = first?.target
        budgetSteps = first?.budgetSteps ?? 0
        let completed = sorted.filter { $0.status == .completed }
        finalLoss = SeedStatistic(completed.map(\.finalLoss))
        bestLoss = SeedStatistic(completed.map(\.bestLoss))
        if target != nil {
            let steps = sorted.compactMap(\.stepsToTarget)
            stepsToTarget = SeedStatistic(steps.map(Double.init))
            reached = steps.count
        } else {
            stepsToTarget = nil
            reached = nil
        }
        self.tolerance = tolerance
        runs = sorted.map { summary in
            BaselineRun(
                seed: summary.seed, status: summary.status, message: summary.message, steps: summary.steps,
                finalLoss: summary.finalLoss.isFinite ? summary.finalLoss : nil,
                bestLoss: summary.bestLoss.isFinite ? summary.bestLoss : nil, stepsToTarget: summary.stepsToTarget)
        }
    }

    /// Groups summaries into entries by problem and optimizer instance, sorted by problem then
    /// optimizer; each entry's tolerance comes from `rules`.
    public static func entries(of summaries: [RunSummary], rules: [ToleranceRule]) -> [BaselineEntry] {
        var groups: [EntryKey: [RunSummary]] = [:]
        for summary in summaries { groups[EntryKey(summary.id), default: []].append(summary) }
        return groups.keys.sorted().map { key in
            BaselineEntry(runs: groups[key]!, tolerance: ToleranceRule.resolve(rules, problem: key.problem, optimizer: key.optimizer))
        }
    }

    var key: EntryKey { EntryKey(problem: problem, optimizer: optimizer) }
}

/// The identity of an entry: problem instance and optimizer instance.
struct EntryKey: Hashable, Comparable {
    var problem: String
    var optimizer: String

    init(problem: String, optimizer: String) {
        self.problem = problem
        self.optimizer = optimizer
    }

    init(_ id: RunID) {
        self.init(problem: id.problem, optimizer: id.optimizer)
    }

    static func < (a: EntryKey, b: EntryKey) -> Bool {
        (a.problem, a.optimizer) < (b.problem, b.optimizer)
    }
}
