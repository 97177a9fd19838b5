/// The empirical cumulative distribution of steps-to-target across problems and seeds
/// (COCO's fixed-target view): for each optimizer, the fraction of (problem, seed) runs of
/// its best configuration that reached the problem's target within t updates.
///
/// ```
/// F_s(t) = #{runs of s with steps_to_target ≤ t} / #{runs of s on problems with a target}
/// ```
/// Runs that never reached the target (including diverged, failed and interrupted ones) stay
/// in the denominator, so F_s never reaches 1 for an optimizer that sometimes fails.
public struct TargetECDF: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var optimizer: String
        /// Steps to target of the runs that reached it, ascending.
        public var reachedSteps: [Int]
        /// All runs counted (the denominator).
        public var runs: Int

        /// F(t).
        public func fraction(atMost steps: Int) -> Double {
            runs == 0 ? 0 : Double(reachedSteps.filter { $0 <= steps }.count) / Double(runs)
        }
    }

    public var metric: String
    /// Problems with a target, in order.
    public var problems: [String]
    /// The largest budget among them.
    public var maximumSteps: Int
    public var entries: [Entry]

    public static let metricText = "fraction of runs (problem × seed, best configuration by median final loss) that reached the problem's target loss within t updates; runs that never reached it count in the denominator"
}
