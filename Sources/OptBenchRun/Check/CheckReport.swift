import Foundation
import OptBench

/// The outcome of `optbench check`, as plain data: what was compared with what, every
/// ``CheckFinding`` in report order, and notes. The text table, the Markdown summary and the
/// JUnit XML are renderings of it (`CheckReport+Text.swift`, `+Markdown`, `+JUnit`).
public struct CheckReport: Sendable {
    public var resultsPath: String
    public var baselinePath: String
    public var suiteName: String
    /// Runs in the results file.
    public var runCount: Int
    public var baselineEntryCount: Int
    public var baselineProvenance: BaselineProvenance
    public var resultsProvenance: Provenance
    /// Context worth a line: the suite differs from the baseline's, tolerances overridden, …
    public var notes: [String]
    /// Failures first (see ``CheckFinding``).
    public var findings: [CheckFinding]

    public var failures: [CheckFinding] { findings.filter(\.fails) }
    public var improvements: [CheckFinding] { findings.filter { $0.verdict == .improvement } }
    public var passed: Bool { !findings.contains(where: \.fails) }

    /// Checks the results at `resultsPath` against the baseline at `baselinePath`.
    /// - Throws: ``InputError`` (exit status 2) when either file is unusable: a bad baseline
    ///   (see ``Baseline/load(path:)``), an unreadable results file, results of another suite
    ///   than the baseline's, or results with interrupted runs.
    public static func make(resultsPath: String, baselinePath: String, check: RegressionCheck) throws(InputError) -> CheckReport {
        let baseline = try Baseline.load(path: baselinePath)
        let reader = try ResultsReader(path: resultsPath, scope: .summaries)
        defer { reader.close() }
        let provenance = reader.provenance
        guard provenance.suiteName == baseline.suiteName else {
            throw InputError(file: baselinePath, message: "a baseline of suite '\(baseline.suiteName)', but \(resultsPath) holds results of suite '\(provenance.suiteName)'; "
                + "check against Results/baselines/\(provenance.suiteName).json or make one with 'optbench baseline'")
        }
        let summaries = try reader.summaries()
        let interrupted = summaries.filter { $0.status == .interrupted }
        if let first = interrupted.first {
            throw InputError(file: resultsPath, message: "\(interrupted.count) of \(summaries.count) runs were interrupted, e.g. \(first.id); "
                + "finish them with 'optbench run SUITE -o \(resultsPath) --resume' before checking")
        }
        return CheckReport(resultsPath: resultsPath, resultsProvenance: provenance, summaries: summaries,
                           baselinePath: baselinePath, baseline: baseline, check: check)
    }

    /// The 1-based number of the first line where `a` and `b` differ, or nil when they are equal
    /// (line ends aside).
    static func firstDifference(_ a: String, _ b: String) -> Int? {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let right = b.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func trimmed(_ lines: [String]) -> [String] {
            var lines = lines
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines
        }
        let l = trimmed(left), r = trimmed(right)
        for index in 0..<Swift.max(l.count, r.count) where index >= l.count || index >= r.count || l[index] != r[index] {
            return index + 1
        }
        return nil
    }

    /// One line: `FAILED: 2 regressions, 1 missing; 1 improvement; 140 comparisons hold (138 identical)`.
    public var summaryLine: String {
        let failing = failures
        let holding = findings.filter { $0.verdict == .ok }
        let identical = holding.filter(\.isIdentical).count
        var parts: [String] = []
        for verdict in [CheckFinding.Verdict.regression, .missing, .new] {
            let count = failing.filter { $0.verdict == verdict }.count
            if count > 0 { parts.append(CheckFormat.count(count, Self.noun(verdict))) }
        }
        let allowed = findings.filter { !$0.fails && ($0.verdict == .missing || $0.verdict == .new) }.count
        var tail: [String] = []
        if !improvements.isEmpty { tail.append(CheckFormat.count(improvements.count, "improvement") + " beyond tolerance (refresh the baseline if intended)") }
        if allowed > 0 { tail.append("\(allowed) missing or new allowed") }
        tail.append(CheckFormat.count(holding.count, "comparison") + " within tolerance (\(identical) identical to the baseline)")
        let head = parts.isEmpty ? "PASSED" : "FAILED: " + parts.joined(separator: ", ")
        return head + "; " + tail.joined(separator: "; ")
    }

