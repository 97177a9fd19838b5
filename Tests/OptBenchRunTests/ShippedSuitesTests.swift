import Foundation
import OptBenchRun
import Testing

/// Every suite we ship, and every complete suite shown in `docs/suite-format.md`, must load and
/// expand: the shipped files and the documentation cannot drift from the parser.
@Suite("Shipped suites and documented examples load and expand")
struct ShippedSuitesTests {
    /// The package root: three levels up from this file (Tests/OptBenchRunTests/…).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Suites/*.yaml`, sorted, as paths relative to the package root.
    static let shippedSuites: [String] = {
        let directory = root.appendingPathComponent("Suites")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "Suites/" + $0 }
    }()

    /// A ```yaml fenced block of a Markdown file: its text and the line its fence opens on.
    struct FencedBlock: CustomTestStringConvertible, Sendable {
        var line: Int
        var text: String
        var testDescription: String { "docs/suite-format.md:\(line)" }

        /// Whether the block is a whole suite rather than a fragment: `name:` and `problems:`
        /// at the top level (column 0).
        var isCompleteSuite: Bool {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.contains { $0.hasPrefix("name:") } && lines.contains { $0.hasPrefix("problems:") }
        }
    }

    /// Every ```yaml block of `markdown`, in order.
    static func yamlBlocks(in markdown: String) -> [FencedBlock] {
        var blocks: [FencedBlock] = []
        var current: (line: Int, lines: [Substring])?
        for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var open = current {
                if trimmed == "```" {
                    blocks.append(FencedBlock(line: open.line, text: open.lines.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    open.lines.append(line)
                    current = open
                }
            } else if trimmed == "```yaml" {
                current = (number + 1, [])
            }
        }
        return blocks
    }

    static let documentPath = "docs/suite-format.md"

    /// The complete suites of `docs/suite-format.md` (empty if the file is missing; a separate
    /// test insists on it).
    static let documentedSuites: [FencedBlock] = {
        let url = root.appendingPathComponent(documentPath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return yamlBlocks(in: text).filter(\.isCompleteSuite)
    }()

    @Test("Suites/ holds the shipped suites")
    func suitesExist() {
        #expect(!Self.shippedSuites.isEmpty, "no Suites/*.yaml under \(Self.root.path)")
        #expect(Self.shippedSuites.contains("Suites/quickstart.yaml"))
    }

    @Test("a shipped suite loads and expands to runs", arguments: shippedSuites)
    func shippedSuiteExpands(path: String) throws {
        let suite = try Suite.load(path: Self.root.appendingPathComponent(path).path)
        let plan = try RunPlan(suite: suite)
        #expect(!plan.runs.isEmpty, "\(path) expands to no runs")
        #expect(plan.runs.map(\.index) == Array(0..<plan.runs.count), "\(path): run indices are not 0..<count")
    }

    @Test("docs/suite-format.md shows complete suites")
    func documentHasExamples() throws {
        let url = Self.root.appendingPathComponent(Self.documentPath)
        #expect(FileManager.default.fileExists(atPath: url.path), "\(Self.documentPath) is missing")
        // The document shows several whole suites; far fewer means the fences changed and the
        // examples escaped this check.
        #expect(Self.documentedSuites.count >= 3, "found \(Self.documentedSuites.count) complete ```yaml suites")
    }

    @Test("a suite shown in docs/suite-format.md loads and expands", arguments: documentedSuites)
    func documentedSuiteExpands(block: FencedBlock) throws {
        let suite = try Suite(parsing: block.text, file: "\(Self.documentPath):\(block.line)")
        let plan = try RunPlan(suite: suite)
        #expect(!plan.runs.isEmpty, "the suite at \(Self.documentPath):\(block.line) expands to no runs")
    }

    @Test("fenced-block extraction finds yaml blocks and tells suites from fragments")
    func extraction() {
        let markdown = """
            text
            ```yaml
            name: a
            problems:
              - name: quadratic
            ```
            ```text
            name: not yaml
            ```
            ```yaml
            grid: {lr: [0.1]}
            ```
            """
        let blocks = Self.yamlBlocks(in: markdown)
        #expect(blocks.count == 2)
        #expect(blocks.first?.line == 2)
        #expect(blocks.map(\.isCompleteSuite) == [true, false])
    }
}
