import Foundation
import OptBench

/// Rebuilds a 2-D analytic function from a run's stored `problem_config` and samples it on a
/// grid around the optimizers' paths.
enum ContourBuilder {
    /// The problem of `summary` when it is an analytic (or noisy analytic) function of two
    /// variables that this optimbench's catalogue can build; nil otherwise.
    static func problem(of summary: RunSummary) -> (any Problem)? {
        guard let spec = ProblemCatalog.spec(named: summary.problem), spec.family == .analytic else { return nil }
        var settings: [String: ConfigValue] = [:]
        for (key, text) in CSVExport.flatJSON(summary.problemConfig) where key != "name" {
            settings[key] = configValue(text)
        }
        guard let problem = try? ProblemCatalog.make(summary.problem, settings: settings), problem.dimension == 2 else { return nil }
        return problem
    }

    /// A value of our flat JSON (as `CSVExport.flatJSON` returns it) as a ``ConfigValue``.
    static func configValue(_ text: String) -> ConfigValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "true" || trimmed == "false" { return .flag(trimmed == "true") }
        if let integer = Int(trimmed) { return .integer(integer) }
        if let real = Double(trimmed) { return .real(real) }
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
            let inner = trimmed.dropFirst().dropLast()
            return .list(inner.isEmpty ? [] : inner.split(separator: ",").map { configValue(String($0)) })
        }
        return .text(text)
    }

    /// The function on a `grid` × `grid` lattice covering the completed paths (or, when none
    /// completed, the starts), padded by 8%.
    static func plot(problem: any Problem, paths: [ContourPlot.Path], grid: Int) -> ContourPlot {
        var xs: [Double] = [], ys: [Double] = []
        for path in paths where path.status == .completed {
            xs += path.x.filter(\.isFinite)
            ys += path.y.filter(\.isFinite)
        }
        if xs.isEmpty || ys.isEmpty {
            for path in paths {
                if let x = path.x.first, let y = path.y.first, x.isFinite, y.isFinite { xs.append(x); ys.append(y) }
            }
        }
        var (x0, x1) = (xs.min() ?? -1, xs.max() ?? 1)
        var (y0, y1) = (ys.min() ?? -1, ys.max() ?? 1)
        let span = Swift.max(x1 - x0, y1 - y0, 1e-9 * Swift.max(1, abs(x0), abs(y0)))
        let size = span == 0 ? 1 : span
        if x1 - x0 < 0.25 * size { let c = (x0 + x1) / 2; x0 = c - 0.125 * size; x1 = c + 0.125 * size }
        if y1 - y0 < 0.25 * size { let c = (y0 + y1) / 2; y0 = c - 0.125 * size; y1 = c + 0.125 * size }
        let padX = 0.08 * (x1 - x0), padY = 0.08 * (y1 - y0)
        x0 -= padX; x1 += padX; y0 -= padY; y1 += padY
        let n = Swift.max(grid, 2)
        let gridX = (0..<n).map { x0 + (x1 - x0) * Double($0) / Double(n - 1) }
        let gridY = (0..<n).map { y0 + (y1 - y0) * Double($0) / Double(n - 1) }
        let evaluator = try? problem.makeEvaluator(scalar: Double.self)  // nil: no contours, just the paths
        var streams = RandomStreams(seed: 0, identity: "contour")
        var point = [0.0, 0.0], gradient = [0.0, 0.0]
        var values: [Double] = []
        values.reserveCapacity(n * n)
        for y in gridY {
            for x in gridX {
                point[0] = x
                point[1] = y
                let f = evaluator.map { evaluator in
                    point.withUnsafeBufferPointer { p in
                        gradient.withUnsafeMutableBufferPointer { g in evaluator.lossAndGradient(at: p, gradient: g, streams: &streams) }
                    }
                } ?? .nan
                values.append(f.isFinite ? f : .nan)
            }
        }
        let (levels, logarithmic) = levels(of: values)
        return ContourPlot(xs: gridX, ys: gridY, values: values, levels: levels, logarithmicLevels: logarithmic, paths: paths)
    }

    /// 16 levels: geometric above the minimum when the values span more than three decades
    /// above it, otherwise evenly spaced.
    static func levels(of values: [Double]) -> ([Double], Bool) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low else { return ([], false) }
        let count = 16
        let gaps = finite.map { $0 - low }.filter { $0 > 0 }.sorted()
        let small = Statistics.sortedQuantile(gaps, 0.01)
        if small > 0, (high - low) / small > 1e3 {
            let ratio = (high - low) / small
            return ((0..<count).map { low + small * pow(ratio, Double($0) / Double(count - 1)) }, true)
        }
        return ((0..<count).map { low + (high - low) * (Double($0) + 0.5) / Double(count) }, false)
    }
}
