import OptBench
@testable import OptBenchRun
import Testing

/// Both sides of every threshold of `optbench check`: for each metric, a move of exactly the
/// allowed deviation holds and one ulp (or one step, or one seed) more does not — upwards a
/// regression, downwards an improvement. Values are binary fractions, so the arithmetic of the
/// check is exact and "just inside" really is the boundary.
@Suite("Check: both sides of every threshold")
struct CheckThresholdTests {
    typealias F = CheckFixture

    /// Final losses 0.75, 1, 1.25: median 1, MAD = median(0.25, 0, 0.25) = 0.25.
    static let finals = [1.0, 1.25, 0.75]

    struct Band: Sendable, CustomTestStringConvertible {
        var term: String
        var tolerance: Tolerance
        /// The allowed deviation around the median 1, worked out by hand.
        var allowed: Double
        var testDescription: String { "\(term) term dominates" }
    }

    static let bands: [Band] = [
        // max(2·0.25, 0.0625·1, 2⁻²⁰) = 0.5
        Band(term: "MAD", tolerance: Tolerance(madMultiplier: 2, relative: 0.0625, absolute: 0x1p-20), allowed: 0.5),
        // max(0·0.25, 0.125·1, 2⁻²⁰) = 0.125
        Band(term: "relative", tolerance: Tolerance(madMultiplier: 0, relative: 0.125, absolute: 0x1p-20), allowed: 0.125),
        // max(0·0.25, 0·1, 0.25) = 0.25
        Band(term: "absolute", tolerance: Tolerance(madMultiplier: 0, relative: 0, absolute: 0.25), allowed: 0.25),
    ]

    /// One ulp of the baseline median 1 (2⁻⁵²). Every value 1 ± allowed ± ulp used below, and
    /// its difference from 1, is exactly representable, so the check sees a move of exactly
    /// allowed + 2⁻⁵².
    static let ulp = Double.ulpOfOne

    /// The seeds of `finals` shifted so that their median is `median` (the others keep their
    /// distance from it, so the median is the shifted middle value).
    static func shifted(_ median: Double) -> [Double] {
        [median, median + 0.25, median - 0.25]
    }

    @Test("final_loss: exactly the allowed deviation holds, one ulp of the baseline more regresses or improves", arguments: bands)
    func finalLoss(band: Band) throws {
        let before = F.entry(finals: Self.finals, target: nil)
        func verdict(_ median: Double) throws -> CheckFinding {
            let finding = try #require(F.finding(F.findings(before, F.entry(finals: Self.shifted(median), target: nil), tolerance: band.tolerance), .finalLoss))
            #expect(finding.allowed == band.allowed)
            return finding
        }
        #expect(try verdict(1 + band.allowed).verdict == .ok)
        let worse = try verdict(1 + band.allowed + Self.ulp)
        #expect(worse.verdict == .regression && worse.fails)
        #expect(try verdict(1 - band.allowed).verdict == .ok)
        let better = try verdict(1 - band.allowed - Self.ulp)
        #expect(better.verdict == .improvement && !better.fails)
        #expect(better.note.contains("refresh the baseline"))
    }

    @Test("best_loss: exactly the allowed deviation holds, one ulp of the baseline more regresses or improves", arguments: bands)
    func bestLoss(band: Band) throws {
        let before = F.entry(finals: [3, 3, 3], bests: Self.finals, target: nil)
        func verdict(_ median: Double) throws -> CheckFinding.Verdict {
            let now = F.entry(finals: [3, 3, 3], bests: Self.shifted(median), target: nil)
            let findings = F.findings(before, now, tolerance: band.tolerance)
            #expect(F.finding(findings, .finalLoss)?.verdict == .ok)
            return try #require(F.finding(findings, .bestLoss)).verdict
        }
        #expect(try verdict(1 + band.allowed) == .ok)
        #expect(try verdict(1 + band.allowed + Self.ulp) == .regression)
        #expect(try verdict(1 - band.allowed) == .ok)
        #expect(try verdict(1 - band.allowed - Self.ulp) == .improvement)
    }

