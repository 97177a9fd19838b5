import Foundation

/// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts or
/// images fetched, readable on a laptop and printable.
///
/// Every plot states its metric beside it; each optimizer keeps one colour (and, past seven,
/// a dash pattern) in every plot (``PlotStyle``); lines carry hover titles with their numbers.
public struct HTMLReport: ReportRenderer {
    public init() {}

    public func render(_ model: ComparisonModel) -> String {
        var page = HTMLPage(model: model)
        return page.document()
    }
}

/// The document being written (chart ids must be unique within it).
struct HTMLPage {
    let model: ComparisonModel
    let style: PlotStyle
    private var chartCount = 0

    init(model: ComparisonModel) {
        self.model = model
        style = PlotStyle(optimizers: model.optimizers)
    }

    static func e(_ text: String) -> String { XMLText.escape(text) }

    mutating func nextID() -> String {
        chartCount += 1
        return "c\(chartCount)"
    }

    mutating func document() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        out += "<title>\(Self.e(model.title))</title><style>\(Self.css)</style></head><body>\n"
        out += "<header><h1>\(Self.e(model.title))</h1>"
        out += "<table class=\"prov\">" + model.provenance.rows.map { "<tr><th>\(Self.e($0.0))</th><td>\(Self.e($0.1))</td></tr>" }.joined() + "</table>"
        out += "<p class=\"runs\"><b>\(model.statuses.total) runs:</b> \(Self.e(model.statuses.text)).</p></header>\n"
        out += "<nav class=\"toc\"><b>Contents</b><ol><li><a href=\"#across\">Across problems</a></li>"
        for (i, p) in model.problems.enumerated() { out += "<li><a href=\"#p\(i)\">\(Self.e(p.problem))</a></li>" }
        out += "<li><a href=\"#unfinished\">Runs that did not complete (\(model.unfinished.count))</a></li><li><a href=\"#method\">How the numbers are computed</a></li></ol></nav>\n"
        out += acrossProblems()
        for (i, p) in model.problems.enumerated() { out += problemSection(p, index: i) }
        out += unfinishedSection()
        out += method()
        return out + "</body></html>\n"
    }

    // MARK: Pieces

    static func table(_ header: [String], _ rows: [[String]], numericFrom: Int = 99, classes: String = "") -> String {
        var out = "<div class=\"scroll\"><table class=\"data \(classes)\"><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in
                (i >= numericFrom ? "<td class=\"num\">" : "<td>") + e(cell) + "</td>"
            }.joined() + "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    func swatch(color: String, dash: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"28\" height=\"10\" viewBox=\"0 0 28 10\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"\(color)\" stroke-width=\"2.6\""
            + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/></svg>"
    }

    /// The legend of `optimizers`, always in the model's optimizer order.
    func legend(_ optimizers: [String]) -> String {
        let ordered = style.optimizers.filter(optimizers.contains)
        return "<div class=\"legend\">" + ordered.map { o in
            "<span>" + swatch(color: style.color(o), dash: style.dash(o)) + Self.e(o) + "</span>"
        }.joined() + "</div>"
    }

    static func figure(_ title: String, legend: String, svg: String, caption: String) -> String {
        "<figure><div class=\"ftitle\">\(e(title))</div>\(legend)\(svg)<figcaption>\(e(caption))</figcaption></figure>"
    }

    // MARK: Across problems

    mutating func acrossProblems() -> String {
        var out = "<section id=\"across\"><h2>Across problems</h2>"
        out += "<p>Each optimizer's best configuration per problem (lowest median final loss across seeds), ranked per problem; the mean rank averages those ranks over the problems it ran on.</p>"
        out += Self.table(ReportTables.rankingHeader, ReportTables.rankingRows(model), numericFrom: 2, classes: "ranked")
        out += "<div class=\"figs\">"
        out += profileFigure()
        out += ecdfFigure()
        out += "</div>"
        out += "<h3>Performance profile values</h3>" + Self.table(ReportTables.profileHeader, ReportTables.profileRows(model), numericFrom: 1)
        if !model.targetECDF.problems.isEmpty {
            out += "<h3>Steps to target</h3>" + Self.table(ReportTables.ecdfHeader, ReportTables.ecdfRows(model), numericFrom: 1)
        }
        return out + "</section>\n"
    }

    mutating func profileFigure() -> String {
        let profile = model.performanceProfile
        let finite = profile.entries.flatMap(\.ratios).filter(\.isFinite)
        let maxTau = Swift.max(10, (finite.max() ?? 1) * 2)
        var chart = SVGChart(id: nextID(), x: AxisScale(low: 1, high: maxTau, logarithmic: true), y: AxisScale(low: 0, high: 1.02, logarithmic: false),
                             xLabel: "τ (ratio to the best gap on each problem)", yLabel: "fraction of problems ρ(τ)")
        for entry in profile.entries {
            let ratios = entry.ratios.filter(\.isFinite).sorted()
            let fractions = ratios.indices.map { i in profile.fraction(entry, atMost: ratios[i]) }
            chart.steps(x: ratios, y: fractions, start: 0, end: maxTau, color: style.color(entry.optimizer), dash: style.dash(entry.optimizer),
                        title: "\(entry.optimizer): best on \(ReportNumber.percent(profile.fraction(entry, atMost: 1))) of problems, within 10× on \(ReportNumber.percent(profile.fraction(entry, atMost: 10)))")
        }
        return Self.figure("Performance profile (Dolan–Moré), \(profile.problems.count) problem\(profile.problems.count == 1 ? "" : "s")",
                           legend: legend(profile.entries.map(\.optimizer)), svg: chart.svg(label: "performance profile"),
                           caption: "Metric: " + profile.metric + ". Higher and further left is better.")
    }

    mutating func ecdfFigure() -> String {
        let ecdf = model.targetECDF
        guard !ecdf.problems.isEmpty else {
            return "<figure><div class=\"ftitle\">Steps to target</div><p>No problem has a target loss, so there is no fixed-target view.</p></figure>"
        }
        let maxSteps = Double(Swift.max(ecdf.maximumSteps, 10))
        var chart = SVGChart(id: nextID(), x: AxisScale(low: 1, high: maxSteps, logarithmic: true), y: AxisScale(low: 0, high: 1.02, logarithmic: false),
                             xLabel: "updates t", yLabel: "fraction of runs at target")
        for entry in ecdf.entries {
            let steps = entry.reachedSteps.map { Double(Swift.max($0, 1)) }
            let fractions = entry.reachedSteps.map { entry.fraction(atMost: $0) }
            chart.steps(x: steps, y: fractions, start: 0, end: maxSteps, color: style.color(entry.optimizer), dash: style.dash(entry.optimizer),
                        title: "\(entry.optimizer): \(entry.reachedSteps.count) of \(entry.runs) runs reached the target")
        }
        let text = "Empirical cumulative distribution of steps to target over \(ecdf.problems.count) problem\(ecdf.problems.count == 1 ? "" : "s") with a target"
        return Self.figure(text, legend: legend(ecdf.entries.map(\.optimizer)), svg: chart.svg(label: "steps to target ECDF"),
                           caption: "Metric: " + ecdf.metric + ". Higher and further left is better; a run that reached the target at step 0 is drawn at 1.")
    }

    // MARK: One problem

    mutating func problemSection(_ p: ProblemComparison, index: Int) -> String {
        var out = "<section id=\"p\(index)\"><h2>\(Self.e(p.problem))</h2><p class=\"meta\">\(Self.e(ReportTables.problemLine(p)))</p><p class=\"meta\">Final loss: \(Self.e(p.lossMeasure)).</p>"
        out += Self.table(ReportTables.problemHeader, ReportTables.problemRows(p), numericFrom: 3, classes: "problem ranked")
        if let test = p.significance {
            out += "<p class=\"sig\"><b>Significance of the top two:</b> \(Self.e(test.text)).</p>"
        } else {
            out += "<p class=\"sig\">Only one optimizer: no pairwise test.</p>"
        }
        out += "<div class=\"figs\">"
        out += lossFigure(p)
        out += sensitivityFigure(p)
        if let contour = p.contour { out += contourFigure(p, contour) }
        out += "</div>"
        if let training = p.training { out += trainingFigures(training) }
        let unfinished = model.unfinished.filter { $0.problem == p.problem }
        if !unfinished.isEmpty {
            out += "<details><summary>\(unfinished.count) run\(unfinished.count == 1 ? "" : "s") on this problem did not complete (\(Self.e(StatusCounts(unfinished.map(\.status)).text)))</summary>"
            out += Self.table(ReportTables.unfinishedHeader, ReportTables.unfinishedRows(unfinished)) + "</details>"
        }
        return out + "</section>\n"
    }

    static func lossDomain(_ curves: [Curve], logarithmic: Bool, extra: [Double] = []) -> AxisScale {
        AxisScale(covering: curves.flatMap { $0.median + $0.lower } + extra, logarithmic: logarithmic)
    }

    mutating func lossFigure(_ p: ProblemComparison) -> String {
        let curves = p.lossCurves.filter { !$0.x.isEmpty }
        let x = AxisScale(low: 0, high: Double(Swift.max(p.budgetSteps, 1)), logarithmic: false)
        let y = Self.lossDomain(curves, logarithmic: p.logarithmicLoss)
        var chart = SVGChart(id: nextID(), x: x, y: y, xLabel: "updates", yLabel: "loss" + (p.logarithmicLoss ? " (log scale)" : ""))
        for c in curves { chart.band(x: c.x, lower: c.lower, upper: c.upper, color: style.color(c.optimizer)) }
        for c in curves {
            let r = p.results.first { $0.optimizer == c.optimizer }
            chart.line(x: c.x, y: c.median, color: style.color(c.optimizer), dash: style.dash(c.optimizer),
                       title: "\(c.label): median final loss \(r.map { ReportTables.band($0.finalLoss) } ?? "") over \(c.runs) seeds")
        }
        if let target = p.target { chart.horizontal(target, label: "target \(ReportNumber.text(target))") }
        return Self.figure(p.training == nil ? "Loss against updates" : "Minibatch loss against updates", legend: legend(curves.map(\.optimizer)), svg: chart.svg(label: "loss curves of \(p.problem)"),
                           caption: "Metric: the logged loss of each optimizer's best configuration; line = median across seeds, band = 25–75% of seeds. A diverged run counts as +∞ after it stopped; × marks where the median became +∞.")
    }

    mutating func sensitivityFigure(_ p: ProblemComparison) -> String {
        let curves = p.sensitivity.filter { !$0.points.isEmpty }
        guard !curves.isEmpty else { return "" }
        let rates = curves.flatMap { $0.points.map(\.learningRate) }
        let medians = curves.flatMap { $0.points.flatMap { [$0.finalLoss.median, $0.finalLoss.lower] } }
        let finite = medians.filter(\.isFinite)
        let logY = (finite.min() ?? 0) > 0 && (finite.max() ?? 0) / (finite.min() ?? 1) >= 10
        let x = AxisScale(covering: rates, logarithmic: rates.allSatisfy { $0 > 0 })
        var chart = SVGChart(id: nextID(), x: x, y: AxisScale(covering: medians, logarithmic: logY),
                             xLabel: "learning rate", yLabel: "final loss" + (logY ? " (log scale)" : ""))
        for c in curves {
            let xs = c.points.map(\.learningRate)
            chart.line(x: xs, y: c.points.map(\.finalLoss.median), color: style.color(c.optimizer), dash: style.dash(c.optimizer),
                       title: "\(c.optimizer): median final loss against learning rate", width: 1.3, markInfinity: false)
            chart.points(x: xs, y: c.points.map(\.finalLoss.median), lower: c.points.map(\.finalLoss.lower), upper: c.points.map(\.finalLoss.upper),
                         color: style.color(c.optimizer), titles: c.points.map { pt in
                             "\(pt.configuration): median final loss \(ReportTables.band(pt.finalLoss)); \(pt.runs) runs, \(pt.notCompleted) not completed"
                         })
        }
        return Self.figure("Learning-rate sensitivity", legend: legend(curves.map(\.optimizer)), svg: chart.svg(label: "learning-rate sensitivity of \(p.problem)"),
                           caption: "Metric: median final loss across seeds at each learning rate of the grid (whiskers: 25–75%), the best configuration at that rate when other settings vary. × at the top: the median run did not complete (diverged, failed or interrupted).")
    }

    mutating func contourFigure(_ p: ProblemComparison, _ c: ContourPlot) -> String {
        guard let x0 = c.xs.first, let x1 = c.xs.last, let y0 = c.ys.first, let y1 = c.ys.last else { return "" }
        var chart = SVGChart(id: nextID(), height: 420, x: AxisScale(low: x0, high: x1, logarithmic: false),
                             y: AxisScale(low: y0, high: y1, logarithmic: false), xLabel: "x₁", yLabel: "x₂")
        for (k, level) in c.levels.enumerated() {
            let segments = ContourLines.segments(xs: c.xs, ys: c.ys, values: c.values, level: level)
            guard !segments.isEmpty else { continue }
            var d = ""
            for line in ContourLines.polylines(segments) {
                let pixels = SVGChart.simplified(line.map { (chart.px($0.0), chart.py($0.1)) }, tolerance: 0.7)
                d += "M" + pixels.enumerated().map { i, p in (i == 1 ? "L" : "") + SVGChart.f(p.0) + " " + SVGChart.f(p.1) }.joined(separator: " ")
            }
            let shade = 110 + Int(Double(k) / Double(Swift.max(c.levels.count - 1, 1)) * 100)
            let gray = String(format: "#%02x%02x%02x", shade, shade, shade + 12 > 255 ? 255 : shade + 12)
            chart.raw("<path d=\"\(d)\" fill=\"none\" stroke=\"\(gray)\" stroke-width=\"0.8\"><title>f = \(ReportNumber.text(level))</title></path>")
        }
        for path in c.paths {
            let color = style.color(path.optimizer)
            let pixels = zip(path.x, path.y).filter { $0.0.isFinite && $0.1.isFinite }.map { (a, b) in
                (Swift.min(Swift.max(chart.px(a), -5000), 5000), Swift.min(Swift.max(chart.py(b), -5000), 5000))
            }
            let points = SVGChart.simplified(pixels).map { SVGChart.f($0.0) + "," + SVGChart.f($0.1) }
            guard let first = points.first, let last = points.last else { continue }
            var mark = "<g fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"" + (style.dash(path.optimizer).isEmpty ? "" : " stroke-dasharray=\"\(style.dash(path.optimizer))\"")
            mark += "><title>\(Self.e("\(path.configuration), seed \(path.seed) (median seed), \(path.status.rawValue)"))</title><polyline points=\"\(points.joined(separator: " "))\"/></g>"
            let start = first.split(separator: ","), end = last.split(separator: ",")
            mark += "<circle cx=\"\(start[0])\" cy=\"\(start[1])\" r=\"3\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.2\"/>"
            if path.status == .completed {
                mark += "<circle cx=\"\(end[0])\" cy=\"\(end[1])\" r=\"3.4\" fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"0.8\"><title>\(Self.e(path.optimizer)): end</title></circle>"
            } else if let a = Double(end[0]), let b = Double(end[1]) {
                mark += chart.cross((a, b), color: color, size: 4)
            }
            chart.raw(mark)
        }
        return Self.figure("The function and each optimizer's path", legend: legend(c.paths.map(\.optimizer)),
                           svg: chart.svg(label: "contour plot of \(p.problem) with trajectories"),
                           caption: "Contours of f (\(c.logarithmicLevels ? "levels spaced geometrically above the minimum of the grid" : "evenly spaced levels"); darker is lower). Each line is the median seed of the optimizer's best configuration: open circle = start, dot = end, × = stopped early.")
    }

    mutating func trainingFigures(_ t: TrainingCurves) -> String {
        var out = "<h3>Training</h3><div class=\"figs\">"
        func lossChart(_ curves: [Curve], _ title: String, accuracy: Bool, page: inout HTMLPage) -> String {
            let visible = curves.filter { !$0.x.isEmpty }
            guard !visible.isEmpty else { return "" }
            let values = visible.flatMap { $0.median + $0.lower }.filter(\.isFinite)
            let logY = !accuracy && (values.min() ?? 0) > 0 && (values.max() ?? 0) / (values.min() ?? 1) >= 10
            let x = AxisScale(covering: visible.flatMap(\.x), logarithmic: false, includeZero: true)
            let y = AxisScale(covering: values, logarithmic: logY)
            var chart = SVGChart(id: page.nextID(), width: 420, height: 280, x: x, y: y, xLabel: t.xLabel,
                                 yLabel: (accuracy ? "accuracy" : "loss") + (logY ? " (log)" : ""))
            for c in visible { chart.band(x: c.x, lower: c.lower, upper: c.upper, color: page.style.color(c.optimizer)) }
            for c in visible {
                chart.line(x: c.x, y: c.median, color: page.style.color(c.optimizer), dash: page.style.dash(c.optimizer),
                           title: "\(c.label): final median \(ReportNumber.text(c.median.last ?? .nan)) over \(c.runs) seeds")
            }
            return Self.figure(title, legend: page.legend(visible.map(\.optimizer)), svg: chart.svg(label: title),
                               caption: "Metric: \(title.lowercased()) on the full split, evaluated at \(t.xLabel == "epoch" ? "each epoch" : "each evaluation"); median across seeds of the best configuration, band 25–75%.")
        }
        out += lossChart(t.trainLoss, "Train loss", accuracy: false, page: &self)
        out += lossChart(t.testLoss, "Test loss", accuracy: false, page: &self)
        out += lossChart(t.trainAccuracy, "Train accuracy", accuracy: true, page: &self)
        out += lossChart(t.testAccuracy, "Test accuracy", accuracy: true, page: &self)
        out += "</div>"
        let norms = t.layerGradientNorms.filter { !$0.x.isEmpty }
        if !norms.isEmpty, t.layerNames.count >= 2 {
            let values = norms.flatMap(\.median).filter { $0.isFinite && $0 > 0 }
            let y = AxisScale(covering: values, logarithmic: true)
            let x = AxisScale(covering: norms.flatMap(\.x), logarithmic: false, includeZero: true)
            out += "<h3>Gradient norm per layer</h3><p class=\"meta\">Metric: Euclidean norm of each layer's gradient slice (weights and biases), median across seeds of the best configuration, log scale, one panel per optimizer with a shared axis. Vanishing gradients show as the first layers' lines falling far below the last ones.</p>"
            out += "<div class=\"legend\">" + t.layerNames.enumerated().map { j, name in
                "<span>" + swatch(color: PlotStyle.layerColor(j, of: t.layerNames.count), dash: "") + Self.e(name) + "</span>"
            }.joined() + "</div><div class=\"figs small\">"
            var optimizers: [String] = []
            for c in norms where !optimizers.contains(c.optimizer) { optimizers.append(c.optimizer) }
            for optimizer in optimizers {
                var chart = SVGChart(id: nextID(), width: 380, height: 240, x: x, y: y, xLabel: "updates", yLabel: "gradient norm")
                for c in norms where c.optimizer == optimizer {
                    let j = t.layerNames.firstIndex(of: c.label) ?? 0
                    chart.line(x: c.x, y: c.median, color: PlotStyle.layerColor(j, of: t.layerNames.count), dash: "",
                               title: "\(optimizer), \(c.label): median gradient norm", width: 1.4, markInfinity: false)
                }
                out += "<figure class=\"panel\"><div class=\"ftitle\">" + swatch(color: style.color(optimizer), dash: style.dash(optimizer)) + Self.e(optimizer) + "</div>"
                    + chart.svg(label: "layer gradient norms, \(optimizer)") + "</figure>"
            }
            out += "</div>"
        }
        return out
    }

    // MARK: Runs not completed, method

    func unfinishedSection() -> String {
        var out = "<section id=\"unfinished\"><h2>Runs that did not complete</h2>"
        if model.unfinished.isEmpty { return out + "<p>None: every run completed its budget.</p></section>\n" }
        out += "<p>\(model.unfinished.count) of \(model.statuses.total) runs did not complete (\(Self.e(StatusCounts(model.unfinished.map(\.status)).text))). They count as +∞ in every loss statistic above and are listed here as stored.</p>"
        out += "<details\(model.unfinished.count <= 30 ? " open=\"open\"" : "")><summary>List of the \(model.unfinished.count) runs</summary>"
        return out + Self.table(ReportTables.unfinishedHeader, ReportTables.unfinishedRows(model.unfinished)) + "</details></section>\n"
    }

    func method() -> String {
        """
        <section id="method"><h2>How the numbers are computed</h2><ul>
        <li><b>Best configuration</b>: for each problem and optimizer, the grid point with the lowest median final loss across seeds (ties: lower 75% quantile). The table also names the grid point with the lowest median <i>best</i> loss (lowest loss seen at any step).</li>
        <li><b>Median and band</b>: quantiles by linear interpolation between order statistics (numpy's default); the band is 25–75%. A run that did not complete counts as +∞.</li>
        <li><b>Steps to target</b>: censored: “k of n reached; median m” gives the median over the k runs that reached the target only; runs that did not are never given the budget as a value.</li>
        <li><b>Significance</b>: two-sided Mann–Whitney U test between the final losses of the two best optimizers’ best configurations, exact for up to 50 seeds each without ties, otherwise the normal approximation with tie and continuity correction.</li>
        <li><b>Performance profile</b>: \(Self.e(PerformanceProfile.metricText)).</li>
        <li><b>Steps-to-target ECDF</b>: \(Self.e(TargetECDF.metricText)).</li>
        <li><b>Curves</b> are thinned to at most a few hundred points per line (first and last step kept, the rest log- and evenly spaced). See docs/reports.md for the definitions.</li>
        </ul></section>
        """
    }

    static let css = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;max-width:1320px;margin:0 auto;padding:16px 24px;background:#fff}
    h1{font-size:1.6em;margin:.2em 0 .4em}h2{font-size:1.3em;margin:1.6em 0 .3em;padding-top:.4em;border-top:2px solid #ddd}h3{font-size:1.05em;margin:1.2em 0 .3em}
    table.prov{border-collapse:collapse;font-size:.9em;margin-bottom:.5em}table.prov th{text-align:left;padding:1px 12px 1px 0;color:#555;font-weight:600;vertical-align:top}table.prov td{padding:1px 0;word-break:break-all}
    .scroll{overflow-x:auto;margin:.4em 0}table.data{border-collapse:collapse;font-size:.83em}table.data th{background:#f1f3f5;text-align:left;padding:4px 6px;font-weight:600;border-bottom:1px solid #ccc;vertical-align:bottom}
    table.data td{padding:3px 6px;border-bottom:1px solid #eee;vertical-align:top}table.data td.num{font-variant-numeric:tabular-nums;white-space:nowrap}table.ranked tbody tr:first-child td{font-weight:600}
    table.problem td:nth-child(3),table.problem td:nth-child(6){font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.95em}
    .meta{color:#555;margin:.2em 0}.sig{margin:.4em 0}.runs{margin:.3em 0}
    nav.toc{font-size:.9em;background:#f8f9fa;padding:6px 12px;border-radius:4px}nav.toc ol{columns:2;margin:.3em 0;padding-left:1.4em}
    .figs{display:flex;flex-wrap:wrap;gap:14px 22px;align-items:flex-start}figure{margin:8px 0;max-width:560px}figure.panel{max-width:390px}
    .ftitle{font-weight:600;margin-bottom:2px;display:flex;align-items:center;gap:6px}figcaption{font-size:.82em;color:#444;margin-top:2px}
    .legend{display:flex;flex-wrap:wrap;gap:2px 12px;font-size:.82em;margin:2px 0 4px}.legend span{display:inline-flex;align-items:center;gap:4px}
    svg.chart{max-width:100%;height:auto;display:block}svg.chart text{font-size:11px;fill:#333;font-family:system-ui,"DejaVu Sans",sans-serif}svg.chart text.axis{font-size:12px;fill:#222}svg.chart text.note{fill:#555;font-size:10.5px}
    details{margin:.5em 0}summary{cursor:pointer;color:#333}
    @media print{body{max-width:none;padding:0;font-size:11px}nav.toc{display:none}figure,table,tr{break-inside:avoid}h2{break-before:auto;break-after:avoid}details>*{display:block}a{color:inherit;text-decoration:none}}
    """
}
