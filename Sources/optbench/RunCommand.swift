import ArgumentParser
import Foundation
import OptBench
import OptBenchRun

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every optimizer on every problem of a suite and log the trajectories to HDF5."
    )

    @Argument(help: "The suite YAML file.")
    var suite: String

    @Option(name: .shortAndLong, help: "The results file (default: Results/<suite name>.h5).")
    var output: String?

    @Option(help: "Runs executed in parallel, each single-threaded (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Reuse completed and diverged runs of an existing output whose configuration is unchanged.")
    var resume = false

    @Flag(help: "Replace an existing output.")
    var force = false

    @Option(help: "Run only shard K of N (1-based), a deterministic slice of the runs; join shards with 'optbench merge'.")
    var shard: String?

    @Flag(help: "Print the expanded run list and its size, and run nothing.")
    var dryRun = false

    @Flag(help: "No progress output.")
    var quiet = false

    @Flag(help: "Do not write the HTML report next to the results (RESULTS.html).")
    var noReport = false

    func validate() throws {
        if resume && force { throw ValidationError("--resume and --force exclude each other") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard, parseShard(shard) == nil { throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, got '\(shard)'") }
    }

    func parseShard(_ text: String) -> (k: Int, n: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        return (k, n)
    }

    func run() throws {
        let suite = try Suite.load(path: self.suite)
        let plan = try RunPlan(suite: suite)
        let options = SuiteRunner.Options(
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            mode: resume ? .resume : (force ? .force : .create),
            shard: shard.flatMap(parseShard), command: CommandLine.arguments)
        let runner = SuiteRunner(plan: plan, options: options)
        let selected = runner.selectedRuns
        if dryRun {
            for run in selected { print(ResultsLayout.runGroupName(run.index) + "  " + run.id.text) }
            print("\(selected.count) runs (\(plan.runs.count) in the suite)")
            return
        }
        let outputPath = output ?? "Results/\(suite.name)" + (options.shard.map { ".shard-\($0.k)-of-\($0.n)" } ?? "") + ".h5"
        if output == nil, mkdir("Results", 0o777) != 0, errno != EEXIST {
            throw InputError(file: "Results", message: "cannot create the results directory: \(String(cString: strerror(errno)))")
        }
        let resumeCommand = "optbench run \(self.suite) -o \(outputPath) --resume" + (shard.map { " --shard \($0)" } ?? "")
        let watcher = SignalWatcher { "optbench: interrupted; finishing the runs in flight (press Ctrl-C again to stop at once)" }
        let progress = ProgressReporter(style: ProgressReporter.automaticStyle(quiet: quiet))
        let outcome = try runner.run(outputPath: outputPath, cancellation: watcher.cancellation, progress: progress)

        print(RankingTable(summaries: outcome.summaries).text, terminator: "")
        var counts = Dictionary(grouping: outcome.summaries, by: \.status).mapValues(\.count)
        let missing = selected.count - outcome.summaries.count
        let statusLine = RunStatus.allCases.compactMap { status in counts.removeValue(forKey: status).map { "\($0) \(status.rawValue)" } }
            .joined(separator: ", ")
        print("\n\(outcome.summaries.count) runs in \(outputPath): \(statusLine)"
              + (outcome.reused > 0 ? "; \(outcome.reused) reused" : "")
              + (outcome.changed > 0 ? "; \(outcome.changed) rerun because their configuration changed" : "")
              + (missing > 0 ? "; \(missing) not started" : ""))
        if !noReport {
            print("report: " + (try ComparisonReport.write(resultsPath: outputPath)))
        }
        let failed = outcome.summaries.filter { $0.status == .failed }
        if !failed.isEmpty {
            FileHandle.standardError.write(Data("optbench: \(FailedRuns.summary(failed, of: outcome.summaries.count, outputPath: outputPath))\n".utf8))
        }
        if outcome.interrupted {
            FileHandle.standardError.write(Data("optbench: interrupted; resume with: \(resumeCommand)\n".utf8))
            throw ExitCode(130)
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
