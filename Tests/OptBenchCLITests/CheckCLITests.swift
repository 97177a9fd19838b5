import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OptBenchRun
import Testing

/// `optbench baseline` and `optbench check` end to end, on the shipped CI suite: exit codes,
/// stdout, the stderr line, the JUnit file.
@Suite("CLI: baseline and check", .serialized)
struct CheckCLITests {
    static let ciSuite = CLI.packageRoot.appendingPathComponent("Suites/ci.yaml")

    struct SetupFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// A workspace with `ci.yaml` (the shipped CI suite), its results `a.h5` and baseline `a.json`.
    static func workspaceWithBaseline(_ extra: [String: String] = [:]) throws -> URL {
        var files = extra
        files["ci.yaml"] = try String(contentsOf: ciSuite, encoding: .utf8)
        let directory = try CLI.workspace(files)
        let run = try CLI.run(["run", "ci.yaml", "-o", "a.h5", "--quiet"], in: directory)
        guard run.status == 0 else { throw SetupFailed(description: "run: \(run.stderr)") }
        let baseline = try CLI.run(["baseline", "a.h5", "-o", "a.json"], in: directory)
        guard baseline.status == 0, baseline.stdout == "baseline of suite ci: 28 entries (84 runs) written to a.json\n" else {
            throw SetupFailed(description: "baseline: \(baseline.stdout)\(baseline.stderr)")
        }
        return directory
    }

    /// One such workspace shared by the tests that only read it.
    static let shared = Result { try workspaceWithBaseline() }

