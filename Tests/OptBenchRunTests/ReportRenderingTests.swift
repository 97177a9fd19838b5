import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import OptBenchRun
import Testing

@Suite("Report renderers")
struct ReportRenderingTests {
    /// Every `<svg …>…</svg>` of `html` (they do not nest here, except none).
    static func svgs(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    static func parsesAsXML(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        return parser.parse()
    }

    /// Checks what every HTML report must satisfy.
    static func checkHTML(_ html: String) {
        let svgs = svgs(in: html)
        #expect(!svgs.isEmpty)
        for svg in svgs {
            #expect(parsesAsXML(svg), "not well-formed: \(svg.prefix(300))")
        }
        // The whole page is well-formed XHTML too (after the doctype).
        #expect(parsesAsXML(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")))
        // Nothing fetched: no URL other than the SVG namespace, no scripts.
        let stripped = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!stripped.contains("http://") && !stripped.contains("https://"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("url(http") && !html.contains("@import"))
    }

    static func renderAll(_ model: ComparisonModel) throws -> (html: String, markdown: String, json: String, decoded: ComparisonModel) {
        let json = JSONReport().render(model)
        return (HTMLReport().render(model), MarkdownReport().render(model), json, try JSONReport.decode(json))
    }

    @Test("the HTML is self-contained, and every SVG is well-formed")
    func htmlIsSelfContained() throws {
        let (html, _, _, _) = try Self.renderAll(try ReportFixtures.model(ReportFixtures.standard))
        Self.checkHTML(html)
        #expect(html.contains("<title>"))  // hover titles on lines
    }

    @Test("HTML, Markdown and JSON agree on every number they share")
    func renderersAgree() throws {
        var runs = ReportFixtures.standard
        runs[4] = ReportFixtures.run(index: 4, optimizer: "adam", lr: 0.1, seed: 1, losses: [1, 2, .infinity], status: .diverged, budget: 40)
        let model = try ReportFixtures.model(runs)
        let (html, markdown, _, decoded) = try Self.renderAll(model)
        #expect(decoded.problems.count == model.problems.count)
        for (p, problem) in decoded.problems.enumerated() {
            let rows = ReportTables.problemRows(problem)
            #expect(rows == ReportTables.problemRows(model.problems[p]))
            for (r, row) in rows.enumerated() {
                let result = problem.results[r]
                // The cell text is the JSON value written by the shared formatter.
                #expect(row[3].hasPrefix(ReportNumber.text(result.finalLoss.median) + " ["))
                #expect(row[4] == result.stepsToTarget.text)
                #expect(markdown.contains("| " + row.map(MarkdownReport.cell).joined(separator: " | ") + " |"))
                #expect(html.contains("<tr>" + row.enumerated().map { i, cell in (i >= 3 ? "<td class=\"num\">" : "<td>") + XMLText.escape(cell) + "</td>" }.joined() + "</tr>"))
            }
            if let test = problem.significance {
                #expect(markdown.contains(test.text))
                #expect(html.contains(XMLText.escape(test.text)))
                #expect(test.pValue == model.problems[p].significance?.pValue)
            }
        }
        for row in ReportTables.rankingRows(decoded) + ReportTables.profileRows(decoded) + ReportTables.ecdfRows(decoded) {
            #expect(markdown.contains("| " + row.map(MarkdownReport.cell).joined(separator: " | ") + " |"))
            // The same cells, in order, as one table row (whichever columns are numeric).
            let plainCells = html.replacingOccurrences(of: "<td class=\"num\">", with: "<td>")
            #expect(plainCells.contains("<td>" + row.map { XMLText.escape($0) }.joined(separator: "</td><td>") + "</td>"), "\(row)")
        }
        for row in ReportTables.unfinishedRows(decoded.unfinished) {
            #expect(markdown.contains(row.map(MarkdownReport.cell).joined(separator: " | ")))
            #expect(html.contains("<td>" + row.map { XMLText.escape($0) }.joined(separator: "</td><td>") + "</td>"))
        }
        for (label, value) in decoded.provenance.rows {
            #expect(markdown.contains("| \(label) | \(MarkdownReport.cell(value)) |"))
            #expect(html.contains("<th>\(label)</th><td>\(XMLText.escape(value))</td>"))
        }
    }

    @Test("the JSON is the model, non-finite numbers included")
    func jsonRoundTrip() throws {
        var runs = ReportFixtures.standard
        runs[3] = ReportFixtures.run(index: 3, optimizer: "adam", lr: 0.1, seed: 0, losses: [1, .nan], status: .diverged, budget: 40)
        let model = try ReportFixtures.model(runs)
        let json = JSONReport().render(model)
        #expect(json.contains("\"inf\""))
        let decoded = try JSONReport.decode(json)
        #expect(JSONReport().render(decoded) == json)
        #expect(decoded.problems[0].results.map(\.configuration) == model.problems[0].results.map(\.configuration))
    }

    static let edgeCases: [(String, [StoredRun])] = [
        ("only diverged runs", (0..<3).map { seed in
            ReportFixtures.run(index: seed, optimizer: "sgd", lr: 1, seed: UInt64(seed), losses: [24.2, 1e5, .infinity], status: .diverged,
                               budget: 100, parameters: [-1.2, 1, 3, 4, 1e200, -1e200])
        }),
        ("one seed", [ReportFixtures.run(index: 0, optimizer: "adam", lr: 0.1, seed: 0, losses: ReportFixtures.geometric(2, 0.5, 30)),
                      ReportFixtures.run(index: 1, optimizer: "sgd", lr: 0.1, seed: 0, losses: ReportFixtures.geometric(2, 0.9, 30))]),
        ("one optimizer", (0..<3).map { seed in
            ReportFixtures.run(index: seed, optimizer: "adam", lr: 0.1, seed: UInt64(seed), losses: ReportFixtures.geometric(2, 0.7, 30),
                               parameters: Array(repeating: [0.5, 0.25], count: 31).flatMap { $0 })
        }),
        ("an interrupted run", [
            ReportFixtures.run(index: 0, optimizer: "adam", lr: 0.1, seed: 0, losses: ReportFixtures.geometric(2, 0.5, 30)),
            ReportFixtures.run(index: 1, optimizer: "adam", lr: 0.1, seed: 1, losses: ReportFixtures.geometric(2, 0.5, 12), status: .interrupted,
                               budget: 30, message: "interrupted after 12 of 30 updates"),
        ]),
        ("no runs at all", []),
        ("losses ≤ 0 and no target", (0..<2).map { seed in
            ReportFixtures.run(index: seed, problem: "styblinski_tang", problemArguments: "dim=2", problemConfig: "{\"name\":\"styblinski_tang\",\"dim\":2}",
                               optimizer: "adam", lr: 0.1, seed: UInt64(seed), losses: [0, -20, -70, -78.3], target: nil,
                               parameters: [0, 0, -1, -1, -2.5, -2.5, -2.9, -2.9])
        }),
    ]

    @Test("edge-case results files render in every format without error", arguments: edgeCases.indices)
    func edgeCase(_ index: Int) throws {
        let (name, runs) = Self.edgeCases[index]
        let path = try ReportFixtures.writeResults(runs)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        for format in ReportFormat.allCases {
            let written = try ComparisonReport.write(resultsPath: path, format: format)
            #expect(written.hasSuffix("." + format.fileExtension), "\(name)")
            let text = try String(contentsOfFile: written, encoding: .utf8)
            #expect(!text.isEmpty, "\(name)")
            if format == .html { Self.checkHTML(text) }
            if format == .json { _ = try JSONReport.decode(text) }
        }
        let model = try ComparisonModel(resultsPath: path)
        #expect(model.unfinished.count == runs.filter { $0.summary.status != .completed }.count, "\(name)")
    }

    @Test("the default report path sits beside the results with the format's extension")
    func defaultPath() {
        #expect(ComparisonReport.defaultPath(forResults: "Results/quickstart.h5", format: .html) == "Results/quickstart.html")
        #expect(ComparisonReport.defaultPath(forResults: "/tmp/a.b/run", format: .md) == "/tmp/a.b/run.md")
        #expect(ReportFormat(pathExtension: "HTM") == .html && ReportFormat(pathExtension: "markdown") == .md && ReportFormat(pathExtension: "txt") == nil)
    }

    @Test("numbers read well: four significant digits, short exponents")
    func numbers() {
        #expect(ReportNumber.text(812) == "812")
        #expect(ReportNumber.text(0.012345) == "0.01235")
        #expect(ReportNumber.text(1.234e-7) == "1.234e-7")
        #expect(ReportNumber.text(-78.33) == "-78.33")
        #expect(ReportNumber.text(.infinity) == "∞")
        #expect(ReportNumber.pValue(0.1111111) == "0.111")
        #expect(ReportNumber.seconds(0.000812) == "812 µs")
        #expect(AxisScale.powerLabel(-6) == "10⁻⁶" && AxisScale.powerLabel(2) == "100")
    }

    @Test("log-axis ticks are powers of ten inside the domain")
    func ticks() {
        let axis = AxisScale(covering: [3e-7, 2.5], logarithmic: true)
        let values = axis.ticks.map(\.value)
        #expect(values.first.map { abs(log10($0) - -6) < 1e-9 } == true)
        #expect(values.allSatisfy { $0 >= axis.low && $0 <= axis.high })
        #expect(axis.ticks.map(\.label).contains("1"))
    }
}
