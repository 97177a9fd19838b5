/// Dolan–Moré performance profiles across problems.
///
/// ```
/// m(p, s)  = median final loss across seeds of optimizer s's best configuration on problem p
/// f*(p)    = the lowest best loss of any completed run on p
/// ε(p)     = 1e-8 · max(1, |f*(p)|)
/// gap(p,s) = max(m(p, s) − f*(p), 0) + ε(p)          (+∞ when m is +∞)
/// r(p, s)  = gap(p, s) / min over s' of gap(p, s')
/// ρ_s(τ)   = #{p : r(p, s) ≤ τ} / #problems
/// ```
/// The gap keeps the ratio meaningful for losses that can be ≤ 0; ε treats gaps below 1e-8
/// (relative) as equal. ρ_s(1) is the fraction of problems s wins; ρ_s(τ) for large τ the
/// fraction it gets within a factor τ of the best gap.
///
/// Reference: Dolan & Moré (2002), "Benchmarking optimization software with performance
/// profiles", Mathematical Programming 91.
public struct PerformanceProfile: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var optimizer: String
        /// r(p, s) per problem, in ``problems`` order (+∞: failed, or not run on p).
        public var ratios: [Double]
    }

    /// What is measured, in words.
    public var metric: String
    /// Problem instances, in order.
    public var problems: [String]
    public var entries: [Entry]

    /// The metric sentence every renderer shows.
    public static let metricText = "performance ratio r = gap / best gap on each problem, where gap = median final loss of the best configuration − lowest loss any completed run reached on that problem + 1e-8·max(1, |that loss|); ρ(τ) = fraction of problems with r ≤ τ"

    /// The profile of `gaps[s][p]` (nil: optimizer s did not run on p) over `problems`.
    public init(problems: [String], optimizers: [String], gaps: [[Double?]]) {
        metric = Self.metricText
        self.problems = problems
        let best = problems.indices.map { p in gaps.compactMap { $0[p] }.filter(\.isFinite).min() }
        entries = optimizers.indices.map { s in
            Entry(optimizer: optimizers[s], ratios: problems.indices.map { p in
                guard let gap = gaps[s][p], gap.isFinite, let best = best[p], best > 0 else { return .infinity }
                return gap / best
            })
        }
    }

    /// ρ_s(τ) of `entry`.
    public func fraction(_ entry: Entry, atMost tau: Double) -> Double {
        problems.isEmpty ? 0 : Double(entry.ratios.filter { $0 <= tau }.count) / Double(problems.count)
    }

    /// The gap of a median final loss `median` to the best value `best` of a problem.
    public static func gap(median: Double, best: Double) -> Double {
        guard median.isFinite, best.isFinite else { return .infinity }
        return Swift.max(median - best, 0) + 1e-8 * Swift.max(1, abs(best))
    }
}
