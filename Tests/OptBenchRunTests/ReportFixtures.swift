import Foundation
import OptBench
@testable import OptBenchRun

/// Hand-made runs for the report tests: summaries and trajectories with known numbers.
enum ReportFixtures {
    static let provenance = Provenance(
        optbenchVersion: "0.1.0", created: "2026-01-02T03:04:05Z", suiteName: "hand", suiteText: "name: hand\n",
        command: "optbench run hand.yaml", gitCommit: "abc123", host: "testhost", os: "TestOS", swiftVersion: "6.3")

    /// A run of `optimizer` (catalog name) with learning rate `lr` on `problem` whose logged
    /// losses are `losses` at steps 0, 1, …; the summary is derived from them unless given.
    static func run(
        index: Int, problem: String = "rosenbrock", problemArguments: String = "dim=2", problemConfig: String = "{\"name\":\"rosenbrock\",\"dim\":2}",
        optimizer: String, lr: Double, seed: UInt64, losses: [Double], status: RunStatus = .completed,
        budget: Int? = nil, target: Double? = 1e-3, parameters: [Double] = [], message: String = ""
    ) -> StoredRun {
        var t = Trajectory()
        t.step = losses.indices.map(Int64.init)
        t.loss = losses
        t.gradNorm = losses.map { abs($0) }
        t.learningRate = losses.map { _ in lr }
        t.seconds = losses.indices.map { Double($0 + 1) * 0.001 }
        if !parameters.isEmpty {
            t.parameters = parameters
            t.parameterDimension = 2
        }
        let steps = losses.count - 1
        let finite = losses.filter(\.isFinite)
        let summary = RunSummary(
            index: index, id: RunID(problem: "\(problem)(\(problemArguments))", optimizer: "\(optimizer)(lr=\(lr))", seed: seed),
            problem: problem, optimizer: optimizer, problemConfig: problemConfig,
            optimizerConfig: "{\"name\":\"\(optimizer)\",\"lr\":\(lr)}", seed: seed, status: status,
            message: message.isEmpty && status != .completed ? "\(status.rawValue) at step \(steps)" : message, steps: steps,
            finalLoss: losses.last!, bestLoss: finite.min() ?? .nan,
            stepsToTarget: target.flatMap { target in losses.firstIndex { $0 <= target } },
            wallTime: Double(steps + 1) * 0.001, configHash: "", precision: .float64,
            budgetSteps: budget ?? steps, logEvery: 1, target: target)
        return StoredRun(summary: summary, trajectory: t)
    }

    static func model(_ runs: [StoredRun], options: ComparisonModel.Options = .init()) throws -> ComparisonModel {
        let byIndex = Dictionary(uniqueKeysWithValues: runs.map { ($0.summary.index, $0) })
        return try ComparisonModel(provenance: provenance, resultsFile: "hand.h5", summaries: runs.map(\.summary), options: options) { index throws(InputError) in
            guard let run = byIndex[index] else { throw InputError(message: "no run \(index)") }
            return run
        }
    }

    /// Writes `runs` to a real results file in a fresh temporary directory.
    static func writeResults(_ runs: [StoredRun], name: String = "results.h5") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        let writer = try ResultsWriter(creating: path, provenance: provenance)
        for run in runs { try writer.write(run) }
        try writer.close(durable: false)
        return path
    }

    /// Losses falling geometrically from `start` by `factor` per step, `count` steps.
    static func geometric(_ start: Double, _ factor: Double, _ count: Int) -> [Double] {
        (0...count).map { start * pow(factor, Double($0)) }
    }

    /// A typical small comparison: two optimizers × two learning rates × three seeds.
    static var standard: [StoredRun] {
        var runs: [StoredRun] = []
        var index = 0
        for (optimizer, rates) in [("adam", [0.01, 0.1]), ("sgd", [0.001, 0.01])] {
            for lr in rates {
                for seed in 0..<3 {
                    // adam(lr=0.1) is best; sgd(lr=0.01) beats sgd(lr=0.001).
                    let factor = optimizer == "adam" ? (lr == 0.1 ? 0.5 : 0.8) : (lr == 0.01 ? 0.85 : 0.95)
                    runs.append(run(index: index, optimizer: optimizer, lr: lr, seed: UInt64(seed),
                                    losses: geometric(1 + Double(seed) * 0.1, factor, 40)))
                    index += 1
                }
            }
        }
        return runs
    }
}
