import Foundation
import Testing

@Suite("CLI: output faults never damage what is already written", .serialized)
struct OutputFaultTests {
    static let suite = "name: f\nseeds: 3\nsteps: 3000\nproblems: [{name: rosenbrock, start_jitter: 0.1}]\noptimizers: [{name: sgd, grid: {lr: [0.0001, 0.0002, 0.0003]}}, {name: adam}]\n"

    /// Runs optbench through bash with a file-size limit (writes past it fail with EFBIG, as on
    /// a full disk; SIGXFSZ is ignored so the write returns the error instead of killing us).
    static func runWithFileLimit(kilobytes: Int, _ arguments: [String], in directory: URL) throws -> CLI.Result {
        let command = "ulimit -f \(kilobytes); trap '' XFSZ; exec \"$0\" \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command, CLI.binary] + arguments
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: "", stderr: stderr)
    }

    @Test("a full disk gives one line and exit 2, and the previous results file is untouched")
    func fullDisk() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        #expect(try CLI.run(["run", "s.yaml", "-o", "r.h5", "--no-report"], in: directory).status == 0)
        let before = try Data(contentsOf: directory.appendingPathComponent("r.h5"))
        let result = try Self.runWithFileLimit(kilobytes: 64, ["run", "s.yaml", "-o", "r.h5", "--force", "--quiet", "--no-report"], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("optbench: ") && result.stderr.contains("File too large"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("r.h5")) == before)
    }

    @Test("a second optbench writing the same output refuses at once")
    func secondWriterRefused() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite.replacingOccurrences(of: "steps: 3000", with: "steps: 3000000\nlog_every: 100000")])
        let (first, _, _) = try CLI.start(["run", "s.yaml", "-o", "r.h5", "--quiet", "--no-report"], in: directory)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() } }
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        let second = try CLI.run(["run", "s.yaml", "-o", "r.h5", "--resume", "--quiet", "--no-report"], in: directory)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(second.status == 2)
        #expect(second.stderr == "optbench: r.h5: another optbench process is writing this output (lock r.h5.lock is held)\n")
        #expect(first.isRunning)
    }

    @Test("an output path that is a directory, or in a missing directory, is refused")
    func badOutputPaths() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("dir.h5"), withIntermediateDirectories: true)
        let intoDirectory = try CLI.run(["run", "s.yaml", "-o", "dir.h5"], in: directory)
        #expect(intoDirectory.status == 2 && intoDirectory.stderr == "optbench: dir.h5: is a directory; expected a results file path\n")
        let missing = try CLI.run(["run", "s.yaml", "-o", "nowhere/r.h5"], in: directory)
        #expect(missing.status == 2 && missing.stderr == "optbench: nowhere/r.h5: the directory nowhere does not exist\n")
    }
}
