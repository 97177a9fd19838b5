import Foundation
import OptBench
import OptBenchRun

/// What logging every step costs a 2-D problem (Adam on Rosenbrock, 1e6 steps): the run with
/// only the first and last rows logged, the run logging every row in memory, and the HDF5
/// write of those rows through the store (parts + final consolidation, the encoding included),
/// with the default compression (`gzip`) and with `compression: none`.
enum LoggingBenchmark {

    static func plan(steps: Int, logEvery: Int) throws -> RunPlan {
        try RunPlan(suite: Suite(parsing: """
            name: logging
            steps: \(steps)
            log_every: \(logEvery)
            problems: [{name: rosenbrock}]
            optimizers: [{name: adam, lr: 0.001}]
            """, file: "logging.yaml"))
    }

    static func run(_ options: BenchmarkOptions) throws {
        let steps = options.steps ?? 1_000_000
        let quiet = try plan(steps: steps, logEvery: steps)
        let every = try plan(steps: steps, logEvery: 1)
        let flag = CancellationFlag()
        // Side by side: the two variants alternate, so drift of the shared machine hits both.
        var result: RunResult?
        var bareTimes: [Double] = [], loggedTimes: [Double] = []
        let pairs = options.repeats ?? 9
        for _ in 0..<pairs {
            bareTimes.append(medianSeconds(repeats: 1) { _ = RunExecutor.execute(quiet.runs[0], cancellation: flag) })
            loggedTimes.append(medianSeconds(repeats: 1) { result = RunExecutor.execute(every.runs[0], cancellation: flag) })
        }
        let bare = bareTimes.sorted()[pairs / 2], logged = loggedTimes.sorted()[pairs / 2]
        let ratios = zip(loggedTimes, bareTimes).map { $0 / $1 }.sorted()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var counter = 0
        let stored = StoredRun(result!)
        // The write, encoding included, and the file's size, per compression.
        func write(_ compression: TrajectoryCompression) throws -> (seconds: Double, bytes: Int) {
            var path = ""
            let seconds = try medianSeconds {
                counter += 1
                path = directory.appendingPathComponent("r\(counter).h5").path
                let store = try ResultsStore(outputPath: path, provenance: Provenance.current(suite: every.suite, command: ["bench"]), mode: .create)
                try store.add(stored, compression: compression)
                try store.finish(order: [0])
            }
            return (seconds, (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        let gzip = try write(.gzip), uncompressed = try write(.none)
        if options.json {
            print(Measurement(workload: "rosenbrock", ["logging": "none", "steps": steps, "precision": "float64", "steps_per_s": Double(steps) / bare]).jsonLine)
            // Per-step HDF5 logging: the run logging every row plus writing them to the results file.
            for (logging, (seconds, bytes)) in [("hdf5", gzip), ("hdf5-uncompressed", uncompressed)] as [(String, (Double, Int))] {
                print(Measurement(workload: "rosenbrock", [
                    "logging": logging, "steps": steps, "precision": "float64", "steps_per_s": Double(steps) / (logged + seconds),
                    "bytes_per_logged_step": Double(bytes) / Double(steps + 1),
                ]).jsonLine)
            }
            return
        }
        print("logging: Adam on 2-D Rosenbrock, \(steps) steps, float64")
        print("  run, first and last rows logged:   \(format(bare)) s  (\(format(Double(steps) / bare / 1e6)) M steps/s)")
        print("  run, every row logged in memory:   \(format(logged)) s  (median of \(pairs) paired ratios: +\(format((ratios[pairs / 2] - 1) * 100, digits: 2))%, range \(format((ratios[0] - 1) * 100, digits: 2))% … \(format((ratios[pairs - 1] - 1) * 100, digits: 2))%)")
        for (name, (seconds, bytes)) in [("gzip", gzip), ("none", uncompressed)] as [(String, (Double, Int))] {
            print("  compression: \(name)")
            print("    HDF5 write of \(steps + 1) rows (part + final file): \(format(seconds)) s  (\(format(Double(steps + 1) / seconds / 1e6)) M rows/s)")
            print("    run + write: \(format(Double(steps) / (logged + seconds) / 1e6)) M steps/s, +\(format(((logged + seconds) / bare - 1) * 100, digits: 3))% on the bare run")
            print("    file size: \(bytes) bytes, \(format(Double(bytes) / Double(steps + 1))) bytes per logged step")
        }
    }
}