    @Test("steps_to_target: the median among seeds that reached moves by the allowed steps, or one more")
    func stepsToTarget() throws {
        // Steps 90, 100, 110: median 100, MAD 10; max(2·10, 0.05·100, 1e-8) = 20.
        let tolerance = Tolerance(madMultiplier: 2, relative: 0.05, absolute: 1e-8)
        let before = F.entry(finals: [1e-5, 1e-5, 1e-5], steps: [100, 110, 90])
        func finding(_ median: Int) throws -> CheckFinding {
            let now = F.entry(finals: [1e-5, 1e-5, 1e-5], steps: [median, median + 10, median - 10])
            let findings = F.findings(before, now, tolerance: tolerance)
            #expect(F.finding(findings, .successRate)?.verdict == .ok)
            return try #require(F.finding(findings, .stepsToTarget))
        }
        #expect(try finding(120).verdict == .ok)
        #expect(try finding(120).allowed == 20)
        #expect(try finding(121).verdict == .regression)
        #expect(try finding(80).verdict == .ok)
        #expect(try finding(79).verdict == .improvement)
    }

    @Test("steps_to_target is the median among the seeds that reached, never averaged with the budget")
    func stepsToTargetIsCensored() throws {
        // Baseline: seeds reach at 100, 100, 100. Now one seed never reaches: the success rate
        // drops (a regression of its own) but the median among the two that reached is 100.
        let before = F.entry(finals: [1e-5, 1e-5, 1e-5], steps: [100, 100, 100])
        let now = F.entry(finals: [1e-5, 1e-5, 1e-5], steps: [100, nil, 100])
        let findings = F.findings(before, now)
        #expect(F.finding(findings, .stepsToTarget)?.verdict == .ok)
        #expect(F.finding(findings, .stepsToTarget)?.now == .number(100))
        #expect(F.finding(findings, .successRate)?.verdict == .regression)
        #expect(F.finding(findings, .successRate)?.now == .fraction(2, of: 3))
    }

    @Test("success_rate: a drop of exactly relative × rate holds, one seed more regresses")
    func successRate() throws {
        // Eight seeds. Baseline 4/8 = 0.5 with relative 0.25: allowed 0.125, one seed either way.
        let tolerance = Tolerance(madMultiplier: 3, relative: 0.25, absolute: 0x1p-30)
        func finding(reached: Int, baselineReached: Int = 4) throws -> CheckFinding {
            let steps = { (k: Int) in (0..<8).map { $0 < k ? Optional(50) : nil } }
            let before = F.entry(finals: Array(repeating: 1e-5, count: 8), steps: steps(baselineReached))
            let now = F.entry(finals: Array(repeating: 1e-5, count: 8), steps: steps(reached))
            return try #require(F.finding(F.findings(before, now, tolerance: tolerance), .successRate))
        }
        #expect(try finding(reached: 3).verdict == .ok)
        #expect(try finding(reached: 3).allowed == 0.125)
        #expect(try finding(reached: 2).verdict == .regression)
        #expect(try finding(reached: 5).verdict == .ok)
        #expect(try finding(reached: 6).verdict == .improvement)
    }

    @Test("success_rate: with 20 seeds and the default 5 %, one lost seed is exactly the allowance and holds, two regress")
    func successRateTwentySeeds() throws {
        // 1 − 19/20 = 0.05000000000000004 in binary, against an allowance of 0.05 × 1.
        let steps = { (k: Int) in (0..<20).map { $0 < k ? Optional(50) : nil } }
        let before = F.entry(finals: Array(repeating: 1e-5, count: 20), steps: steps(20))
        #expect(F.finding(F.findings(before, F.entry(finals: Array(repeating: 1e-5, count: 20), steps: steps(19))), .successRate)?.verdict == .ok)
        #expect(F.finding(F.findings(before, F.entry(finals: Array(repeating: 1e-5, count: 20), steps: steps(18))), .successRate)?.verdict == .regression)
    }

