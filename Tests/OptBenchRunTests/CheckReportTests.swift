import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OptBench
@testable import OptBenchRun
import Testing

/// The renderings of a check: the table, the Markdown summary and JUnit XML, which must validate
/// against the common schema and read back to the same findings.
@Suite("Check: reports (text, Markdown, JUnit XML)")
struct CheckReportTests {
    typealias F = CheckFixture

    /// A report with one of each: a regression, a missing entry, a new one, an improvement and
    /// comparisons that hold; names with characters XML and Markdown must escape.
    static let report: CheckReport = {
        let worse = F.entry("booth()", "sgd(lr=0.01)", finals: [1, 1, 1], steps: [10, 10, 10])
        let better = F.entry("beale()", "adam()", finals: [1, 1, 1], target: nil)
        let same = F.entry("rosenbrock(dim=2)", "adam()", finals: [0.5, 0.25, 1], target: nil)
        let dropped = F.entry("rosenbrock(dim=2)", "lion()", finals: [1, 1, 1], target: nil)
        let added = F.entry("rosenbrock(dim=2)", "sgd()", finals: [1, 1, 1], target: nil)
        var now = worse + better + same + added
        for i in 0..<3 { now[i].finalLoss = 2; now[i].bestLoss = 2; now[i].stepsToTarget = nil }
        now[1].status = .diverged
        now[1].message = "|loss| 1e9 > 1e6 × max(|initial loss|, 1) <&> \"quoted\""
        for i in 3..<6 { now[i].finalLoss = 0.25; now[i].bestLoss = 0.25 }
        var provenance = F.provenance
        provenance.suiteText = "name: demo\nseeds: 3\n"
        return CheckReport(resultsPath: "r.h5", resultsProvenance: provenance, summaries: now, baselinePath: "b.json",
                           baseline: F.baseline(worse + better + same + dropped), check: RegressionCheck())
    }()

    @Test("the report data: failures first, counts, and a summary line that names them")
    func data() {
        let report = Self.report
        #expect(!report.passed)
        #expect(report.failures.map(\.verdict) == [.regression, .regression, .regression, .regression, .regression, .missing, .new])
        #expect(report.improvements.count == 2)
        #expect(report.summaryLine == "FAILED: 5 regressions, 1 missing from the results, 1 without baseline; 2 improvements beyond tolerance (refresh the baseline if intended); 4 comparisons within tolerance (4 identical to the baseline)")
        #expect(report.notes == ["the suite differs from the baseline's from line 2 on; the baseline's tolerances still apply (refresh the baseline to adopt a changed check: section)"])
    }

