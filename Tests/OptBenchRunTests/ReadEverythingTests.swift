import Foundation
@testable import OptBenchRun
import Testing

@Suite("Reading a results file as far as any command reads it")
struct ReadEverythingTests {
    @Test("a valid file is read whole, every run copied in memory, and nothing is written")
    func validFile() throws {
        let directory = try ResultsReaderErrorTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.h5").path
        let plan = try RunPlan(suite: Suite(parsing: "name: r\nsteps: 5\nseeds: 3\nproblems: [{name: booth}]\noptimizers: [{name: sgd}, {name: adam}]\n", file: "r.yaml"))
        _ = try SuiteRunner(plan: plan, options: .init(jobs: 1, mode: .create, command: ["test"]))
            .run(outputPath: path, cancellation: CancellationFlag(), progress: ProgressReporter(style: .quiet))
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try ResultsReader.readEverything(path: path) == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("it fails as the first command that reads the damage would")
    func damagedRun() throws {
        let directory = try ResultsReaderErrorTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try ResultsReaderErrorTests.validFile(in: directory)
        try ResultsReaderErrorTests.editRun(path) { run in try run.attributes.remove("status") }
        #expect(throws: InputError(file: path, keyPath: "/runs/000000", message: "missing attribute 'status'")) {
            try ResultsReader.readEverything(path: path)
        }
    }

    @Test("the probe's timeout grows with the file; OPTBENCH_PROBE_TIMEOUT replaces it, or is refused")
    func timeout() throws {
        let standard = ProbeTimeout.standard
        #expect(standard.seconds(forBytes: 0) == 20)
        #expect(standard.seconds(forBytes: 1 << 30) == 140)
        #expect(standard.seconds(forBytes: 279_047_865) > 45)  // Suites/classic.yaml's results
        let fixed = try standard.overridden(by: ["OPTBENCH_PROBE_TIMEOUT": "2.5"])
        #expect(fixed.seconds(forBytes: 0) == 2.5 && fixed.seconds(forBytes: 1 << 40) == 2.5)
        #expect(try standard.overridden(by: [:]) == standard)
        for text in ["0", "-1", "soon", "inf", "nan"] {
            #expect(throws: InputError(keyPath: "OPTBENCH_PROBE_TIMEOUT", message: "expected a number of seconds > 0, got '\(text)'")) {
                try standard.overridden(by: ["OPTBENCH_PROBE_TIMEOUT": text])
            }
        }
    }

    @Test("the child's messages survive the line they travel on")
    func messages() {
        let error = InputError(file: "a\nb.h5", keyPath: "/runs/000001", message: "two\nlines, \"quoted\", ünïcödé")
        for message in [ProbeMessage.passed(0), .passed(41), .failed(error), .failed(InputError(message: "bare"))] {
            #expect(!message.line.contains("\n"))
            #expect(ProbeMessage(line: message.line) == message)
        }
        #expect(ProbeMessage(line: "garbage") == nil && ProbeMessage(line: "passed x") == nil && ProbeMessage(line: "failed {") == nil)
    }
}
