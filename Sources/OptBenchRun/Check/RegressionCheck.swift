/// Compares the statistics of results with a ``Baseline``: one ``CheckFinding`` per metric of
/// every problem instance × optimizer instance, plus one for every entry only one side has.
///
/// Entries are matched by problem instance and optimizer instance (the run id without the
/// seed). A suite whose settings changed — a different learning rate, say — therefore has
/// entries the baseline lacks and lacks entries the baseline has: both are findings that fail
/// the check unless ``allowNew``/``allowMissing`` say otherwise, never silent passes.
///
/// Per entry (see ``CheckFinding/Metric``):
/// - `status`: a seed that completed in the baseline and now diverges, fails or is
///   interrupted is a regression (no tolerance); the reverse is an improvement; seeds on one
///   side only are missing or new.
/// - `final_loss`, `best_loss` (medians over completed seeds), `success_rate` (when a target
///   is set) and `steps_to_target` (median among the seeds that reached the target: the
///   censored quantity is never averaged with the budget): compared with the entry's
///   ``Tolerance``, after the command-line ``rules``.
public struct RegressionCheck: Sendable {
    /// Rules applied on top of each entry's stored tolerance (the command line's).
    public var rules: [ToleranceRule]
    /// Baseline entries or seeds absent from the results do not fail the check.
    public var allowMissing: Bool
    /// Entries or seeds of the results absent from the baseline do not fail the check.
    public var allowNew: Bool

    public init(rules: [ToleranceRule] = [], allowMissing: Bool = false, allowNew: Bool = false) {
        self.rules = rules
        self.allowMissing = allowMissing
        self.allowNew = allowNew
    }

    /// Every comparison, in report order (failures first).
    public func findings(results: [RunSummary], baseline: Baseline) -> [CheckFinding] {
        let current = BaselineEntry.entries(of: results, rules: [])
        let currentByKey = Dictionary(uniqueKeysWithValues: current.map { ($0.key, $0) })
        let baselineKeys = Set(baseline.entries.map(\.key))
        let missing = baseline.entries.filter { currentByKey[$0.key] == nil }
        let added = current.filter { !baselineKeys.contains($0.key) }
        var findings: [CheckFinding] = []
        for entry in baseline.entries {
            let tolerance = ToleranceRule.resolve(rules, problem: entry.problem, optimizer: entry.optimizer, from: entry.tolerance)
            if let now = currentByKey[entry.key] {
                findings += compare(entry, now, tolerance: tolerance)
            } else {
                let alternatives = Self.sameKind(as: entry, in: added)
                findings.append(CheckFinding(
                    problem: entry.problem, optimizer: entry.optimizer, metric: .entry,
                    baseline: .fraction(entry.runs.count, of: entry.runs.count), now: .absent, allowed: nil,
                    verdict: .missing, fails: !allowMissing,
                    note: "in the baseline, not in the results" + Self.hint(alternatives, side: "the results have")))
            }
        }
        for entry in added {
            let alternatives = Self.sameKind(as: entry, in: missing)
            findings.append(CheckFinding(
                problem: entry.problem, optimizer: entry.optimizer, metric: .entry,
                baseline: .absent, now: .fraction(entry.runs.count, of: entry.runs.count), allowed: nil,
                verdict: .new, fails: !allowNew,
                note: "in the results, not in the baseline" + Self.hint(alternatives, side: "the baseline has")))
        }
        return findings.sorted(by: CheckFinding.reportOrder)
    }

    /// Entries of `entries` on the same problem instance with the same optimizer (another
    /// configuration of it): the likely counterpart of a changed suite.
    static func sameKind(as entry: BaselineEntry, in entries: [BaselineEntry]) -> [String] {
        let name = String(entry.optimizer.prefix { $0 != "(" })
        return entries.filter { $0.problem == entry.problem && $0.optimizer.prefix { $0 != "(" } == name }.map(\.optimizer)
    }

    static func hint(_ alternatives: [String], side: String) -> String {
        guard !alternatives.isEmpty else { return "" }
        return "; \(side) \(alternatives.joined(separator: ", ")) on this problem instead: "
            + "the suite changed, so refresh the baseline (optbench baseline RESULTS.h5 -o BASELINE --force)"
    }

    /// The comparisons of one entry present on both sides.
    func compare(_ baseline: BaselineEntry, _ now: BaselineEntry, tolerance: Tolerance) -> [CheckFinding] {
        var findings = [statusFinding(baseline, now)]
        func add(_ metric: CheckFinding.Metric, _ old: SeedStatistic, _ new: SeedStatistic) {
            if let finding = Self.compare(metric, problem: baseline.problem, optimizer: baseline.optimizer,
                                          baseline: old.median.map(CheckFinding.Value.number) ?? .absent, spread: old.mad ?? 0,
                                          now: new.median.map(CheckFinding.Value.number) ?? .absent,
                                          lowerIsBetter: true, tolerance: tolerance) {
                findings.append(finding)
            }
        }
        add(.finalLoss, baseline.finalLoss, now.finalLoss)
        add(.bestLoss, baseline.bestLoss, now.bestLoss)
        if baseline.target != now.target {
            findings.append(CheckFinding(
                problem: baseline.problem, optimizer: baseline.optimizer, metric: .successRate,
                baseline: baseline.reached.map { .fraction($0, of: baseline.runs.count) } ?? .absent,
                now: now.reached.map { .fraction($0, of: now.runs.count) } ?? .absent, allowed: nil, verdict: .regression, fails: true,
                note: "the target changed from \(baseline.target.map(CheckFormat.number) ?? "none") to \(now.target.map(CheckFormat.number) ?? "none"): "
                    + "the rates are not comparable; refresh the baseline"))
        } else if let reached = baseline.reached, let reachedNow = now.reached {
            if let finding = Self.compare(.successRate, problem: baseline.problem, optimizer: baseline.optimizer,
                                          baseline: .fraction(reached, of: baseline.runs.count), spread: 0,
                                          now: .fraction(reachedNow, of: now.runs.count), lowerIsBetter: false, tolerance: tolerance) {
                findings.append(finding)
            }
            if let old = baseline.stepsToTarget, let new = now.stepsToTarget {
                add(.stepsToTarget, old, new)
            }
        }
        return findings
    }