    @Test("the text table has every comparison, one per line, and the summary at the end")
    func text() {
        let lines = Self.report.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("optbench check: r.h5 (suite demo, 12 runs) against b.json (4 entries"))
        let header = lines.firstIndex { $0.hasPrefix("verdict") }!
        #expect(lines[header].split(separator: " ", omittingEmptySubsequences: true) == ["verdict", "problem", "optimizer", "metric", "baseline", "now", "allowed", "note"])
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }
        #expect(rows.count == Self.report.findings.count)
        #expect(rows.first.map { Array($0.split(separator: " ").prefix(2)) } == ["REGRESSION", "booth()"])
        #expect(rows.contains { $0.hasPrefix("MISSING") && $0.contains("lion()") })
        #expect(rows.contains { $0.hasPrefix("improvement") && $0.contains("beale()") && $0.contains("final_loss") })
        #expect(lines.last(where: { !$0.isEmpty }).map(String.init) == Self.report.summaryLine)
    }

    @Test("the Markdown summary tables the findings and folds what holds")
    func markdown() {
        let md = Self.report.markdown
        #expect(md.hasPrefix("## Convergence check: FAILED\n"))
        #expect(md.contains("| **REGRESSION** | `booth()` | `sgd(lr=0.01)` | status | 3/3 | 2/3 | — | seed 1 diverged (\\|loss\\| 1e9"))
        #expect(md.contains("<details><summary>4 comparisons within tolerance (4 identical to the baseline)</summary>"))
        let tableRows = md.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| verdict") }
        #expect(tableRows.count == Self.report.findings.count)
    }

    @Test("JUnit XML validates against the common schema (lxml), and a broken document does not")
    func junitValidates() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-junit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let schema = directory.appendingPathComponent("junit.xsd").path
        let good = directory.appendingPathComponent("good.xml").path
        let bad = directory.appendingPathComponent("bad.xml").path
        try CheckJUnitSchema.xsd.write(toFile: schema, atomically: true, encoding: .utf8)
        try Self.report.writeJUnit(to: good)
        // The control: a test case without its required name must be refused, or the validator
        // proves nothing.
        try Self.report.junitXML.replacingOccurrences(of: " name=\"sgd(lr=0.01) status\"", with: "")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let script = """
            import sys
            from lxml import etree
            schema = etree.XMLSchema(etree.parse(sys.argv[1]))
            for path in sys.argv[2:]:
                ok = schema.validate(etree.parse(path))
                print(path.rsplit('/', 1)[-1], 'valid' if ok else 'invalid: ' + str(schema.error_log.last_error))
            """
        let output = try Self.python(script, arguments: [schema, good, bad])
        let lines = output.split(separator: "\n")
        #expect(lines.first == "good.xml valid", "\(output)")
        #expect(lines.last?.hasPrefix("bad.xml invalid") == true, "\(output)")
    }

    @Test("JUnit XML reads back: one testcase per comparison, a failure for each failing one, escaped text intact")
    func junitParsesBack() throws {
        let report = Self.report
        let document = try XMLDocument(xmlString: report.junitXML, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "\(report.findings.count)")
        #expect(root.attribute(forName: "failures")?.stringValue == "\(report.failures.count)")
        let suite = try #require(root.elements(forName: "testsuite").first)
        #expect(suite.attribute(forName: "name")?.stringValue == "demo")
        let cases = suite.elements(forName: "testcase")
        #expect(cases.count == report.findings.count)
        for (element, finding) in zip(cases, report.findings) {
            #expect(element.attribute(forName: "classname")?.stringValue == finding.problem)
            #expect(element.attribute(forName: "name")?.stringValue == finding.optimizer + " " + finding.metric.rawValue)
            let failures = element.elements(forName: "failure")
            #expect(failures.count == (finding.fails ? 1 : 0))
            if let failure = failures.first {
                #expect(failure.attribute(forName: "type")?.stringValue == finding.verdict.rawValue)
                #expect(failure.stringValue?.contains(finding.note) == true)
            }
            #expect(element.elements(forName: "system-out").count == (!finding.fails && finding.verdict != .ok ? 1 : 0))
        }
        let diverged = try #require(cases.first { $0.elements(forName: "failure").first?.stringValue?.contains("seed 1 diverged") == true })
        #expect(diverged.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue?
            .contains("|loss| 1e9 > 1e6 × max(|initial loss|, 1) <&> \"quoted\"") == true)
    }

    @Test("XML escaping covers markup, keeps tabs and line breaks in attributes, and marks characters XML 1.0 forbids")
    func escaping() {
        // U+0001 and U+FFFF are not allowed in XML 1.0 even as references: they become U+FFFD.
        #expect(CheckReport.xml("a<b>&\"c'\u{1}\td\n\u{FFFF}") == "a&lt;b&gt;&amp;&quot;c&#39;\u{FFFD}&#9;d&#10;\u{FFFD}")
        #expect(XMLText.escape("line\nbreak\t") == "line\nbreak\t")
    }

    /// Runs a script under Debian's /usr/bin/python3 (which has python3-lxml, a dependency of
    /// the python3-matplotlib that scripts/setup installs); fails on a nonzero exit.
    static func python(_ script: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python failed (run scripts/setup; lxml comes with python3-lxml): \(String(decoding: stderr, as: UTF8.self))")
        return String(decoding: stdout, as: UTF8.self)
    }
}