    @Test("success_rate with few seeds: losing one seed of three is a regression under the default 5 %")
    func successRateFewSeeds() throws {
        let before = F.entry(finals: [1e-5, 1e-5, 1e-5], steps: [10, 10, 10])
        let now = F.entry(finals: [1e-5, 1e-5, 1e-5], steps: [10, 10, nil])
        #expect(F.finding(F.findings(before, now), .successRate)?.verdict == .regression)
    }

    @Test("a seed that diverges where the baseline's completed is a regression whatever the tolerance")
    func divergedRunIsRegression() throws {
        let loose = Tolerance(madMultiplier: 1e9, relative: 1e9, absolute: 1e9)
        let before = F.entry(finals: [1, 1, 1], target: nil)
        var now = F.entry(finals: [1, 1, 1], target: nil)
        now[1].status = .diverged
        now[1].message = "non-finite loss (nan) at step 12"
        now[1].finalLoss = .nan
        let findings = F.findings(before, now, tolerance: loose)
        let status = try #require(F.finding(findings, .status))
        #expect(status.verdict == .regression && status.fails)
        #expect(status.baseline == .fraction(3, of: 3) && status.now == .fraction(2, of: 3))
        #expect(status.note == "seed 1 diverged (non-finite loss (nan) at step 12) but completed in the baseline")
        #expect(findings.first == status, "failures come first")
    }

    @Test("every seed diverging: the losses have no value now, which is a regression too")
    func allDiverged() throws {
        let before = F.entry(finals: [1, 1, 1], target: nil)
        let now = F.entry(finals: [.infinity, .infinity, .infinity], target: nil, statuses: [.diverged, .diverged, .diverged])
        let findings = F.findings(before, now)
        #expect(F.finding(findings, .status)?.verdict == .regression)
        #expect(F.finding(findings, .finalLoss)?.verdict == .regression)
        #expect(F.finding(findings, .finalLoss)?.now == .absent)
    }

    @Test("a seed that completes where the baseline's diverged is an improvement, not a failure")
    func fixedRunIsImprovement() throws {
        let before = F.entry(finals: [1, .infinity, 1], target: nil, statuses: [.completed, .diverged, .completed])
        let now = F.entry(finals: [1, 1, 1], target: nil)
        let status = try #require(F.finding(F.findings(before, now), .status))
        #expect(status.verdict == .improvement && !status.fails)
        #expect(status.note.hasPrefix("seed 1 completes now but diverged in the baseline"))
    }

    @Test("an identical rerun holds everywhere and is identical bit for bit; one ulp is not identical")
    func identicalRerun() throws {
        let runs = F.entry(finals: [1e-3, 2e-3, 3e-3], steps: [10, 20, nil])
        let findings = F.findings(runs, runs)
        #expect(findings.map(\.metric) == [.status, .finalLoss, .bestLoss, .successRate, .stepsToTarget])
        #expect(findings.allSatisfy { $0.verdict == .ok && !$0.fails && $0.isIdentical })
        var nudged = runs
        nudged[1].finalLoss = nudged[1].finalLoss.nextUp
        let final = try #require(F.finding(F.findings(runs, nudged), .finalLoss))
        #expect(final.verdict == .ok && !final.isIdentical)
    }

    @Test("without a target there is no success rate and no steps-to-target to compare")
    func noTarget() {
        let runs = F.entry(finals: [1, 2, 3], target: nil)
        #expect(F.findings(runs, runs).map(\.metric) == [.status, .finalLoss, .bestLoss])
    }

    @Test("a changed target makes the rates incomparable: a failing finding")
    func changedTarget() throws {
        let before = F.entry(finals: [1, 1, 1], steps: [5, 5, 5], target: 1e-4)
        let now = F.entry(finals: [1, 1, 1], steps: [5, 5, 5], target: 1e-3)
        let finding = try #require(F.finding(F.findings(before, now), .successRate))
        #expect(finding.fails && finding.note.hasPrefix("the target changed from 0.0001 to 0.001"))
    }
}

@Suite("Check: entries and seeds on one side only")
struct CheckPresenceTests {
    typealias F = CheckFixture

