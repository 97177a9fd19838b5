import Foundation
import OptBench
@testable import OptBenchRun
import Testing

@Suite("Check: the baseline file")
struct CheckBaselineFileTests {
    typealias F = CheckFixture

    /// Two entries, one with a diverged seed, numbers that need all 17 digits.
    static let baseline: Baseline = {
        var runs = F.entry("rosenbrock(dim=2)", "adam(lr=0.01)", finals: [0.1 + 0.2, 1e-300, 2.5e-8], steps: [12, nil, 40])
        runs += F.entry("booth()", "sgd()", finals: [1, .infinity, 3], target: nil, statuses: [.completed, .diverged, .completed])
        runs[4].message = "non-finite loss (inf) at step 3"
        runs[4].bestLoss = .nan
        return F.baseline(runs)
    }()

    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-baseline-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    @Test("written and read back, a baseline is equal to itself, every number bit for bit")
    func roundTrip() throws {
        let path = Self.temporaryPath("b.json")
        try Self.baseline.write(to: path, force: false)
        let read = try Baseline.load(path: path)
        #expect(read == Self.baseline)
        #expect(read.entries[1].runs[0].finalLoss?.bitPattern == (0.1 + 0.2).bitPattern)
        #expect(read.jsonText == Self.baseline.jsonText)
    }

