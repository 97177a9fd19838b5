import Foundation
import OptBenchRun
import Testing

/// Peak memory of `optbench run` against the number of runs: results stream to part files
/// through a bounded queue, and the final file is assembled from the parts without keeping
/// them open (libhdf5 holds memory per run copied out of an open file).
@Suite("Memory stays flat however many runs a suite has", .serialized)
struct MemoryTests {
    /// `seeds` runs of 5 steps of a 2-D quadratic.
    static func suite(seeds: Int) -> String {
        "name: flat\nseeds: \(seeds)\nsteps: 5\nproblems: [{name: quadratic, dim: 2}]\noptimizers: [{name: sgd, lr: 0.001}]\n"
    }

    /// Runs optbench to the end and returns its exit status and peak resident set size in
    /// KiB, as the kernel accounts the child (wait4's rusage).
    ///
    /// Through a small Python process: a child spawned straight from this one would inherit
    /// this process's own peak in its `ru_maxrss` (Linux records the high-water mark of the
    /// memory an exec replaces, here the test runner's, 170 MB in a full test run), so 1 000
    /// and 10 000 runs both measured 169 MiB. Python (a dependency of LayoutDocsTests already)
    /// spawns optbench from its own few MB and reports `os.wait4`'s figure.
    static func peakMemory(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, kilobytes: Int) {
        let script = """
            import os, sys
            quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
            pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
            _, status, usage = os.wait4(pid, 0)
            print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, CLI.binary] + arguments
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        variables["CI"] = "true"
        // Under scripts/sanitize: ASan keeps 256 MB of freed memory in quarantine, which is
        // ASan's memory, not optbench's (the later setting wins).
        if let asan = variables["ASAN_OPTIONS"] { variables["ASAN_OPTIONS"] = asan + ":quarantine_size_mb=0" }
        process.environment = variables
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard process.terminationStatus == 0, fields.count == 2 else {
            throw MeasurementFailed(description: "python3 could not measure optbench: \(problem)\(text)")
        }
        return (Int32(fields[0]), fields[1])
    }

    struct MeasurementFailed: Error, CustomStringConvertible {
        var description: String
    }

    @Test("peak RSS of running and of merging 2 500 short runs is within 32 MiB of 250 (before: 88 → 277 MiB; 10 000 runs took 807 MiB)")
    func manyRuns() throws {
        let directory = try CLI.workspace(["small.yaml": Self.suite(seeds: 250), "large.yaml": Self.suite(seeds: 2_500)])
        defer { try? FileManager.default.removeItem(at: directory) }
        // Parts by count (2000 runs each), not by time, so the measurement does not depend on
        // the machine's speed. A fast suite's parts grow into one (ResultsStore), so the copy of
        // runs out of other files, where libhdf5's memory per run copied out of an open file
        // showed, is measured on `merge` of two shards.
        // 10 000 and 20 000 runs are measured by `optbench-bench memory` (docs/performance.md).
        let environment = ["OPTBENCH_PART_SECONDS": "1000000"]
        func run(_ name: String, shard: String? = nil) throws -> (status: Int32, kilobytes: Int) {
            let path = directory.appendingPathComponent(name).path
            let output = path + (shard.map { "-" + $0.prefix(1) } ?? "") + ".h5"
            return try Self.peakMemory(["run", path + ".yaml", "-o", output, "--no-report", "--quiet", "--jobs", "2"] + (shard.map { ["--shard", $0] } ?? []),
                                       environment: environment)
        }
        func merge(_ name: String) throws -> (status: Int32, kilobytes: Int) {
            let path = directory.appendingPathComponent(name).path
            return try Self.peakMemory(["merge", path + "-1.h5", path + "-2.h5", "-o", path + "-merged.h5"])
        }
        let small = try run("small"), large = try run("large")
        #expect(small.status == 0 && large.status == 0)
        for name in ["small", "large"] {
            for shard in ["1/2", "2/2"] { #expect(try run(name, shard: shard).status == 0) }
        }
        let smallMerge = try merge("small"), largeMerge = try merge("large")
        #expect(smallMerge.status == 0 && largeMerge.status == 0)
        for output in ["large.h5", "large-merged.h5"] {
            let reader = try ResultsReader(path: directory.appendingPathComponent(output).path)
            defer { reader.close() }
            let summaries = try reader.summaries()
            #expect(summaries.count == 2_500 && summaries.allSatisfy { $0.status == .completed })
        }
        // What may grow: the plan, the summaries and the output's group index, a few KB per run
        // (under scripts/sanitize address, with ASan's redzones and shadow, ~15 KB: 33–37 MiB
        // for the 2 250 runs; scripts/sanitize thread skips this test).
        let allowed = ProcessInfo.processInfo.environment["ASAN_OPTIONS"] == nil ? 32 << 10 : 64 << 10
        #expect(large.kilobytes - small.kilobytes < allowed,
                "run: peak RSS \(small.kilobytes >> 10) MiB for 250 runs, \(large.kilobytes >> 10) MiB for 2 500")
        #expect(largeMerge.kilobytes - smallMerge.kilobytes < allowed,
                "merge: peak RSS \(smallMerge.kilobytes >> 10) MiB for 250 runs, \(largeMerge.kilobytes >> 10) MiB for 2 500")
    }
}
