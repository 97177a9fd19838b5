import Foundation
@testable import OptBenchRun
import Testing

@Suite("Report statistics on inputs with known answers")
struct ReportStatisticsTests {
    @Test("quantiles interpolate between order statistics like numpy's default")
    func quantiles() {
        // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) = [1.75, 2.5, 3.25]
        let band = QuantileBand([4, 1, 3, 2])
        #expect(band.median == 2.5 && band.lower == 1.75 && band.upper == 3.25)
        let odd = QuantileBand([5, 1, 4, 2, 3])
        #expect(odd.median == 3 && odd.lower == 2 && odd.upper == 4)
    }

    @Test("a failed run counted as +∞ moves the upper quantiles, never to NaN")
    func infiniteValues() {
        // [1, 2, ∞]: median 2; 75% lies halfway between 2 and ∞, so ∞.
        let band = QuantileBand([1, .infinity, 2])
        #expect(band.median == 2 && band.lower == 1.5 && band.upper == .infinity)
        let allFailed = QuantileBand([.infinity, .infinity])
        #expect(allFailed.median == .infinity && allFailed.lower == .infinity)
    }

    @Test("steps to target are censored: k of n reached, median over those that did")
    func censoredSteps() {
        let steps = CensoredSteps([812, nil, 700, 1000, 900], hasTarget: true)
        // Reached: 700, 812, 900, 1000 → median (812 + 900)/2 = 856; the budget is never used.
        #expect(steps.reached == 4 && steps.runs == 5 && steps.median == 856)
        #expect(steps.text == "4 of 5 reached; median 856")
        #expect(steps.successRate == 0.8)
        #expect(CensoredSteps([nil, nil, nil], hasTarget: true).text == "0 of 3 reached")
        #expect(CensoredSteps([nil], hasTarget: false).text == "no target")
    }

    @Test("average ranks share tied positions")
    func ranks() {
        #expect(Statistics.averageRanks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test("Mann–Whitney U, exact: the textbook example gives U = 17, p = 14/126")
    func mannWhitneyExact() {
        // x = 19 22 16 29 24, y = 20 11 17 12 (the example of scipy.stats.mannwhitneyu).
        // Pairs with x > y: 19>{11,17,12}=3, 22>all 4=4, 16>{11,12}=2, 29: 4, 24: 4 → U = 17.
        // Under H0, U of (5, 4) samples has C(9, 4) = 126 equally likely arrangements; U ≥ 17
        // (equivalently U' ≤ 3 for the other sample) in 7 of them: U' = 0 (1), 1 (1), 2 (2), 3 (3).
        // Two-sided p = 2 · 7/126 = 0.1111…, the value scipy 1.10.1 reports with method="exact".
        let test = MannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12])
        #expect(test.statistic == 17)
        #expect(test.isExact)
        #expect(abs(test.pValue - 14.0 / 126.0) < 1e-12)
    }

    @Test("Mann–Whitney U, complete separation of three against three gives p = 2/20")
    func mannWhitneySeparation() {
        let test = MannWhitneyU([1, 2, 3], [4, 5, 6])
        #expect(test.statistic == 0)
        #expect(abs(test.pValue - 0.1) < 1e-12)
        // One seed each: nothing can be concluded.
        #expect(MannWhitneyU([1], [2]).pValue == 1)
    }

    @Test("Mann–Whitney U with ties uses the normal approximation with tie and continuity correction")
    func mannWhitneyTies() {
        // scipy 1.10.1: mannwhitneyu([1,2,2,3,4,5], [3,4,4,6,7,7,8], method="asymptotic")
        //   → statistic 5.5, pvalue 0.030482500039001426
        let test = MannWhitneyU([1, 2, 2, 3, 4, 5], [3, 4, 4, 6, 7, 7, 8])
        #expect(test.statistic == 5.5)
        #expect(!test.isExact)
        #expect(abs(test.pValue - 0.030482500039001426) < 1e-12)
        // All values equal: no evidence either way.
        #expect(MannWhitneyU([1, 1, 1], [1, 1, 1]).pValue == 1)
    }

    @Test("performance profile ratios and fractions on a hand-made table")
    func performanceProfile() {
        // Gaps: A = [1, 4, ∞], B = [2, 2, 5] → best per problem [1, 2, 5];
        // ratios A = [1, 2, ∞], B = [2, 1, 1].
        let profile = PerformanceProfile(problems: ["p1", "p2", "p3"], optimizers: ["a", "b"], gaps: [[1, 4, .infinity], [2, 2, 5]])
        #expect(profile.entries[0].ratios == [1, 2, .infinity])
        #expect(profile.entries[1].ratios == [2, 1, 1])
        let a = profile.entries[0], b = profile.entries[1]
        #expect(profile.fraction(a, atMost: 1) == 1.0 / 3 && profile.fraction(a, atMost: 2) == 2.0 / 3 && profile.fraction(a, atMost: 1e9) == 2.0 / 3)
        #expect(profile.fraction(b, atMost: 1) == 2.0 / 3 && profile.fraction(b, atMost: 2) == 1)
        // An optimizer that did not run on a problem counts as failing there.
        let missing = PerformanceProfile(problems: ["p1"], optimizers: ["a", "b"], gaps: [[3], [nil]])
        #expect(missing.entries[1].ratios == [.infinity])
    }

    @Test("the gap adds a relative epsilon and is defined for losses ≤ 0")
    func gap() {
        #expect(PerformanceProfile.gap(median: 0.5, best: 0) == 0.5 + 1e-8)
        // Styblinski–Tang-like: best −78.33, median −78.0 → 0.33 + 1e-8·78.33.
        #expect(abs(PerformanceProfile.gap(median: -78.0, best: -78.33) - (0.33 + 78.33e-8)) < 1e-12)
        #expect(PerformanceProfile.gap(median: .infinity, best: 0) == .infinity)
    }

    @Test("the steps-to-target ECDF keeps runs that never reached the target in the denominator")
    func ecdf() {
        let entry = TargetECDF.Entry(optimizer: "a", reachedSteps: [10, 20, 40], runs: 5)
        #expect(entry.fraction(atMost: 9) == 0)
        #expect(entry.fraction(atMost: 20) == 0.4)
        #expect(entry.fraction(atMost: 1000) == 0.6)
    }

    @Test("thinning keeps the first and last step and at most the limit")
    func thinning() {
        let steps = StepThinning.steps(last: 300_000, every: 1, limit: 400)
        #expect(steps.first == 0 && steps.last == 300_000 && steps.count <= 400 && steps.count > 200)
        #expect(steps == steps.sorted())
        #expect(StepThinning.steps(last: 25, every: 10, limit: 400) == [0, 10, 20, 25])
        let rows = StepThinning.indices(of: (0...10_000).map(Int64.init), limit: 100)
        #expect(rows.first == 0 && rows.last == 10_000 && rows.count <= 100)
    }
}
