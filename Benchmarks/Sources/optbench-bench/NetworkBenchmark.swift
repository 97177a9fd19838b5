import Foundation
import OptBench
import OptBenchRun

/// Training throughput of the digits networks, one thread, Float32: the MLP 64-128-10 and the
/// default CNN, with Adam and batch 32, minibatch logging every 1000 steps and the per-epoch
/// evaluations included (they are part of a real run).
enum NetworkBenchmark {
    static let networks = [
        (workload: "mlp", label: "digits MLP 64-128-10", problem: "{name: mlp, dataset: digits, hidden: [128]}"),
        (workload: "cnn", label: "digits CNN conv8-conv16", problem: "{name: cnn, dataset: digits}"),
    ]

    static func run(_ options: BenchmarkOptions) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let requested = Set(options.names)
        for (workload, label, problem) in networks where requested.contains(workload) || requested.contains("network") {
            let epochs = 10
            let plan = try RunPlan(suite: Suite(parsing: """
                name: bench
                epochs: \(epochs)
                log_every: 1000
                problems: [\(problem)]
                optimizers: [{name: adam, lr: 0.001}]
                """, file: root.appendingPathComponent("Suites/bench.yaml").path))
            let spec = plan.runs[0]
            guard let network = spec.problem as? NetworkProblem else { continue }
            let flag = CancellationFlag()
            var result: RunResult?
            let seconds = medianSeconds(repeats: options.repeats ?? 3) { result = RunExecutor.execute(spec, cancellation: flag) }
            // Samples the updates processed: every training example once per epoch.
            let samples = Double(epochs * network.data.train.count)
            let accuracy = result?.trajectory.evaluations.last?.evaluation.testAccuracy ?? .nan
            if options.json {
                print(Measurement(workload: workload, [
                    "epochs": epochs, "precision": "float32", "samples_per_s": samples / seconds, "seconds": seconds,
                    "test_accuracy": accuracy, "evaluations_included": true,
                ]).jsonLine)
                continue
            }
            print("network: \(label), Adam, batch 32, float32, one thread, \(epochs) epochs")
            print("  \(format(seconds)) s per run, \(format(samples / seconds / 1000)) k samples/s (evaluations included), test accuracy \(format(accuracy * 100))%")
        }
    }
}
