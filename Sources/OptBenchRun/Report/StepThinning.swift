import Foundation

/// Chooses which logged steps a plotted curve keeps, so a long trajectory stays a few hundred
/// points: the first and last step always, half the rest log-spaced (early detail) and half
/// evenly spaced (late detail), snapped to steps that were logged.
enum StepThinning {
    /// At most `limit` (≥ 2) steps of the grid {0, k, 2k, …} ∪ {last}, ascending.
    static func steps(last: Int, every k: Int, limit: Int) -> [Int] {
        let k = Swift.max(k, 1)
        guard last > 0 else { return [0] }
        if last / k + 2 <= limit {
            var all = Array(stride(from: 0, through: last, by: k))
            if all.last != last { all.append(last) }
            return all
        }
        var chosen = Set([0, last])
        for target in targets(last: Double(last), count: limit - 2) {
            let snapped = Int((target / Double(k)).rounded()) * k
            chosen.insert(Swift.min(Swift.max(snapped, 0), last))
        }
        return chosen.sorted()
    }

    /// At most `limit` row indices of ascending `steps`, chosen the same way.
    static func indices(of steps: [Int64], limit: Int) -> [Int] {
        guard steps.count > limit, let first = steps.first, let last = steps.last else { return Array(steps.indices) }
        var chosen = Set([0, steps.count - 1])
        for target in targets(last: Double(last - first), count: limit - 2) {
            let value = Int64(target.rounded()) + first
            // The row whose step is nearest to value.
            var low = 0, high = steps.count - 1
            while low < high {
                let mid = (low + high) / 2
                if steps[mid] < value { low = mid + 1 } else { high = mid }
            }
            if low > 0, value - steps[low - 1] < steps[low] - value { low -= 1 }
            chosen.insert(low)
        }
        return chosen.sorted()
    }

    /// `count` targets in [0, last]: half evenly spaced, half log-spaced from 1.
    private static func targets(last: Double, count: Int) -> [Double] {
        let half = Swift.max(count / 2, 1)
        var values: [Double] = []
        for i in 0..<half {
            values.append(last * Double(i + 1) / Double(half + 1))
            if last > 1 { values.append(exp(log(last) * Double(i) / Double(half))) }
        }
        return values
    }
}
