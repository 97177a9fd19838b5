import Foundation

/// One inline SVG chart: a frame with axes, grid lines and tick labels, and the marks added to
/// it (bands, lines, step functions, markers, contour paths). Marks outside the frame are
/// clipped. Text is escaped; numbers are written with at most one decimal (pixels).
struct SVGChart {
    let width: Double
    let height: Double
    let x: AxisScale
    let y: AxisScale
    let xLabel: String
    let yLabel: String
    /// Unique within the document (for the clip path).
    let id: String
    let left = 62.0, right = 14.0, top = 10.0, bottom = 42.0
    private var marks = ""

    init(id: String, width: Double = 540, height: Double = 320, x: AxisScale, y: AxisScale, xLabel: String, yLabel: String) {
        self.id = id
        self.width = width
        self.height = height
        self.x = x
        self.y = y
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func px(_ value: Double) -> Double { left + x.position(value) * plotWidth }
    func py(_ value: Double) -> Double { top + (1 - y.position(value)) * plotHeight }

    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A point in pixels; infinite y values are pinned just beyond the frame (so a band that
    /// reaches +∞ runs off the top), NaN is nil.
    private func point(_ xv: Double, _ yv: Double) -> (Double, Double)? {
        let a = px(xv)
        var b: Double
        if yv == .infinity { b = top - 2 } else if yv == -.infinity { b = top + plotHeight + 2 } else { b = py(yv) }
        guard a.isFinite, !b.isNaN else { return nil }
        b = Swift.min(Swift.max(b, -10 * height), 11 * height)
        return (a, b)
    }

    /// Drops points closer than `tolerance` pixels (in both x and y) to the last point kept; the first
    /// and last points stay. Lossless at screen resolution, and it keeps files small.
    static func simplified(_ points: [(Double, Double)], tolerance: Double = 1) -> [(Double, Double)] {
        guard points.count > 2 else { return points }
        var kept = [points[0]]
        for p in points.dropFirst().dropLast() {
            let last = kept[kept.count - 1]
            if abs(p.0 - last.0) >= tolerance || abs(p.1 - last.1) >= tolerance { kept.append(p) }
        }
        kept.append(points[points.count - 1])
        return kept
    }

    /// Runs of consecutive indices where `ok` holds.
    private static func runs(_ count: Int, _ ok: (Int) -> Bool) -> [[Int]] {
        var result: [[Int]] = [], current: [Int] = []
        for i in 0..<count {
            if ok(i) { current.append(i) } else if !current.isEmpty { result.append(current); current = [] }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    mutating func band(x xs: [Double], lower: [Double], upper: [Double], color: String) {
        for run in Self.runs(xs.count, { lower[$0] < .infinity && !lower[$0].isNaN && !upper[$0].isNaN && (!y.logarithmic || lower[$0] > 0) }) where run.count > 1 {
            // A translucent fill: two pixels of tolerance are invisible.
            let points = Self.simplified(run.compactMap { point(xs[$0], upper[$0]) }, tolerance: 2)
                + Self.simplified(run.reversed().compactMap { point(xs[$0], lower[$0]) }, tolerance: 2)
            marks += "<polygon points=\"" + points.map { Self.f($0.0) + "," + Self.f($0.1) }.joined(separator: " ")
                + "\" fill=\"\(color)\" fill-opacity=\"0.16\" stroke=\"none\"/>"
        }
    }

    /// A polyline broken where y is not finite (or not positive on a log axis); an × marks the
    /// last point before a break to +∞.
    mutating func line(x xs: [Double], y ys: [Double], color: String, dash: String, title: String, width: Double = 1.8, markInfinity: Bool = true) {
        var body = ""
        let runs = Self.runs(xs.count) { ys[$0].isFinite && (!self.y.logarithmic || ys[$0] > 0) }
        for run in runs {
            let points = Self.simplified(run.compactMap { point(xs[$0], ys[$0]) })
            if points.count == 1 {
                body += "<circle cx=\"\(Self.f(points[0].0))\" cy=\"\(Self.f(points[0].1))\" r=\"2.5\" fill=\"\(color)\"/>"
            } else if points.count > 1 {
                body += "<polyline points=\"" + points.map { Self.f($0.0) + "," + Self.f($0.1) }.joined(separator: " ") + "\"/>"
            }
            if markInfinity, let last = run.last, last + 1 < ys.count, ys[last + 1] == .infinity, let p = point(xs[last], ys[last]) {
                body += cross(p, color: color, size: 4)
            }
        }
        guard !body.isEmpty else { return }
        marks += "<g fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Self.f(width))\" stroke-linejoin=\"round\""
            + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "><title>\(XMLText.escape(title))</title>" + body + "</g>"
    }

    /// A right-continuous step function through (xs[i], ys[i]), starting at (x.low, start).
    mutating func steps(x xs: [Double], y ys: [Double], start: Double, end: Double, color: String, dash: String, title: String) {
        var points = [(px(x.low), py(start))]
        var current = start
        for (xv, yv) in zip(xs, ys) where xv.isFinite {
            let a = Swift.min(Swift.max(px(xv), left), left + plotWidth)
            points.append((a, py(current)))
            points.append((a, py(yv)))
            current = yv
        }
        points.append((Swift.min(px(end), left + plotWidth), py(current)))
        marks += "<g fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"" + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")
            + "><title>\(XMLText.escape(title))</title><polyline points=\""
            + points.map { Self.f($0.0) + "," + Self.f($0.1) }.joined(separator: " ") + "\"/></g>"
    }

    /// Markers at (x, y) with vertical 25–75% whiskers; +∞ medians become × at the top.
    mutating func points(x xs: [Double], y ys: [Double], lower: [Double], upper: [Double], color: String, titles: [String]) {
        for i in xs.indices {
            let title = "<title>\(XMLText.escape(titles[i]))</title>"
            if ys[i] == .infinity {
                marks += "<g>" + title + cross((px(xs[i]), top + 6), color: color, size: 4.5) + "</g>"
                continue
            }
            guard let p = point(xs[i], ys[i]), ys[i].isFinite, !y.logarithmic || ys[i] > 0 else { continue }
            var whisker = ""
            if let lo = point(xs[i], y.logarithmic && !(lower[i] > 0) ? y.low : lower[i]), let hi = point(xs[i], upper[i]), hi.1 != lo.1 {
                whisker = "<line x1=\"\(Self.f(p.0))\" y1=\"\(Self.f(lo.1))\" x2=\"\(Self.f(p.0))\" y2=\"\(Self.f(hi.1))\" stroke=\"\(color)\" stroke-width=\"1.2\"/>"
            }
            marks += "<g>" + title + whisker + "<circle cx=\"\(Self.f(p.0))\" cy=\"\(Self.f(p.1))\" r=\"3.2\" fill=\"\(color)\"/></g>"
        }
    }

    func cross(_ p: (Double, Double), color: String, size: Double) -> String {
        let (a, b) = p
        return "<path d=\"M\(Self.f(a - size)) \(Self.f(b - size))L\(Self.f(a + size)) \(Self.f(b + size))M\(Self.f(a - size)) \(Self.f(b + size))L\(Self.f(a + size)) \(Self.f(b - size))\" stroke=\"\(color)\" stroke-width=\"1.8\" fill=\"none\" stroke-dasharray=\"none\"/>"
    }

    mutating func circle(x xv: Double, y yv: Double, radius: Double, fill: String, stroke: String, title: String) {
        guard let p = point(xv, yv), yv.isFinite else { return }
        marks += "<circle cx=\"\(Self.f(p.0))\" cy=\"\(Self.f(p.1))\" r=\"\(Self.f(radius))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.2\"><title>\(XMLText.escape(title))</title></circle>"
    }

    /// A horizontal reference line with a label (e.g. the target).
    mutating func horizontal(_ value: Double, label: String) {
        guard value.isFinite, !y.logarithmic || value > 0 else { return }
        let b = py(value)
        guard b >= top, b <= top + plotHeight else { return }
        marks += "<g><title>\(XMLText.escape(label))</title><line x1=\"\(Self.f(left))\" y1=\"\(Self.f(b))\" x2=\"\(Self.f(left + plotWidth))\" y2=\"\(Self.f(b))\" stroke=\"#777\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>"
            + "<text x=\"\(Self.f(left + plotWidth - 4))\" y=\"\(Self.f(b - 4))\" text-anchor=\"end\" class=\"note\">\(XMLText.escape(label))</text></g>"
    }

    /// Raw SVG marks in pixel coordinates (e.g. contour paths).
    mutating func raw(_ svg: String) {
        marks += svg
    }

    /// The chart, with `label` as its accessible name.
    func svg(label: String) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" role=\"img\" aria-label=\"\(XMLText.escape(label))\" class=\"chart\">"
        out += "<defs><clipPath id=\"\(id)\"><rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(plotHeight))\"/></clipPath></defs>"
        out += "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(plotHeight))\" fill=\"#fff\" stroke=\"#bbb\"/>"
        var grid = "", labels = ""
        for tick in x.ticks {
            let a = px(tick.value)
            guard a >= left - 0.5, a <= left + plotWidth + 0.5 else { continue }
            grid += "M\(Self.f(a)) \(Self.f(top))V\(Self.f(top + plotHeight))"
            labels += "<text x=\"\(Self.f(a))\" y=\"\(Self.f(top + plotHeight + 15))\" text-anchor=\"middle\">\(XMLText.escape(tick.label))</text>"
        }
        for tick in y.ticks {
            let b = py(tick.value)
            guard b >= top - 0.5, b <= top + plotHeight + 0.5 else { continue }
            grid += "M\(Self.f(left)) \(Self.f(b))H\(Self.f(left + plotWidth))"
            labels += "<text x=\"\(Self.f(left - 5))\" y=\"\(Self.f(b + 4))\" text-anchor=\"end\">\(XMLText.escape(tick.label))</text>"
        }
        out += "<path d=\"\(grid)\" stroke=\"#e6e6e6\" stroke-width=\"1\" fill=\"none\"/>"
        out += "<g clip-path=\"url(#\(id))\">" + marks + "</g>"
        out += "<g class=\"tick\">" + labels + "</g>"
        out += "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(height - 6))\" text-anchor=\"middle\" class=\"axis\">\(XMLText.escape(xLabel))</text>"
        out += "<text transform=\"translate(13 \(Self.f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">\(XMLText.escape(yLabel))</text>"
        return out + "</svg>"
    }
}
