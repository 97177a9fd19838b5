import Foundation
import OptBench
@testable import OptBenchRun
import Testing

/// Real runs, checked against a baseline of real runs: an identical rerun passes bit for bit,
/// and an optimizer whose behaviour changed — a slightly different learning rate — is caught.
@Suite("Check: real runs of a perturbed optimizer")
struct CheckPerturbedOptimizerTests {
    static func suite(adamLR: String) -> String {
        """
        name: perturb
        seeds: 3
        steps: 600
        target: 1.0e-4
        problems:
          - {name: rosenbrock, start_jitter: 0.1}
          - {name: quadratic, dim: 10, condition: 100, rotated: true, start_jitter: 0.1}
          - {name: beale, start_jitter: 0.1}
        optimizers:
          - {name: momentum, lr: 0.001}
          - {name: adam, lr: \(adamLR)}

        """
    }

    /// Runs every run of `yaml` in this process, as `optbench run` would.
    static func run(_ yaml: String) throws -> (summaries: [RunSummary], provenance: Provenance) {
        let suite = try Suite(parsing: yaml, file: "perturb.yaml")
        let plan = try RunPlan(suite: suite)
        let summaries = plan.runs.map { StoredRun(RunExecutor.execute($0, cancellation: CancellationFlag())).summary }
        return (summaries, Provenance.current(suite: suite, command: ["optbench", "run", "perturb.yaml"]))
    }

    static let original = try! run(suite(adamLR: "0.03"))
    static let baseline = Baseline(summaries: original.summaries, provenance: original.provenance, resultsPath: "a.h5", rules: [])

    static func report(_ results: (summaries: [RunSummary], provenance: Provenance), check: RegressionCheck = RegressionCheck()) -> CheckReport {
        CheckReport(resultsPath: "b.h5", resultsProvenance: results.provenance, summaries: results.summaries,
                    baselinePath: "a.json", baseline: baseline, check: check)
    }

    @Test("an identical rerun passes, every comparison identical to the baseline")
    func identicalRerun() throws {
        let report = Self.report(try Self.run(Self.suite(adamLR: "0.03")))
        #expect(report.passed)
        // status, final_loss, best_loss and success_rate for each of the 6 entries, and
        // steps_to_target for those where some seed reached the target.
        #expect(report.findings.count == 6 * 4 + Self.baseline.entries.filter { ($0.reached ?? 0) > 0 }.count)
        #expect(report.findings.allSatisfy { $0.verdict == .ok && $0.isIdentical })
        #expect(report.notes.isEmpty)
    }

    /// The adam runs of a suite with adam's learning rate 10 % lower, relabelled with the
    /// original ids: what a changed optimizer implementation (same configuration, different
    /// numbers) looks like to the check.
    static func relabelled(_ results: (summaries: [RunSummary], provenance: Provenance)) -> (summaries: [RunSummary], provenance: Provenance) {
        var summaries = results.summaries
        for i in summaries.indices where summaries[i].id.optimizer == "adam(lr=0.027)" {
            summaries[i].id.optimizer = "adam(lr=0.03)"
        }
        return (summaries, results.provenance)
    }

    @Test("adam 10 % off under the same ids: its entries regress in their metrics, momentum's stay identical")
    func perturbedSameIDs() throws {
        let perturbed = try Self.run(Self.suite(adamLR: "0.027"))
        let report = Self.report(Self.relabelled(perturbed))
        #expect(!report.passed)
        let flagged = report.findings.filter { $0.verdict != .ok }
        #expect(!flagged.isEmpty && flagged.allSatisfy { $0.optimizer == "adam(lr=0.03)" })
        #expect(report.failures.allSatisfy { $0.verdict == .regression && $0.metric != .entry })
        #expect(Set(report.failures.map(\.problem)).count >= 2, "caught on several problems: \(report.text)")
        #expect(report.findings.filter { $0.optimizer.hasPrefix("momentum") }.allSatisfy { $0.isIdentical })
        #expect(report.notes.first?.hasPrefix("the suite differs from the baseline's from line 11 on") == true)
    }

    @Test("adam 10 % off as the suite says (new ids): each adam entry is missing and new, and the check fails")
    func perturbedNewIDs() throws {
        let report = Self.report(try Self.run(Self.suite(adamLR: "0.027")))
        #expect(!report.passed)
        #expect(report.failures.map(\.verdict).sorted { $0.rawValue < $1.rawValue } == Array(repeating: .missing, count: 3) + Array(repeating: .new, count: 3))
        #expect(report.failures.first { $0.verdict == .missing }?.note.contains("the results have adam(lr=0.027) on this problem instead") == true)
        // Allowed both ways, what remains are momentum's identical comparisons.
        let lenient = Self.report(try Self.run(Self.suite(adamLR: "0.027")), check: RegressionCheck(allowMissing: true, allowNew: true))
        #expect(lenient.passed)
    }
}
