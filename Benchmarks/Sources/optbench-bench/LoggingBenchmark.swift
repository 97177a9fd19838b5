import Foundation
import OptBench
import OptBenchRun

/// What logging every step costs a 2-D problem (Adam on Rosenbrock, 1e6 steps): the run with
/// only the first and last rows logged, the run logging every row in memory, and the HDF5
/// write of those rows through the store (parts + final consolidation), with the store's
/// default compression.
enum LoggingBenchmark {
    static let steps = 1_000_000

    static func plan(logEvery: Int) throws -> RunPlan {
        try RunPlan(suite: Suite(parsing: """
            name: logging
            steps: \(steps)
            log_every: \(logEvery)
            problems: [{name: rosenbrock}]
            optimizers: [{name: adam, lr: 0.001}]
            """, file: "logging.yaml"))
    }

    static func run(_ options: BenchmarkOptions) throws {
        let quiet = try plan(logEvery: steps)
        let every = try plan(logEvery: 1)
        let flag = CancellationFlag()
        // Side by side: the two variants alternate, so drift of the shared machine hits both.
        var result: RunResult?
        var bareTimes: [Double] = [], loggedTimes: [Double] = []
        for _ in 0..<9 {
            bareTimes.append(medianSeconds(repeats: 1) { _ = RunExecutor.execute(quiet.runs[0], cancellation: flag) })
            loggedTimes.append(medianSeconds(repeats: 1) { result = RunExecutor.execute(every.runs[0], cancellation: flag) })
        }
        let bare = bareTimes.sorted()[4], logged = loggedTimes.sorted()[4]
        let ratios = zip(loggedTimes, bareTimes).map { $0 / $1 }.sorted()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var counter = 0
        let stored = StoredRun(result!)
        let write = try medianSeconds {
            counter += 1
            let path = directory.appendingPathComponent("r\(counter).h5").path
            let store = try ResultsStore(outputPath: path, provenance: Provenance.current(suite: every.suite, command: ["bench"]), mode: .create)
            try store.add(stored)
            try store.finish(order: [0])
        }
        let size = (try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("r1.h5").path)[.size] as? Int) ?? 0
        if options.json {
            print(Measurement(workload: "rosenbrock", ["logging": "none", "steps": steps, "precision": "float64", "steps_per_s": Double(steps) / bare]).jsonLine)
            // Per-step HDF5 logging: the run logging every row plus writing them to the results file.
            print(Measurement(workload: "rosenbrock", [
                "logging": "hdf5", "steps": steps, "precision": "float64", "steps_per_s": Double(steps) / (logged + write),
                "bytes_per_logged_step": Double(size) / Double(steps + 1),
            ]).jsonLine)
            return
        }
        print("logging: Adam on 2-D Rosenbrock, \(steps) steps, float64")
        print("  run, first and last rows logged:   \(format(bare)) s  (\(format(Double(steps) / bare / 1e6)) M steps/s)")
        print("  run, every row logged in memory:   \(format(logged)) s  (median of 9 paired ratios: +\(format((ratios[4] - 1) * 100, digits: 2))%, range \(format((ratios[0] - 1) * 100, digits: 2))% … \(format((ratios[8] - 1) * 100, digits: 2))%)")
        print("  HDF5 write of \(steps + 1) rows (part + final file): \(format(write)) s  (\(format(Double(steps + 1) / write / 1e6)) M rows/s)")
        print("  run + write vs bare run:           +\(format(((logged + write) / bare - 1) * 100, digits: 3))%")
        print("  file size: \(size) bytes, \(format(Double(size) / Double(steps + 1))) bytes per logged step")
    }
}