    @Test("a baseline entry missing from the results fails the check, unless allowed")
    func missingEntry() throws {
        let kept = F.entry("booth()", "sgd()", finals: [1, 1], target: nil)
        let dropped = F.entry("booth()", "adam()", finals: [1, 1], target: nil)
        let findings = F.findings(kept + dropped, kept)
        let missing = try #require(findings.first { $0.metric == .entry })
        #expect(missing.optimizer == "adam()" && missing.verdict == .missing && missing.fails)
        #expect(missing.now == .absent)
        #expect(findings.first == missing)
        let allowed = F.findings(kept + dropped, kept, check: RegressionCheck(allowMissing: true))
        #expect(allowed.first { $0.metric == .entry }?.fails == false)
        #expect(allowed.allSatisfy { !$0.fails })
    }

    @Test("a results entry with no baseline fails the check, unless allowed")
    func newEntry() throws {
        let kept = F.entry("booth()", "sgd()", finals: [1, 1], target: nil)
        let added = F.entry("booth()", "lion()", finals: [1, 1], target: nil)
        let finding = try #require(F.findings(kept, kept + added).first { $0.metric == .entry })
        #expect(finding.verdict == .new && finding.fails && finding.baseline == .absent)
        #expect(F.findings(kept, kept + added, check: RegressionCheck(allowNew: true)).allSatisfy { !$0.fails })
    }

    @Test("a changed learning rate shows as one entry missing and one new, each naming the other")
    func changedConfiguration() throws {
        let before = F.entry("booth()", "adam(lr=0.01)", finals: [1, 1], target: nil)
        let now = F.entry("booth()", "adam(lr=0.0102)", finals: [1, 1], target: nil)
        let findings = F.findings(before, now)
        #expect(findings.count == 2 && findings.allSatisfy(\.fails))
        let missing = try #require(findings.first { $0.verdict == .missing })
        #expect(missing.note == "in the baseline, not in the results; the results have adam(lr=0.0102) on this problem instead: the suite changed, so refresh the baseline (optbench baseline RESULTS.h5 -o BASELINE --force)")
        #expect(findings.first { $0.verdict == .new }?.note.contains("the baseline has adam(lr=0.01)") == true)
    }

    @Test("a seed missing from the results, or one the baseline lacks, is a finding")
    func seeds() throws {
        let before = F.entry(finals: [1, 1, 1], target: nil)
        let fewer = Array(before.prefix(2))
        let status = try #require(F.finding(F.findings(before, fewer), .status))
        #expect(status.verdict == .missing && status.fails && status.note == "seed 2 of the baseline not in the results")
        #expect(F.finding(F.findings(before, fewer, check: RegressionCheck(allowMissing: true)), .status)?.fails == false)
        let more = before + [F.run(seed: 3, final: 1, target: nil)]
        let extra = try #require(F.finding(F.findings(before, more), .status))
        #expect(extra.verdict == .new && extra.fails && extra.note == "seed 3 not in the baseline")
    }

    @Test("the report lists failures first, then improvements, then what holds")
    func order() throws {
        let a = F.entry("booth()", "adam()", finals: [1, 1, 1], target: nil)
        let b = F.entry("booth()", "sgd()", finals: [1, 1, 1], target: nil)
        let c = F.entry("beale()", "sgd()", finals: [1, 1, 1], target: nil)
        var now = a + b + c
        for i in 3..<6 { now[i].finalLoss = 2; now[i].bestLoss = 2 }   // booth/sgd worse
        for i in 6..<9 { now[i].finalLoss = 0.5; now[i].bestLoss = 0.5 } // beale/sgd better
        let findings = F.findings(a + b + c, now)
        let ranks = findings.map(\.rank)
        #expect(ranks == ranks.sorted())
        #expect(findings.prefix(2).allSatisfy { $0.verdict == .regression && $0.optimizer == "sgd()" && $0.problem == "booth()" })
        #expect(findings[2].verdict == .improvement && findings[2].problem == "beale()")
    }
}
