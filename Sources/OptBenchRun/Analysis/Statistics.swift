/// Order statistics on small samples (seeds).
public enum Statistics {
    /// The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics
    /// (type 7, numpy's default); NaN for an empty sample. NaN values sort last.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted { a, b in a.isNaN ? false : (b.isNaN ? true : a < b) }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        if weight == 0 { return sorted[lower] }
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }

    public static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }
}
