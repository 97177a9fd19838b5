import Foundation
import Testing

@Suite("CLI: hostile suite files are refused in one line, quickly")
struct HostileSuiteTests {
    @Test("a 100 MB file is refused by its size before it is read")
    func hugeFile() throws {
        let directory = try CLI.workspace()
        let path = directory.appendingPathComponent("huge.yaml")
        #expect(FileManager.default.createFile(atPath: path.path, contents: nil))
        let handle = try FileHandle(forWritingTo: path)
        try handle.truncate(atOffset: 100 << 20)  // sparse: 100 MB of zeros without writing them
        try handle.close()
        let started = Date()
        let result = try CLI.run(["run", "huge.yaml"], in: directory)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.status == 2)
        #expect(result.stderr == "optbench: huge.yaml: the file is 104857600 bytes; a suite is at most 4194304 bytes\n")
    }

    @Test("binary garbage is named as not text")
    func binaryGarbage() throws {
        let directory = try CLI.workspace()
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0xFF, 0xFE, 0x01]).write(to: directory.appendingPathComponent("g.yaml"))
        let result = try CLI.run(["run", "g.yaml"], in: directory)
        #expect(result.status == 2 && result.stderr == "optbench: g.yaml: not UTF-8 text; expected a suite YAML file\n")
    }

    @Test("very deep nesting is refused, not recursed into")
    func deepNesting() throws {
        let depth = 5000
        let directory = try CLI.workspace(["d.yaml": "name: d\nproblems: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"])
        let result = try CLI.run(["run", "d.yaml"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("optbench: d.yaml:") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
    }

    @Test("non-finite and negative values where they make no sense are refused", arguments: [
        ("lr: .inf", "optimizers[0].lr: expected a number ≥ 0, got inf"),
        ("lr: .nan", "optimizers[0].lr: expected a number ≥ 0, got nan"),
        ("eps: -1e-8", "optimizers[0].eps: expected a number ≥ 0, got -1e-08"),
    ])
    func nonFinite(setting: String, message: String) throws {
        let directory = try CLI.workspace(["s.yaml": "name: s\nproblems: [{name: booth}]\noptimizers:\n  - name: adam\n    \(setting)\n"])
        let result = try CLI.run(["run", "s.yaml"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasSuffix(message + "\n"), "\(result.stderr)")
    }

    @Test("SIGTERM stops a suite like SIGINT: in-flight runs marked interrupted, exit 130, resumable")
    func sigterm() throws {
        let directory = try CLI.workspace(["s.yaml": "name: t\nsteps: 5000000\nlog_every: 100000\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: 0.0001}]\n"])
        let (process, out, err) = try CLI.start(["run", "s.yaml", "-o", "r.h5", "--no-report"], in: directory)
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        let data = try ResultsData(path: directory.appendingPathComponent("r.h5").path)
        #expect(data.runs.values.map(\.status) == ["interrupted"])
    }
}
