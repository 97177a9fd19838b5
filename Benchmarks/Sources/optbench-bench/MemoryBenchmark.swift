import Foundation

/// Peak memory of `optbench run` (the release CLI) against the number of runs: suites of 1 000,
/// 10 000 and 20 000 runs of 5 steps of a 2-D quadratic, each measured as the kernel accounts
/// the child (wait4's `ru_maxrss`). Results stream to part files through a bounded queue, and
/// the output is assembled from the parts without keeping them open, so the peak should hardly
/// move: what grows is the plan, the summaries and the output's group index.
///
/// The child is spawned straight from this process, whose own peak (printed first) Linux
/// folds into the child's `ru_maxrss` at exec; it is small here, since nothing else runs first.
enum MemoryBenchmark {
    static let counts = [1_000, 10_000, 20_000]

    /// The release `optbench` of this checkout (or `$OPTBENCH_BINARY`).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["OPTBENCH_BINARY"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/release/optbench").path
    }

    static func run() throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            FileHandle.standardError.write(Data("memory: no \(binary); build it first with 'swift build -c release' (or set OPTBENCH_BINARY)\n".utf8))
            exit(2)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-bench-memory-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        print("memory: optbench run of N runs (5 steps of a 2-D quadratic each), --jobs 2, default parts; \(binary)")
        print("  this process's own peak: \(ownPeakKilobytes() >> 10) MiB (a floor for the figures below)")
        var first: (runs: Int, kilobytes: Int)?
        for count in counts {
            let suite = directory.appendingPathComponent("s\(count).yaml").path
            try "name: flat\nseeds: \(count)\nsteps: 5\nproblems: [{name: quadratic, dim: 2}]\noptimizers: [{name: sgd, lr: 0.001}]\n"
                .write(toFile: suite, atomically: true, encoding: .utf8)
            let start = DispatchTime.now().uptimeNanoseconds
            let (status, kilobytes) = try peakMemory([binary, "run", suite, "-o", directory.appendingPathComponent("r\(count).h5").path, "--no-report", "--quiet", "--jobs", "2"])
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            guard status == 0 else { throw BenchmarkFailed(description: "optbench exited with \(status) for \(count) runs") }
            var line = "  \(String(count).padding(toLength: 6, withPad: " ", startingAt: 0)) runs: peak RSS \(kilobytes >> 10) MiB, \(format(seconds)) s"
            if let first {
                line += ", \(format(Double(kilobytes - first.kilobytes) / Double(count - first.runs), digits: 2)) KiB per run beyond \(first.runs)"
            } else {
                first = (count, kilobytes)
            }
            print(line)
        }
    }

    static func ownPeakKilobytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") ?? 0
    }

    /// Spawns `arguments` with output discarded and returns its exit status and `ru_maxrss` (KiB).
    static func peakMemory(_ arguments: [String]) throws -> (status: Int32, kilobytes: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchmarkFailed(description: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return (status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F), usage.ru_maxrss)
    }

    struct BenchmarkFailed: Error, CustomStringConvertible {
        var description: String
    }
}
