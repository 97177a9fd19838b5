import Foundation
import Testing

@Suite("CLI: reports")
struct ReportCLITests {
    static let suite = "name: rep\nseeds: 2\nsteps: 50\ntarget: 0.5\nproblems: [{name: booth, start_jitter: 0.1}]\noptimizers: [{name: sgd, grid: {lr: [0.01, 0.02]}}, {name: adam, lr: 0.1}]\n"

    @Test("run writes the HTML report beside the results unless --no-report")
    func runWritesReport() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        let result = try CLI.run(["run", "s.yaml", "-o", "r.h5"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("report: r.html"))
        let html = try String(contentsOf: directory.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("booth(start_jitter=0.1)"))
        let quiet = try CLI.run(["run", "s.yaml", "-o", "q.h5", "--no-report"], in: directory)
        #expect(quiet.status == 0 && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("q.html").path))
    }

    @Test("report writes Markdown and JSON that state the same best configuration")
    func formats() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        #expect(try CLI.run(["run", "s.yaml", "-o", "r.h5", "--no-report"], in: directory).status == 0)
        let markdown = try CLI.run(["report", "r.h5", "--format", "md"], in: directory)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let json = try CLI.run(["report", "r.h5", "-o", "r.json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let md = try String(contentsOf: directory.appendingPathComponent("r.md"), encoding: .utf8)
        let js = try String(contentsOf: directory.appendingPathComponent("r.json"), encoding: .utf8)
        #expect(md.contains("adam(lr=0.1)") && js.contains("adam(lr=0.1)"))
        _ = try JSONSerialization.jsonObject(with: Data(js.utf8))
        let missing = try CLI.run(["report", "none.h5"], in: directory)
        #expect(missing.status == 2 && missing.stderr.hasPrefix("optbench: none.h5: "))
    }
}
