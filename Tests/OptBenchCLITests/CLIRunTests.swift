import Foundation
import OptBench
import OptBenchRun
import Testing

@Suite("CLI: running suites", .serialized)
struct CLIRunTests {
    /// Stochastic and deterministic problems, several optimizers, three seeds: enough runs for
    /// two workers to interleave.
    static let suite = """
        name: mixed
        seeds: 3
        steps: 300
        target: 0.01
        problems:
          - {name: rosenbrock, start_jitter: 0.1}
          - {name: quadratic, dim: 8, condition: 50, noise_std: 0.2}
          - {name: noisy_quadratic, dim: 20, batch_size: 4}
          - {name: mlp, dataset: moons, hidden: [8], dropout: 0.1, samples: 200, epochs: 2}
        optimizers:
          - {name: sgd, grid: {lr: [0.001, 0.01]}}
          - {name: adam, lr: 0.01, schedule: {name: cosine, warmup_steps: 20}}
          - {name: rmsprop, lr: 0.01, clip: {max_norm: 1.0}}
          - {name: sgd, lr: 0.5}
        """

    @Test("--jobs 1 and --jobs 2 write identical trajectories")
    func jobsDoNotChangeResults() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        let one = try CLI.run(["run", "s.yaml", "-o", "one.h5", "--jobs", "1"], in: directory)
        let two = try CLI.run(["run", "s.yaml", "-o", "two.h5", "--jobs", "2"], in: directory)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        let a = try ResultsData(path: directory.appendingPathComponent("one.h5").path)
        let b = try ResultsData(path: directory.appendingPathComponent("two.h5").path)
        #expect(a.runs.count == 4 * 5 * 3)
        #expect(a.runs.values.contains { $0.id.hasPrefix("mlp(") && !$0.evaluations.isEmpty })
        #expect(a == b)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("one.h5.parts").path))
    }

    @Test("a diverging configuration is recorded as diverged and the suite completes")
    func divergenceRecorded() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        let result = try CLI.run(["run", "s.yaml", "-o", "r.h5"], in: directory)
        #expect(result.status == 0)
        let data = try ResultsData(path: directory.appendingPathComponent("r.h5").path)
        let diverged = data.runs.values.filter { $0.id.contains("/sgd(lr=0.5)/") && $0.id.hasPrefix("rosenbrock") }
        #expect(diverged.count == 3 && diverged.allSatisfy { $0.status == "diverged" && $0.steps < 300 })
        #expect(result.stdout.contains("diverged"))
        let info = try CLI.run(["info", "r.h5"], in: directory)
        #expect(info.status == 0 && info.stdout.contains("runs:      60 ("))
    }

    @Test("a run that fails (a network too large for memory) is recorded as failed; the suite completes; exit 1 with one line naming it")
    func failedRunRecorded() throws {
        let suite = """
            name: f
            epochs: 1
            problems:
              - {name: mlp, dataset: moons, samples: 100, hidden: [1000000, 1000000]}
              - {name: logreg, dataset: moons, samples: 100}
            optimizers: [{name: adam}]
            """
        let directory = try CLI.workspace(["s.yaml": suite])
        let result = try CLI.run(["run", "s.yaml", "-o", "r.h5", "--quiet"], in: directory)
        #expect(result.status == 1, "\(result.stderr)")
        let failedID = "mlp(dataset=moons,hidden=[1000000,1000000],samples=100)/adam()/seed=0"
        #expect(result.stderr.hasPrefix("optbench: 1 of 2 runs failed: \(failedID) (cannot start: needs "), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("of memory for 1000005000001 parameters (values, gradient, up to 4 optimizer state buffers) and 5 logged rows; "
            + "this machine has \(MemoryRequirement.format(MemoryRequirement.physicalMemory))); 'optbench info r.h5' lists them\n"), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        #expect(result.stdout.contains("2 runs in r.h5: 1 completed, 1 failed"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("r.html").path))
        let data = try ResultsData(path: directory.appendingPathComponent("r.h5").path)
        #expect(data.runs[0]?.id == failedID && data.runs[0]?.status == "failed" && data.runs[0]?.step == [])
        #expect(data.runs[1]?.status == "completed")
        let info = try CLI.run(["info", "r.h5"], in: directory)
        #expect(info.status == 0 && info.stdout.contains("runs:      2 (1 completed, 0 diverged, 1 failed, 0 interrupted)")
            && info.stdout.contains("  failed: \(failedID): cannot start: needs "))
        // --resume reuses the completed run and tries the failed one again.
        let resumed = try CLI.run(["run", "s.yaml", "-o", "r.h5", "--resume", "--quiet"], in: directory)
        #expect(resumed.status == 1 && resumed.stdout.contains("; 1 reused"), "\(resumed.stdout)")
    }

    @Test("two shards merged equal the whole suite")
    func shardsMerge() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        #expect(try CLI.run(["run", "s.yaml", "-o", "all.h5"], in: directory).status == 0)
        #expect(try CLI.run(["run", "s.yaml", "-o", "a.h5", "--shard", "1/2"], in: directory).status == 0)
        #expect(try CLI.run(["run", "s.yaml", "-o", "b.h5", "--shard", "2/2"], in: directory).status == 0)
        let merged = try CLI.run(["merge", "b.h5", "a.h5", "-o", "merged.h5"], in: directory)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try ResultsData(path: directory.appendingPathComponent("merged.h5").path)
            == ResultsData(path: directory.appendingPathComponent("all.h5").path))
        let duplicate = try CLI.run(["merge", "a.h5", "a.h5", "-o", "dup.h5"], in: directory)
        #expect(duplicate.status == 2 && duplicate.stderr.contains("shards must not overlap"))
    }

    @Test("resuming one shard into a file that holds other shards' runs is refused, not a silent loss")
    func resumeShardIntoMergedFile() throws {
        let directory = try CLI.workspace(["s.yaml": "name: r\nsteps: 20\nproblems: [{name: booth}]\noptimizers: [{name: sgd, grid: {lr: [0.01, 0.02, 0.03]}}]\n"])
        #expect(try CLI.run(["run", "s.yaml", "-o", "all.h5"], in: directory).status == 0)
        let before = try ResultsData(path: directory.appendingPathComponent("all.h5").path)
        let result = try CLI.run(["run", "s.yaml", "-o", "all.h5", "--shard", "1/2", "--resume"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("outside shard 1/2"))
        #expect(try ResultsData(path: directory.appendingPathComponent("all.h5").path) == before)
        #expect(try CLI.run(["run", "s.yaml", "-o", "half.h5", "--shard", "1/2"], in: directory).status == 0)
        let merged = try CLI.run(["merge", "half.h5", "-o", "m.h5"], in: directory)
        #expect(merged.status == 0 && merged.stderr.contains("warning: the suite has 3 runs; 1 are in none of the inputs"))
    }

    @Test("an existing output is never touched without --resume or --force")
    func noClobber() throws {
        let directory = try CLI.workspace(["s.yaml": "name: t\nproblems: [{name: booth}]\noptimizers: [{name: sgd}]\n"])
        let output = directory.appendingPathComponent("r.h5")
        try Data("precious".utf8).write(to: output)
        let result = try CLI.run(["run", "s.yaml", "-o", "r.h5"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == "optbench: r.h5: already exists; use --resume to continue it or --force to replace it\n")
        #expect(try Data(contentsOf: output) == Data("precious".utf8))
        let forced = try CLI.run(["run", "s.yaml", "-o", "r.h5", "--force"], in: directory)
        #expect(forced.status == 0)
        #expect(try ResultsData(path: output.path).runs.count == 1)
    }

    @Test("SIGINT stops the suite with exit 130, and --resume completes it to equal an uninterrupted run")
    func interruptAndResume() throws {
        let long = """
            name: long
            seeds: 2
            steps: 150000
            log_every: 1000
            problems:
              - {name: rosenbrock, start_jitter: 0.1}
              - {name: booth, noise_std: 0.1}
            optimizers:
              - {name: sgd, grid: {lr: [0.0001, 0.0002, 0.0003]}}
              - {name: adam, grid: {lr: [0.001, 0.002]}}
            """
        let directory = try CLI.workspace(["s.yaml": long])
        #expect(try CLI.run(["run", "s.yaml", "-o", "whole.h5"], in: directory).status == 0)

        let (process, out, err) = try CLI.start(["run", "s.yaml", "-o", "cut.h5", "--jobs", "2"], in: directory)
        Thread.sleep(forTimeInterval: 0.8)
        process.interrupt()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("resume with: optbench run s.yaml -o cut.h5 --resume"))
        let partial = try ResultsData(path: directory.appendingPathComponent("cut.h5").path)
        #expect(partial.runs.values.contains { $0.status == "interrupted" })
        #expect(partial.runs.count < 20)

        let resumed = try CLI.run(["run", "s.yaml", "-o", "cut.h5", "--resume"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let completedBefore = partial.runs.values.filter { $0.status == "completed" || $0.status == "diverged" }.count
        if completedBefore > 0 { #expect(resumed.stdout.contains("; \(completedBefore) reused")) }
        #expect(try ResultsData(path: directory.appendingPathComponent("cut.h5").path)
            == ResultsData(path: directory.appendingPathComponent("whole.h5").path))
    }

    @Test("a suite changed since the first run reruns only the changed runs")
    func resumeAfterChange() throws {
        let first = "name: c\nsteps: 100\nproblems: [{name: booth}]\noptimizers: [{name: sgd, grid: {lr: [0.01, 0.02]}}, {name: adam}]\n"
        let directory = try CLI.workspace(["s.yaml": first])
        #expect(try CLI.run(["run", "s.yaml", "-o", "r.h5"], in: directory).status == 0)
        let changed = first.replacingOccurrences(of: "steps: 100", with: "steps: 100\ntarget: 0.5")
        try changed.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let resumed = try CLI.run(["run", "s.yaml", "-o", "r.h5", "--resume"], in: directory)
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("3 rerun because their configuration changed"))
        let fresh = try CLI.workspace(["s.yaml": changed])
        #expect(try CLI.run(["run", "s.yaml", "-o", "r.h5"], in: fresh).status == 0)
        #expect(try ResultsData(path: directory.appendingPathComponent("r.h5").path)
            == ResultsData(path: fresh.appendingPathComponent("r.h5").path))
    }

    @Test("compression: none stores the same values without filters, and --resume keeps runs stored either way")
    func uncompressed() throws {
        let gzip = "name: z\nsteps: 3000\nproblems: [{name: rosenbrock}, {name: quadratic, dim: 10}]\noptimizers: [{name: adam, lr: 0.01}, {name: sgd, lr: 0.001}]\n"
        let none = gzip + "compression: none\n"
        let directory = try CLI.workspace(["g.yaml": gzip, "n.yaml": none])
        for (suite, output) in [("g.yaml", "g.h5"), ("n.yaml", "n.h5")] {
            let result = try CLI.run(["run", suite, "-o", output, "--no-report"], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        #expect(try ResultsData(path: path("g.h5")) == ResultsData(path: path("n.h5")))
        let size = { (name: String) throws in try FileManager.default.attributesOfItem(atPath: path(name))[.size] as? Int ?? 0 }
        let (uncompressed, compressed) = (try size("n.h5"), try size("g.h5"))
        #expect(uncompressed > compressed * 3 / 2, "\(uncompressed) against \(compressed) bytes")
        try ResultsProbeTests.python("""
            import sys, h5py
            for path, gzip in ((sys.argv[1], True), (sys.argv[2], False)):
                with h5py.File(path, "r") as f:
                    datasets = []
                    for run in f["runs"].values():
                        run.visititems(lambda name, d: datasets.append(d) if isinstance(d, h5py.Dataset) else None)
                    assert len(datasets) == 4 * 6, len(datasets)
                    for d in datasets:
                        assert d.chunks is not None and d.maxshape[0] is None, d.name
                        if gzip: assert d.compression == "gzip" and d.compression_opts == 1 and d.shuffle, d.name
                        else: assert d.compression is None and not d.shuffle and not d.fletcher32, d.name
                        d[()]
            """, [path("g.h5"), path("n.h5")])
        // Storage changes no value, so a resume under the other setting reuses every run.
        let resumed = try CLI.run(["run", "n.yaml", "-o", "g.h5", "--resume", "--no-report"], in: directory)
        #expect(resumed.status == 0 && resumed.stdout.contains("4 reused"), "\(resumed.stdout)\(resumed.stderr)")
    }

    @Test("export writes a runs table and a long-format trajectory table")
    func export() throws {
        let directory = try CLI.workspace(["s.yaml": "name: e\nsteps: 10\nproblems: [{name: booth}]\noptimizers: [{name: sgd, grid: {lr: [0.01, 0.02]}}]\n"])
        #expect(try CLI.run(["run", "s.yaml", "-o", "r.h5"], in: directory).status == 0)
        let result = try CLI.run(["export", "r.h5", "--csv", "csv"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try String(contentsOf: directory.appendingPathComponent("csv/runs.csv"), encoding: .utf8).split(separator: "\n")
        #expect(runs.count == 3)
        #expect(runs[0].hasPrefix("index,run_id,problem,optimizer,seed,") && runs[0].contains("optimizer.lr"))
        #expect(runs[2].contains("booth()/sgd(lr=0.02)/seed=0"))
        let trajectory = try String(contentsOf: directory.appendingPathComponent("csv/trajectories.csv"), encoding: .utf8).split(separator: "\n")
        #expect(trajectory.count == 1 + 2 * 11)
        #expect(try CLI.run(["export", "r.h5", "--csv", "csv"], in: directory).status == 2)
    }
}