    /// Replaces `old` by `new` in the run ids of a results file (with h5py, as another tool
    /// would): results of a changed optimizer under the baseline's ids.
    static func relabel(_ path: URL, _ old: String, _ new: String) throws {
        let script = """
            import sys, h5py
            with h5py.File(sys.argv[1], 'r+') as f:
                n = 0
                for group in f['runs'].values():
                    rid = group.attrs['run_id']
                    rid = rid.decode() if isinstance(rid, bytes) else rid
                    if sys.argv[2] in rid:
                        group.attrs['run_id'] = rid.replace(sys.argv[2], sys.argv[3])
                        n += 1
                print(n)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path.path, old, new]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && Int(stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 0,
                "relabelling failed (h5py under /usr/bin/python3: run scripts/setup): \(stderr)")
    }

    @Test("an identical rerun of the CI suite passes, identical to the baseline; the JUnit file has no failure")
    func identicalRerun() throws {
        let directory = try Self.workspaceWithBaseline()
        #expect(try CLI.run(["run", "ci.yaml", "-o", "b.h5", "--quiet"], in: directory).status == 0)
        let check = try CLI.run(["check", "b.h5", "--baseline", "a.json", "--junit", "reports/junit.xml"], in: directory)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.isEmpty)
        #expect(check.stdout.hasPrefix("optbench check: b.h5 (suite ci, 84 runs) against a.json (28 entries"))
        #expect(check.stdout.hasSuffix("\nPASSED; 128 comparisons within tolerance (128 identical to the baseline)\n"))
        let xml = try XMLDocument(contentsOf: directory.appendingPathComponent("reports/junit.xml"), options: [])
        #expect(xml.rootElement()?.attribute(forName: "tests")?.stringValue == "128")
        #expect(xml.rootElement()?.attribute(forName: "failures")?.stringValue == "0")
        let markdown = try CLI.run(["check", "b.h5", "--baseline", "a.json", "--format", "md"], in: directory)
        #expect(markdown.status == 0 && markdown.stdout.hasPrefix("## Convergence check: passed\n"))
    }

    @Test("a suite with adam's lr 2 % lower: its entries are missing and new, exit 1, and the JUnit file says so")
    func perturbedLearningRate() throws {
        let directory = try Self.workspaceWithBaseline()
        let perturbed = try String(contentsOf: Self.ciSuite, encoding: .utf8).replacingOccurrences(of: "{name: adam, lr: 0.03}", with: "{name: adam, lr: 0.0294}")
        try perturbed.write(to: directory.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["run", "p.yaml", "-o", "p.h5", "--quiet"], in: directory).status == 0)
        let check = try CLI.run(["check", "p.h5", "--baseline", "a.json", "--junit", "j.xml"], in: directory)
        #expect(check.status == 1)
        #expect(check.stderr == "optbench: FAILED: 4 missing from the results, 4 without baseline; 109 comparisons within tolerance (109 identical to the baseline)\n")
        let rows = check.stdout.split(separator: "\n")
        #expect(rows.filter { $0.hasPrefix("MISSING") && $0.contains("adam(lr=0.03)") }.count == 4)
        #expect(rows.filter { $0.hasPrefix("NEW") && $0.contains("adam(lr=0.0294)") }.count == 4)
        #expect(check.stdout.contains("note: the suite differs from the baseline's from line 23 on"))
        let xml = try XMLDocument(contentsOf: directory.appendingPathComponent("j.xml"), options: [])
        #expect(xml.rootElement()?.attribute(forName: "failures")?.stringValue == "8")
        #expect(try xml.nodes(forXPath: "//testcase/failure[@type='missing']").count == 4)
        // With both findings allowed, what remains holds.
        let lenient = try CLI.run(["check", "p.h5", "--baseline", "a.json", "--allow-missing", "--allow-new"], in: directory)
        #expect(lenient.status == 0, "\(lenient.stderr)")
    }

    @Test("adam 10 % off under the baseline's ids (a changed implementation): metric regressions, exit 1; a looser tolerance passes")
    func perturbedOptimizerSameIDs() throws {
        let directory = try Self.workspaceWithBaseline()
        let perturbed = try String(contentsOf: Self.ciSuite, encoding: .utf8).replacingOccurrences(of: "{name: adam, lr: 0.03}", with: "{name: adam, lr: 0.027}")
        try perturbed.write(to: directory.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["run", "p.yaml", "-o", "p.h5", "--quiet"], in: directory).status == 0)
        try Self.relabel(directory.appendingPathComponent("p.h5"), "/adam(lr=0.027)/", "/adam(lr=0.03)/")
        let check = try CLI.run(["check", "p.h5", "--baseline", "a.json"], in: directory)
        #expect(check.status == 1, "\(check.stdout)")
        let regressions = check.stdout.split(separator: "\n").filter { $0.hasPrefix("REGRESSION") }
        #expect(regressions.count >= 3 && regressions.allSatisfy { $0.contains("adam(lr=0.03)") }, "\(check.stdout)")
        #expect(!check.stdout.contains("MISSING") && !check.stdout.contains("\nNEW"))
        #expect(check.stderr.hasPrefix("optbench: FAILED: \(regressions.count) regressions; "))
        let loose = try CLI.run(["check", "p.h5", "--baseline", "a.json", "--tolerance", "optimizer=adam,relative=100"], in: directory)
        #expect(loose.status == 0, "\(loose.stdout)")
        #expect(loose.stdout.contains("note: command-line tolerances: {optimizer: adam, relative: 100.0}"))
    }

    @Test("a run that diverges where the baseline's converged is a regression")
    func divergence() throws {
        let suite = "name: div\nseeds: 2\nsteps: 200\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: LR}]\n"
        let directory = try CLI.workspace(["a.yaml": suite.replacingOccurrences(of: "LR", with: "0.001"),
                                           "b.yaml": suite.replacingOccurrences(of: "LR", with: "0.1")])
        #expect(try CLI.run(["run", "a.yaml", "-o", "a.h5", "--quiet"], in: directory).status == 0)
        #expect(try CLI.run(["run", "b.yaml", "-o", "b.h5", "--quiet"], in: directory).status == 0)
        #expect(try CLI.run(["baseline", "a.h5", "-o", "a.json"], in: directory).status == 0)
        try Self.relabel(directory.appendingPathComponent("b.h5"), "/sgd(lr=0.1)/", "/sgd()/")
        let check = try CLI.run(["check", "b.h5", "--baseline", "a.json"], in: directory)
        #expect(check.status == 1)
        let status = check.stdout.split(separator: "\n").first { $0.hasPrefix("REGRESSION") && $0.contains(" status ") }
        #expect(status?.contains("seed 0 diverged (") == true && status?.contains("but completed in the baseline") == true, "\(check.stdout)")
    }

    @Test("bad baselines give one clear line and exit 2, and write no report",
          arguments: [
            ("missing", nil, "optbench: gone.json: no such file; make a baseline with 'optbench baseline RESULTS.h5 -o gone.json'"),
            ("malformed", "{\"format\": 1,,}", "optbench: bad.json: malformed JSON: Invalid value at line 1, column 14"),
            ("newer", "NEWER", "optbench: bad.json: format: baseline format 2 is newer than this optbench reads (1); use a newer optbench"),
            ("other suite", "OTHER", "optbench: bad.json: a baseline of suite 'quickstart', but a.h5 holds results of suite 'ci'; check against Results/baselines/ci.json or make one with 'optbench baseline'"),
          ] as [(String, String?, String)])
    func badBaseline(what: String, content: String?, stderr: String) throws {
        let directory = try Self.shared.get()
        let valid = try String(contentsOf: directory.appendingPathComponent("a.json"), encoding: .utf8)
        var name = "gone.json"
        if let content {
            name = "bad.json"
            let text = switch content {
            case "NEWER": valid.replacingOccurrences(of: "\"format\" : 1,", with: "\"format\" : 2,")
            case "OTHER": valid.replacingOccurrences(of: "\"suite_name\" : \"ci\"", with: "\"suite_name\" : \"quickstart\"")
            default: content
            }
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let check = try CLI.run(["check", "a.h5", "--baseline", name, "--junit", "j.xml"], in: directory)
        #expect(check.status == 2, "\(what)")
        #expect(check.stderr == stderr + "\n")
        #expect(check.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("j.xml").path))
    }

    @Test("baseline refuses to overwrite without --force, and refuses what is not a results file")
    func baselineErrors() throws {
        let directory = try Self.workspaceWithBaseline(["junk.h5": "not HDF5"])
        let again = try CLI.run(["baseline", "a.h5", "-o", "a.json"], in: directory)
        #expect(again.status == 2 && again.stderr == "optbench: a.json: already exists; use --force to replace it\n")
        #expect(try CLI.run(["baseline", "a.h5", "-o", "a.json", "--force"], in: directory).status == 0)
        let junk = try CLI.run(["baseline", "junk.h5", "-o", "j.json"], in: directory)
        #expect(junk.status == 2 && junk.stderr.hasPrefix("optbench: junk.h5: ") && junk.stderr.filter { $0 == "\n" }.count == 1)
        let rule = try CLI.run(["baseline", "a.h5", "-o", "r.json", "--tolerance", "problem=rosenbrok,relative=0.1"], in: directory)
        #expect(rule.status == 0)
        #expect(rule.stderr == "optbench: warning: the tolerance rule {problem: rosenbrok, relative: 0.1} matches no entry of a.h5\n")
    }

    @Test("the suite's check: section and the command line set the baseline's tolerances")
    func tolerancesRecorded() throws {
        let directory = try Self.shared.get()
        #expect(try CLI.run(["baseline", "a.h5", "-o", "t.json", "--relative", "0.1", "--tolerance", "problem=beale,optimizer=sgd,absolute=0.5"], in: directory).status == 0)
        let baseline = try Baseline.load(path: directory.appendingPathComponent("t.json").path)
        #expect(baseline.toleranceRules == [
            ToleranceRule(madMultiplier: 3, relative: 0.05, absolute: 1e-8),
            ToleranceRule(problem: "mlp", relative: 0.2),
            ToleranceRule(relative: 0.1),
            ToleranceRule(problem: "beale", optimizer: "sgd", absolute: 0.5),
        ])
        let tolerance = { (problem: String, optimizer: String) in
            baseline.entries.first { $0.problem.hasPrefix(problem) && $0.optimizer.hasPrefix(optimizer) }?.tolerance
        }
        #expect(tolerance("mlp", "adam") == Tolerance(madMultiplier: 3, relative: 0.1, absolute: 1e-8))
        #expect(tolerance("beale", "sgd") == Tolerance(madMultiplier: 3, relative: 0.1, absolute: 0.5))
        #expect(tolerance("rosenbrock", "sgd") == Tolerance(madMultiplier: 3, relative: 0.1, absolute: 1e-8))
    }
}