    /// Seeds: which exist on each side, and which completed.
    func statusFinding(_ baseline: BaselineEntry, _ now: BaselineEntry) -> CheckFinding {
        let before = Dictionary(uniqueKeysWithValues: baseline.runs.map { ($0.seed, $0) })
        let after = Dictionary(uniqueKeysWithValues: now.runs.map { ($0.seed, $0) })
        let missingSeeds = baseline.runs.map(\.seed).filter { after[$0] == nil }
        let newSeeds = now.runs.map(\.seed).filter { before[$0] == nil }
        let broken = now.runs.filter { run in run.status != .completed && before[run.seed]?.status == .completed }
        let fixed = now.runs.filter { run in run.status == .completed && before[run.seed].map { $0.status != .completed } == true }
        var parts: [String] = []
        for run in broken {
            parts.append("seed \(run.seed) \(run.status.rawValue)" + (run.message.isEmpty ? "" : " (\(run.message))") + " but completed in the baseline")
        }
        if !missingSeeds.isEmpty { parts.append("seed\(missingSeeds.count == 1 ? "" : "s") \(Self.list(missingSeeds)) of the baseline not in the results") }
        if !newSeeds.isEmpty { parts.append("seed\(newSeeds.count == 1 ? "" : "s") \(Self.list(newSeeds)) not in the baseline") }
        for run in fixed {
            parts.append("seed \(run.seed) completes now but \(before[run.seed]!.status.rawValue) in the baseline")
        }
        let verdict: CheckFinding.Verdict
        let fails: Bool
        if !broken.isEmpty {
            (verdict, fails) = (.regression, true)
        } else if !missingSeeds.isEmpty {
            (verdict, fails) = (.missing, !allowMissing || !newSeeds.isEmpty && !allowNew)
        } else if !newSeeds.isEmpty {
            (verdict, fails) = (.new, !allowNew)
        } else if !fixed.isEmpty {
            (verdict, fails) = (.improvement, false)
        } else {
            (verdict, fails) = (.ok, false)
        }
        if verdict == .improvement { parts.append(Self.refresh) }
        return CheckFinding(
            problem: baseline.problem, optimizer: baseline.optimizer, metric: .status,
            baseline: .fraction(baseline.completed, of: baseline.runs.count), now: .fraction(now.completed, of: now.runs.count),
            allowed: nil, verdict: verdict, fails: fails, note: parts.joined(separator: "; "))
    }

    static let refresh = "better than the baseline beyond the tolerance: if the change is intended, refresh the baseline"

    /// A numeric comparison with the two-tolerance rule; nil when neither side has a value.
    static func compare(_ metric: CheckFinding.Metric, problem: String, optimizer: String, baseline: CheckFinding.Value, spread: Double,
                        now: CheckFinding.Value, lowerIsBetter: Bool, tolerance: Tolerance) -> CheckFinding? {
        let name = metric.rawValue
        func finding(_ allowed: Double?, _ verdict: CheckFinding.Verdict, _ note: String) -> CheckFinding {
            CheckFinding(problem: problem, optimizer: optimizer, metric: metric, baseline: baseline, now: now, allowed: allowed,
                         verdict: verdict, fails: verdict == .regression, note: note)
        }
        switch (baseline.number, now.number) {
        case (nil, nil):
            return nil
        case (nil, .some):
            return finding(nil, .improvement, "\(name) exists now (no seed had one in the baseline); " + refresh)
        case (.some, nil):
            return finding(nil, .regression, "no seed has a \(name) now (the baseline's is \(CheckFormat.value(baseline)))")
        case (.some(let old), .some(let new)):
            let allowed = tolerance.allowedDeviation(center: old, spread: spread)
            let worse = lowerIsBetter ? new - old : old - new
            // Success rates are ratios of seed counts, not stored values: 1 − 19/20 is
            // 0.05000000000000004 in binary. For them, differences within a few ulps count as
            // equal, so "exactly the allowed deviation holds" does not depend on rounding.
            // Losses and steps are compared exactly (one ulp beyond the allowance regresses).
            let slack = metric == .successRate ? 4 * Swift.max(Swift.abs(old), Swift.abs(new), allowed).ulp : 0
            if worse - allowed > slack {
                return finding(allowed, .regression, "\(name) is worse by \(CheckFormat.number(Swift.abs(new - old))), more than the allowed \(CheckFormat.number(allowed))")
            }
            if -worse - allowed > slack {
                return finding(allowed, .improvement, "\(name) is better by \(CheckFormat.number(Swift.abs(new - old))); " + refresh)
            }
            return finding(allowed, .ok, "")
        }
    }

    /// `0, 1 and 2`.
    static func list(_ seeds: [UInt64]) -> String {
        let texts = seeds.map(String.init)
        guard texts.count > 1 else { return texts.first ?? "" }
        return texts.dropLast().joined(separator: ", ") + " and " + texts.last!
    }
}
