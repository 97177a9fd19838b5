import Foundation
import OptBench
@testable import OptBenchRun

/// Builders for the check tests: run summaries with chosen outcomes, and baselines of them.
enum CheckFixture {
    /// A summary of `problem`/`optimizer`/seed with the given outcome.
    static func run(_ problem: String = "rosenbrock(dim=2)", _ optimizer: String = "adam(lr=0.01)", seed: UInt64,
                    status: RunStatus = .completed, final: Double, best: Double? = nil, stepsToTarget: Int? = nil,
                    target: Double? = 1e-4, message: String = "") -> RunSummary {
        RunSummary(
            index: Int(seed), id: RunID(problem: problem, optimizer: optimizer, seed: seed),
            problem: String(problem.prefix { $0 != "(" }), optimizer: String(optimizer.prefix { $0 != "(" }),
            problemConfig: "{}", optimizerConfig: "{}", seed: seed, status: status, message: message, steps: 100,
            finalLoss: final, bestLoss: best ?? final, stepsToTarget: stepsToTarget, wallTime: 0.5, configHash: "",
            precision: .float64, budgetSteps: 100, logEvery: 1, target: target)
    }

    /// One entry's seeds with the given final losses (best = final) and steps-to-target.
    static func entry(_ problem: String = "rosenbrock(dim=2)", _ optimizer: String = "adam(lr=0.01)", finals: [Double],
                      bests: [Double]? = nil, steps: [Int?]? = nil, target: Double? = 1e-4,
                      statuses: [RunStatus]? = nil) -> [RunSummary] {
        finals.indices.map { i in
            run(problem, optimizer, seed: UInt64(i), status: statuses?[i] ?? .completed, final: finals[i], best: bests?[i],
                stepsToTarget: steps?[i] ?? nil, target: target)
        }
    }

    static let provenance = Provenance(
        optbenchVersion: "0.1.0", created: "2026-01-01T00:00:00Z", suiteName: "demo", suiteText: "name: demo\n",
        command: "optbench run demo.yaml", gitCommit: "unknown", host: "test", os: "Linux", swiftVersion: "6.3")

    /// A baseline of `summaries` in which every entry has `tolerance`.
    static func baseline(_ summaries: [RunSummary], tolerance: Tolerance = .standard) -> Baseline {
        let rule = ToleranceRule(madMultiplier: tolerance.madMultiplier, relative: tolerance.relative, absolute: tolerance.absolute)
        return Baseline(summaries: summaries, provenance: provenance, resultsPath: "demo.h5", rules: [rule])
    }

    /// The findings of `now` against a baseline of `before`.
    static func findings(_ before: [RunSummary], _ now: [RunSummary], tolerance: Tolerance = .standard,
                         check: RegressionCheck = RegressionCheck()) -> [CheckFinding] {
        check.findings(results: now, baseline: baseline(before, tolerance: tolerance))
    }

    /// The one finding of `metric`.
    static func finding(_ findings: [CheckFinding], _ metric: CheckFinding.Metric) -> CheckFinding? {
        let matching = findings.filter { $0.metric == metric }
        return matching.count == 1 ? matching[0] : nil
    }
}
