import Foundation

/// The two-sided Mann–Whitney U test (Wilcoxon rank-sum test) of two independent samples:
/// does one tend to give larger values than the other?
///
/// ```
/// R_x  = sum of the ranks of x in the pooled sample (ties get their average rank)
/// U_x  = R_x − n_x·(n_x + 1)/2            (the statistic reported, as scipy does)
/// U    = max(U_x, n_x·n_y − U_x)
/// exact (no ties, n_x, n_y ≤ 50):  p = min(1, 2·P(U' ≥ U)), U' under H0 by counting arrangements
/// otherwise (normal approximation with tie and continuity correction):
///   μ = n_x·n_y/2,  σ² = n_x·n_y/12 · ((n + 1) − Σ(t³ − t)/(n·(n − 1)))
///   z = (U − μ − 0.5)/σ,  p = min(1, erfc(z/√2))     (p = 1 when σ = 0)
/// ```
///
/// Convention: matches `scipy.stats.mannwhitneyu(x, y, alternative="two-sided")` with
/// `method="auto"` for samples up to 8 each and no ties, and `method="asymptotic"`
/// (`use_continuity=True`) otherwise; scipy switches to the exact method up to 8 per sample,
/// this test up to 50.
/// - Note: infinite values are ordinary (largest or smallest) observations: a diverged run
///   counted as +∞ ranks after every finite loss. NaN ranks last.
public struct MannWhitneyU: Sendable, Hashable {
    /// U of the first sample.
    public var statistic: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Whether ``pValue`` is exact (otherwise the normal approximation).
    public var isExact: Bool
    /// The sizes of the two samples.
    public var first: Int
    public var second: Int

    /// The largest sample size for which the exact null distribution is counted.
    public static let exactLimit = 50

    /// Tests `x` against `y`; both must be non-empty.
    public init(_ x: [Double], _ y: [Double]) {
        precondition(!x.isEmpty && !y.isEmpty, "Mann–Whitney U needs two non-empty samples")
        let n1 = x.count, n2 = y.count, n = n1 + n2
        let ranks = Statistics.averageRanks(x + y)
        let rankSum = ranks.prefix(n1).reduce(0, +)
        let u1 = rankSum - Double(n1 * (n1 + 1)) / 2
        let u = Swift.max(u1, Double(n1 * n2) - u1)
        // Tie groups.
        let pooled = (x + y).sorted(by: Statistics.nanLast)
        var tieTerm = 0.0
        var hasTies = false
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n, Statistics.same(pooled[end + 1], pooled[start]) { end += 1 }
            let t = Double(end - start + 1)
            if t > 1 { hasTies = true; tieTerm += t * t * t - t }
            start = end + 1
        }
        statistic = u1
        first = n1
        second = n2
        if !hasTies && n1 <= Self.exactLimit && n2 <= Self.exactLimit {
            isExact = true
            pValue = Swift.min(1, 2 * Self.upperTail(Int(u.rounded()), n1, n2))
        } else {
            isExact = false
            let mu = Double(n1 * n2) / 2
            let variance = Double(n1 * n2) / 12 * (Double(n + 1) - tieTerm / (Double(n) * Double(n - 1)))
            if variance <= 0 {
                pValue = 1
            } else {
                let z = (u - mu - 0.5) / variance.squareRoot()
                pValue = Swift.min(1, erfc(z / 2.0.squareRoot()))
            }
        }
    }

    /// P(U ≥ u) under the null hypothesis, for samples of m and n without ties: the number of
    /// arrangements with U ≥ u over C(m + n, m), counted with the recurrence
    /// c(m, n, u) = c(m − 1, n, u − n) + c(m, n − 1, u).
    static func upperTail(_ u: Int, _ m: Int, _ n: Int) -> Double {
        // counts[i][j] is the distribution of U for samples of i and j (as frequencies).
        let maxU = m * n
        var previousRow: [[Double]] = (0...n).map { _ in [1] }  // i = 0: U = 0 in one way
        for i in 1...m {
            var row: [[Double]] = [[1]]  // j = 0: U = 0 in one way
            for j in 1...n {
                var counts = [Double](repeating: 0, count: i * j + 1)
                // Largest element from the first sample: it beats all j of the second → U − j.
                let a = previousRow[j]
                for (value, count) in a.enumerated() where count != 0 { counts[value + j] += count }
                // Largest element from the second sample: U unchanged.
                let b = row[j - 1]
                for (value, count) in b.enumerated() where count != 0 { counts[value] += count }
                row.append(counts)
            }
            previousRow = row
        }
        let distribution = previousRow[n]
        let total = distribution.reduce(0, +)
        guard u <= maxU else { return 0 }
        let tail = distribution[Swift.max(u, 0)...].reduce(0, +)
        return tail / total
    }
}
