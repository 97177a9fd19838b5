/// A pairwise test between the two best optimizers on a problem: the final losses across
/// seeds of each one's best configuration, compared with a two-sided Mann–Whitney U test
/// (runs that did not complete count as +∞).
public struct SignificanceTest: Sendable, Hashable, Codable {
    /// Ranked first and second.
    public var first: String
    public var second: String
    public var firstConfiguration: String
    public var secondConfiguration: String
    /// Seeds of each.
    public var firstSeeds: Int
    public var secondSeeds: Int
    /// median(first) − median(second) of the final losses.
    public var medianDifference: Double
    /// U of the first sample.
    public var statistic: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// `exact` or `normal approximation`.
    public var method: String
    /// The smallest p-value these sample sizes allow (exact test, no ties): 2/C(n₁+n₂, n₁).
    public var smallestPossibleP: Double

    /// One sentence with the numbers.
    public var text: String {
        "\(first) vs \(second): Mann–Whitney U = \(ReportNumber.text(statistic)), p = \(ReportNumber.pValue(pValue)) "
            + "(\(method), \(firstSeeds) vs \(secondSeeds) seeds; difference of medians \(ReportNumber.text(medianDifference)))"
            + (smallestPossibleP > 0.05 ? "; with so few seeds p cannot go below \(ReportNumber.pValue(smallestPossibleP))" : "")
    }
}
