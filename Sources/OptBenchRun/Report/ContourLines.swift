/// Contour lines of a function sampled on a grid, by marching squares: for each level, the
/// segments where the bilinear interpolant crosses it (saddle cells resolved by the cell's
/// mean value). Cells with a NaN corner are skipped.
enum ContourLines {
    typealias Segment = (x0: Double, y0: Double, x1: Double, y1: Double)

    /// Segments of `level` in data coordinates; `values[j * xs.count + i]` is f(xs[i], ys[j]).
    static func segments(xs: [Double], ys: [Double], values: [Double], level: Double) -> [Segment] {
        let nx = xs.count, ny = ys.count
        guard nx >= 2, ny >= 2, values.count == nx * ny else { return [] }
        var out: [Segment] = []
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                let a = values[j * nx + i], b = values[j * nx + i + 1]
                let c = values[(j + 1) * nx + i + 1], d = values[(j + 1) * nx + i]
                guard !a.isNaN, !b.isNaN, !c.isNaN, !d.isNaN else { continue }
                let index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0)
                if index == 0 || index == 15 { continue }
                let x0 = xs[i], x1 = xs[i + 1], y0 = ys[j], y1 = ys[j + 1]
                func t(_ p: Double, _ q: Double) -> Double { p == q ? 0.5 : (level - p) / (q - p) }
                // Edge crossings: bottom (a–b), right (b–c), top (d–c), left (a–d).
                let bottom = (x0 + (x1 - x0) * t(a, b), y0)
                let right = (x1, y0 + (y1 - y0) * t(b, c))
                let top = (x0 + (x1 - x0) * t(d, c), y1)
                let left = (x0, y0 + (y1 - y0) * t(a, d))
                func add(_ p: (Double, Double), _ q: (Double, Double)) { out.append((p.0, p.1, q.0, q.1)) }
                switch index {
                case 1, 14: add(left, bottom)
                case 2, 13: add(bottom, right)
                case 3, 12: add(left, right)
                case 4, 11: add(right, top)
                case 6, 9: add(bottom, top)
                case 7, 8: add(left, top)
                case 5, 10:
                    let centerAbove = (a + b + c + d) / 4 > level
                    // 5: a and c above; 10: b and d above.
                    if (index == 5) == centerAbove {
                        add(left, top); add(bottom, right)
                    } else {
                        add(left, bottom); add(right, top)
                    }
                default: break
                }
            }
        }
        return out
    }

    /// Joins segments that share end points (marching squares computes a shared crossing
    /// identically in both cells) into polylines, so a contour is drawn as few long paths.
    static func polylines(_ segments: [Segment]) -> [[(Double, Double)]] {
        struct Key: Hashable {
            let x: UInt64, y: UInt64
            init(_ p: (Double, Double)) { x = p.0.bitPattern; y = p.1.bitPattern }
        }
        var ends: [Key: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            ends[Key((s.x0, s.y0)), default: []].append(k)
            ends[Key((s.x1, s.y1)), default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func next(from p: (Double, Double)) -> (Double, Double)? {
            guard let candidates = ends[Key(p)] else { return nil }
            for k in candidates where !used[k] {
                used[k] = true
                let s = segments[k]
                return Key((s.x0, s.y0)) == Key(p) ? (s.x1, s.y1) : (s.x0, s.y0)
            }
            return nil
        }
        var lines: [[(Double, Double)]] = []
        for (k, s) in segments.enumerated() where !used[k] {
            used[k] = true
            var forward = [(s.x0, s.y0), (s.x1, s.y1)]
            while let p = next(from: forward[forward.count - 1]) { forward.append(p) }
            var backward: [(Double, Double)] = []
            while let p = next(from: backward.last ?? forward[0]) { backward.append(p) }
            lines.append(backward.reversed() + forward)
        }
        return lines
    }
}
