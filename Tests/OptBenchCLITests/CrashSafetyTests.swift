import Foundation
import OptBench
import OptBenchRun
import Testing

@Suite("Crash safety: SIGKILL at random moments", .serialized)
struct CrashSafetyTests {
    static let suite = """
        name: crash
        seeds: 2
        steps: 12000
        log_every: 7
        problems:
          - {name: rosenbrock, start_jitter: 0.1}
          - {name: quadratic, dim: 6, condition: 30, noise_std: 0.1}
        optimizers:
          - {name: sgd, grid: {lr: [0.0001, 0.0002, 0.0003]}}
          - {name: adam, grid: {lr: [0.001, 0.002, 0.003]}}
        """

    @Test("a killed writer leaves only complete, readable parts, and --resume equals an uninterrupted run")
    func killAtRandomMoments() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        let started = Date()
        let whole = try CLI.run(["run", "s.yaml", "-o", "whole.h5"], in: directory)
        try #require(whole.status == 0, "\(whole.stderr)")
        let expected = try ResultsData(path: directory.appendingPathComponent("whole.h5").path)
        // Kills fall 0.05–0.55 s after the start on a machine where the whole suite takes up to
        // 2.5 s; where it is slower (a sanitizer build, a loaded machine) the window stretches
        // with it, so the kills still land among finished runs rather than before the first.
        let slowdown = Swift.max(1, Date().timeIntervalSince(started) / 2.5)

        var generator = SplitMix64(seed: 2026)
        var partsSeen = 0
        for attempt in 0..<12 {
            let output = "killed-\(attempt).h5"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = ["run", "s.yaml", "-o", output, "--jobs", "2", "--quiet"]
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            environment["OPTBENCH_PART_SECONDS"] = "0.02"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: (0.05 + 0.5 * generator.nextUniform()) * slowdown)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            // Every complete part opens and reads in full; only a .tmp can be incomplete.
            let partsDirectory = directory.appendingPathComponent(output + ".parts").path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: partsDirectory)) ?? []
            for name in names where name.hasSuffix(".h5") {
                let reader = try ResultsReader(path: partsDirectory + "/" + name)
                for index in try reader.runIndices() {
                    let run = try reader.run(index)
                    #expect(run.trajectory.rowCount > 0)
                    #expect(expected.runs[index]?.loss == run.trajectory.loss, "attempt \(attempt): run \(index) differs")
                }
                reader.close()
                partsSeen += 1
            }
            if let h5py = try? Self.h5pyReadsAll(partsDirectory, names: names.filter { $0.hasSuffix(".h5") }) {
                #expect(h5py, "attempt \(attempt): h5py could not read every part")
            }

            let resumed = try CLI.run(["run", "s.yaml", "-o", output, "--resume"], in: directory)
            #expect(resumed.status == 0, "attempt \(attempt): \(resumed.stderr)")
            #expect(try ResultsData(path: directory.appendingPathComponent(output).path) == expected, "attempt \(attempt)")
        }
        #expect(partsSeen >= 3, "only \(partsSeen) parts survived the kills; the test exercised little")
    }

    @Test("a finished run becomes a durable part on time, while a long run is still going")
    func partClosesWhileRunsContinue() throws {
        // Runs go in grid order with one job: a short run, then one that takes seconds.
        let suite = """
            name: slow
            problems:
              - {name: booth, steps: 10}
              - {name: rosenbrock, steps: 30000000, log_every: 1000000}
            optimizers: [{name: sgd, lr: 0.0001}]
            """
        let directory = try CLI.workspace(["s.yaml": suite])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["run", "s.yaml", "-o", "r.h5", "--jobs", "1", "--quiet"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["OPTBENCH_PART_SECONDS"] = "0.2"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning, "the long run ended too soon to test anything")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let parts = directory.appendingPathComponent("r.h5.parts").path
        let names = try FileManager.default.contentsOfDirectory(atPath: parts).filter { $0.hasSuffix(".h5") }
        #expect(names.count == 1)
        let reader = try ResultsReader(path: parts + "/" + names[0])
        #expect(try reader.summaries().map(\.id.text) == ["booth()/sgd(lr=0.0001)/seed=0"])
    }

    /// Whether h5py (Debian's, as users run it) opens every part and reads every dataset.
    static func h5pyReadsAll(_ directory: String, names: [String]) throws -> Bool {
        guard !names.isEmpty else { return true }
        let script = """
            import sys, h5py
            for path in sys.argv[1:]:
                with h5py.File(path, 'r') as f:
                    for name, run in f['runs'].items():
                        for key in ('step', 'loss', 'grad_norm', 'lr', 'time_s'):
                            run[key][...]
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + names.map { directory + "/" + $0 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