    static func noun(_ verdict: CheckFinding.Verdict) -> String {
        switch verdict {
        case .regression: "regression"
        case .missing: "missing from the results"
        case .new: "without baseline"
        case .improvement: "improvement"
        case .ok: "comparison"
        }
    }

    /// The table's verdict word for a finding.
    static func verdictText(_ finding: CheckFinding) -> String {
        switch finding.verdict {
        case .regression: "REGRESSION"
        case .missing: finding.fails ? "MISSING" : "missing (allowed)"
        case .new: finding.fails ? "NEW" : "new (allowed)"
        case .improvement: "improvement"
        case .ok: "ok"
        }
    }

    /// The header line naming both sides.
    var headline: String {
        "optbench check: \(resultsPath) (suite \(suiteName), \(runCount) runs) against \(baselinePath) (\(baselineEntryCount) entries, "
            + "results of \(baselineProvenance.created), optbench \(baselineProvenance.optbenchVersion), commit \(CheckFormat.shortCommit(baselineProvenance.gitCommit)))"
    }

    /// The columns of every renderer: verdict, problem, optimizer, metric, baseline, now, allowed, note.
    static let columns = ["verdict", "problem", "optimizer", "metric", "baseline", "now", "allowed", "note"]

    func cells(_ finding: CheckFinding) -> [String] {
        [Self.verdictText(finding), finding.problem, finding.optimizer, finding.metric.rawValue,
         CheckFormat.value(finding.baseline), CheckFormat.value(finding.now),
         finding.allowed.map { "±" + CheckFormat.number($0) } ?? "—", finding.note]
    }
}

extension CheckReport {
    /// The report of `summaries` (read from `resultsPath`) against `baseline`.
    public init(resultsPath: String, resultsProvenance: Provenance, summaries: [RunSummary], baselinePath: String, baseline: Baseline, check: RegressionCheck) {
        var notes: [String] = []
        if let line = Self.firstDifference(baseline.suiteText, resultsProvenance.suiteText) {
            notes.append("the suite differs from the baseline's from line \(line) on; the baseline's tolerances still apply (refresh the baseline to adopt a changed check: section)")
        }
        if !check.rules.isEmpty {
            notes.append("command-line tolerances: " + check.rules.map(\.summary).joined(separator: ", "))
        }
        if check.allowMissing { notes.append("--allow-missing: baseline entries absent from the results do not fail the check") }
        if check.allowNew { notes.append("--allow-new: entries without a baseline do not fail the check") }
        self.init(
            resultsPath: resultsPath, baselinePath: baselinePath, suiteName: baseline.suiteName, runCount: summaries.count,
            baselineEntryCount: baseline.entries.count, baselineProvenance: baseline.provenance, resultsProvenance: resultsProvenance,
            notes: notes, findings: check.findings(results: summaries, baseline: baseline))
    }
}

/// Number formatting shared by the check's renderers.
enum CheckFormat {
    /// Six significant digits; integers as integers; `inf`, `nan`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }

    static func value(_ value: CheckFinding.Value) -> String {
        switch value {
        case .number(let x): number(x)
        case .fraction(let count, let total): "\(count)/\(total)"
        case .absent: "—"
        }
    }

    /// `3 regressions`, `1 regression`; nouns with a tail keep it (`2 missing from the results`).
    static func count(_ n: Int, _ noun: String) -> String {
        guard n != 1, !noun.contains(" ") else { return "\(n) \(noun)" }
        return "\(n) \(noun)s"
    }

    static func shortCommit(_ commit: String) -> String {
        commit.count == 40 && commit.allSatisfy(\.isHexDigit) ? String(commit.prefix(12)) : commit
    }
}