    @Test("the JSON has sorted keys, every key present (null when a value does not exist), entries sorted")
    func stableShape() throws {
        let text = Self.baseline.jsonText
        #expect(text.hasPrefix("{\n  \"entries\" : [\n"))
        #expect(text.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["entries", "format", "kind", "provenance", "suite", "suite_name", "tolerance_rules"])
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.map { $0["problem"] as? String } == ["booth()", "rosenbrock(dim=2)"])
        for entry in entries {
            #expect(entry.keys.sorted() == ["best_loss", "budget_steps", "final_loss", "optimizer", "problem", "reached", "runs",
                                            "steps_to_target", "target", "tolerance"])
        }
        // Booth has no target: explicit nulls. Its diverged seed keeps its status and message,
        // and its non-finite losses are null.
        #expect(entries[0]["target"] is NSNull && entries[0]["reached"] is NSNull && entries[0]["steps_to_target"] is NSNull)
        let diverged = try #require((entries[0]["runs"] as? [[String: Any]])?[1])
        #expect(diverged["status"] as? String == "diverged" && diverged["final_loss"] is NSNull && diverged["best_loss"] is NSNull)
        #expect(diverged["message"] as? String == "non-finite loss (inf) at step 3")
        // Keys appear in sorted order in the text itself (line by line, at every level).
        for block in [text] {
            var previous: [Int: String] = [:]
            for line in block.split(separator: "\n") {
                let indent = line.prefix { $0 == " " }.count
                guard let open = line.firstIndex(of: "\""), line.contains("\" : ") else {
                    if line.contains("{") || line.contains("[") { previous[indent + 2] = nil }
                    continue
                }
                let key = String(line[line.index(after: open)...].prefix { $0 != "\"" })
                if let last = previous[indent] { #expect(last < key, "\(last) before \(key)") }
                previous[indent] = key
                if line.hasSuffix("{") || line.hasSuffix("[") { previous[indent + 2] = nil }
            }
        }
    }

    @Test("the statistics are the seeds' median and MAD over completed runs")
    func statistics() {
        let entry = Self.baseline.entries[1]
        #expect(entry.finalLoss == SeedStatistic([0.1 + 0.2, 1e-300, 2.5e-8]))
        #expect(entry.stepsToTarget == SeedStatistic(median: 26, mad: 14, count: 2))
        #expect(entry.reached == 2 && entry.successRate == 2.0 / 3)
        let booth = Self.baseline.entries[0]
        #expect(booth.finalLoss == SeedStatistic(median: 2, mad: 1, count: 2) && booth.completed == 2)
    }

    @Test("an existing baseline is replaced only with force; missing directories are created")
    func noClobber() throws {
        let path = Self.temporaryPath("deeper/still/b.json")
        try Self.baseline.write(to: path, force: false)
        #expect(throws: InputError(file: path, message: "already exists; use --force to replace it")) {
            try Self.baseline.write(to: path, force: false)
        }
        try Self.baseline.write(to: path, force: true)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    struct BadBaseline: Sendable, CustomTestStringConvertible {
        var what: String
        var text: String
        var message: String
        var testDescription: String { what }
    }

    /// The valid text with `old` replaced by `new`.
    static func edited(_ old: String, _ new: String) -> String {
        let text = baseline.jsonText
        precondition(text.contains(old), "\(old) not in the baseline")
        return text.replacingOccurrences(of: old, with: new)
    }

    static let badBaselines: [BadBaseline] = [
        BadBaseline(what: "malformed JSON", text: "{\"format\": 1,,}", message: "b.json: malformed JSON: "),
        BadBaseline(what: "not JSON at all", text: "name: ci\n", message: "b.json: malformed JSON: "),
        BadBaseline(what: "a JSON list", text: "[1, 2]", message: "b.json: not an optbench baseline: expected a JSON object"),
        BadBaseline(what: "other JSON", text: "{\"name\": \"x\", \"version\": \"1.0\"}",
                    message: "b.json: not an optbench baseline (no \"kind\": \"optbench baseline\"); make one with 'optbench baseline'"),
        BadBaseline(what: "a newer format", text: edited("\"format\" : 1", "\"format\" : 2"),
                    message: "b.json: format: baseline format 2 is newer than this optbench reads (1); use a newer optbench"),
        BadBaseline(what: "an older format", text: edited("\"format\" : 1", "\"format\" : 0"),
                    message: "b.json: format: baseline format 0 is not supported (this optbench reads 1); remake the baseline"),
        BadBaseline(what: "no format", text: edited("\"format\" : 1,", ""),
                    message: "b.json: format: missing or not an integer; expected 1"),
        BadBaseline(what: "a missing key", text: edited("\"budget_steps\" : 100,", ""),
                    message: "b.json: entries[0].budget_steps: missing"),
        BadBaseline(what: "a mistyped value", text: edited("\"budget_steps\" : 100", "\"budget_steps\" : \"many\""),
                    message: "b.json: entries[0].budget_steps: expected a number"),
        BadBaseline(what: "an unknown status", text: edited("\"status\" : \"diverged\"", "\"status\" : \"exploded\""),
                    message: "b.json: entries[0].runs[1].status: Cannot initialize RunStatus from invalid String value exploded"),
        BadBaseline(what: "a duplicate entry", text: edited("\"optimizer\" : \"sgd()\"", "\"optimizer\" : \"adam(lr=0.01)\"")
                        .replacingOccurrences(of: "\"problem\" : \"booth()\"", with: "\"problem\" : \"rosenbrock(dim=2)\""),
                    message: "b.json: entries[1]: rosenbrock(dim=2)/adam(lr=0.01) is listed twice"),
        BadBaseline(what: "a negative tolerance", text: edited("\"mad_multiplier\" : 3,\n        \"relative\"", "\"mad_multiplier\" : -3,\n        \"relative\""),
                    message: "b.json: entries[0].tolerance.mad_multiplier: expected a finite number ≥ 0, got -3.0"),
    ]

    @Test("a bad baseline is refused with one clear line", arguments: badBaselines)
    func badBaseline(_ bad: BadBaseline) throws {
        do {
            _ = try Baseline.decode(Data(bad.text.utf8), file: "b.json")
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix(bad.message), "\(error.description)")
            #expect(!error.description.contains("\n"))
            if bad.message.hasSuffix(": ") { #expect(error.description.count > bad.message.count, "says why") }
        }
    }

    @Test("Results/baselines/ci.json is the baseline of Suites/ci.yaml as it is now: same text, every run")
    func committedBaseline() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let baseline = try Baseline.load(path: root.appendingPathComponent("Results/baselines/ci.json").path)
        let suitePath = root.appendingPathComponent("Suites/ci.yaml").path
        let suite = try Suite.load(path: suitePath)
        #expect(CheckReport.firstDifference(baseline.suiteText, suite.sourceText) == nil,
                "Suites/ci.yaml changed after Results/baselines/ci.json was made: refresh the baseline (docs/ci.md)")
        let plan = try RunPlan(suite: suite)
        #expect(Set(baseline.entries.map(\.key)) == Set(plan.runs.map { EntryKey($0.id) }))
        #expect(baseline.entries.allSatisfy { $0.runs.map(\.seed) == suite.seeds && $0.runs.allSatisfy { $0.status == .completed } })
        #expect(baseline.toleranceRules == suite.checkRules, "made without command-line tolerances")
    }

    @Test("a missing baseline says how to make one; a directory is refused")
    func missingFile() {
        #expect(throws: InputError(file: "nope.json", message: "no such file; make a baseline with 'optbench baseline RESULTS.h5 -o nope.json'")) {
            try Baseline.load(path: "nope.json")
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: InputError(file: directory, message: "is a directory, expected a baseline JSON file")) {
            try Baseline.load(path: directory)
        }
    }
}
