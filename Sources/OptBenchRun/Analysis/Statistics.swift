/// Order statistics on small samples (seeds).
public enum Statistics {
    /// The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics
    /// (type 7, numpy's default); NaN for an empty sample. NaN values sort last. Infinite
    /// values take part as the largest (or smallest) order statistics: the quantile is
    /// infinite when it falls between two equal infinities or interpolates towards one.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        return sortedQuantile(values.sorted(by: nanLast), q)
    }

    /// Ascending order with NaN after every number: the order of every statistic here.
    public static func nanLast(_ a: Double, _ b: Double) -> Bool {
        a.isNaN ? false : (b.isNaN ? true : a < b)
    }

    /// ``quantile(_:_:)`` of a sample already sorted ascending.
    public static func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        if weight == 0 || sorted[lower] == sorted[upper] { return sorted[lower] }
        if sorted[upper].isInfinite || sorted[lower].isInfinite {
            return sorted[upper] == .infinity ? .infinity : sorted[lower]
        }
        return sorted[lower] + (sorted[upper] - sorted[lower]) * weight
    }

    public static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

    /// Ranks 1…n of `values` in ascending order, ties given the mean of the ranks they span
    /// (the "average" method). NaN compares as larger than every number.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { nanLast(values[$0], values[$1]) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, same(values[order[end + 1]], values[order[start]]) { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// Equality in which NaN equals NaN (for grouping ties).
    static func same(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN)
    }
}
