import Foundation
import Testing

/// The shell scripts of `scripts/` parse, and the Slurm driver builds the right commands, on a
/// machine without Slurm.
@Suite("scripts/")
struct ScriptsTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let slurmScript = root.appendingPathComponent("scripts/slurm-array.sh").path

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `bash arguments…` with extra environment variables.
    static func bash(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A scratch directory with a suite `demo.yaml` and a stand-in `optbench` that prints its
    /// arguments and a dry-run summary of 3 runs.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-scripts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "name: demo\nproblems:\n  - name: quadratic\noptimizers:\n  - name: sgd\n"
            .write(to: directory.appendingPathComponent("demo.yaml"), atomically: true, encoding: .utf8)
        let stub = directory.appendingPathComponent("optbench")
        try "#!/bin/sh\necho \"optbench $*\"\necho '3 runs (3 in the suite)'\n".write(to: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        return directory
    }

    @Test("scripts/slurm-array.sh passes bash -n")
    func slurmScriptSyntax() throws {
        let result = try Self.bash(["-n", Self.slurmScript])
        #expect(result.status == 0, "bash -n: \(result.stderr)")
    }

    @Test("scripts/sanitize passes bash -n and refuses a kind other than address or thread")
    func sanitizeScriptUsage() throws {
        let script = Self.root.appendingPathComponent("scripts/sanitize").path
        let syntax = try Self.bash(["-n", script])
        #expect(syntax.status == 0, "bash -n: \(syntax.stderr)")
        let wrong = try Self.bash([script, "memory"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "usage: scripts/sanitize address|thread\n")
    }

    @Test("tests excluded in scripts/sanitize name real tests, and every suppression is explained")
    func sanitizeExclusionsAndSuppressions() throws {
        let script = try String(contentsOf: Self.root.appendingPathComponent("scripts/sanitize"), encoding: .utf8)
        let tests = Self.root.appendingPathComponent("Tests")
        let sources = try FileManager.default.subpathsOfDirectory(atPath: tests.path).filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: tests.appendingPathComponent($0), encoding: .utf8) }
        // Each `--skip 'Suite/test'` must match a `struct Suite` holding a `func test(`, so a
        // renamed test cannot leave a stale exclusion behind.
        let skips = script.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let start = line.range(of: "--skip '"), let end = line[start.upperBound...].firstIndex(of: "'") else { return nil }
            let parts = line[start.upperBound..<end].split(separator: "/")
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
        #expect(!skips.isEmpty)
        for (suite, test) in skips {
            #expect(sources.contains { $0.contains("struct \(suite) ") && $0.contains("func \(test)(") }, "no test \(suite)/\(test)")
        }
        // Every suppression line has a comment right above it or above the entries it groups with.
        let directory = Self.root.appendingPathComponent("scripts/sanitizers")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".supp") {
            let lines = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#") {
                let above = lines[..<index].reversed().first { !$0.contains(":") || $0.hasPrefix("#") }
                #expect(above?.hasPrefix("#") == true, "\(name): '\(line)' has no comment")
            }
        }
    }

    @Test("DRY_RUN=1 prints the array job and a merge job that depends on it")
    func slurmSubmissionDryRun() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = directory.appendingPathComponent("Results").path
        let result = try Self.bash(
            [Self.slurmScript, directory.appendingPathComponent("demo.yaml").path, "2", "--time=00:10:00"],
            environment: ["DRY_RUN": "1", "OPTBENCH": directory.appendingPathComponent("optbench").path, "RESULTS": results])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let array = lines.first ?? "", merge = lines.last ?? ""
        #expect(array.hasPrefix("sbatch "))
        #expect(array.contains("--array=0-1"))
        #expect(array.contains("--time=00:10:00"))
        #expect(array.contains("--task"))
        #expect(merge.contains("--dependency=afterok:ARRAY_JOB_ID"))
        #expect(merge.contains("--merge"))
    }

    @Test("an array task runs shard SLURM_ARRAY_TASK_ID+1 of N into Results/NAME.shard-K-of-N.h5")
    func slurmTaskCommand() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let suite = directory.appendingPathComponent("demo.yaml").path
        let optbench = directory.appendingPathComponent("optbench").path
        let result = try Self.bash(
            [Self.slurmScript, "--task", suite, "3", "demo", "/results", optbench],
            environment: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_CPUS_PER_TASK": "4"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("optbench run \(suite) --shard 2/3 -o /results/demo.shard-2-of-3.h5 --jobs 4 --resume"))
    }

    @Test("scripts/fuzz and scripts/test pass bash -n; every fuzz target has a seed corpus; every regression input is explained")
    func fuzzScripts() throws {
        for script in ["scripts/fuzz", "scripts/test"] {
            let result = try Self.bash(["-n", Self.root.appendingPathComponent(script).path])
            #expect(result.status == 0, "bash -n \(script): \(result.stderr)")
        }
        let fuzz = Self.root.appendingPathComponent("Fuzz")
        let targets = try FileManager.default.contentsOfDirectory(atPath: fuzz.appendingPathComponent("Sources").path)
            .filter { $0.hasPrefix("fuzz-") }.sorted()
        #expect(targets == ["fuzz-csv", "fuzz-idx", "fuzz-results", "fuzz-suite"])
        for target in targets {
            let seeds = try FileManager.default.contentsOfDirectory(atPath: fuzz.appendingPathComponent("Corpus/\(target)").path)
            #expect(!seeds.isEmpty, "no seeds for \(target)")
        }
        let regressions = fuzz.appendingPathComponent("Regressions")
        let readme = try String(contentsOf: regressions.appendingPathComponent("README.md"), encoding: .utf8)
        for target in try FileManager.default.contentsOfDirectory(atPath: regressions.path) where target.hasPrefix("fuzz-") {
            for input in try FileManager.default.contentsOfDirectory(atPath: regressions.appendingPathComponent(target).path) {
                #expect(readme.contains("`\(target)/\(input)`"), "Fuzz/Regressions/README.md does not explain \(target)/\(input)")
            }
        }
    }
}
