import Foundation
import OptBench
import OptBenchRun

/// Training throughput of the digits networks, one thread, Float32: the MLP 64-128-10 and the
/// default CNN, with Adam and batch 32 and minibatch logging every 1000 steps; training alone and
/// with the per-epoch train/test evaluations of a default run.
enum NetworkBenchmark {
    static let networks = [
        (workload: "mlp", label: "digits MLP 64-128-10", problem: "{name: mlp, dataset: digits, hidden: [128]}"),
        (workload: "cnn", label: "digits CNN conv8-conv16", problem: "{name: cnn, dataset: digits}"),
    ]

    static func run(_ options: BenchmarkOptions) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let requested = Set(options.names)
        let epochs = 10
        for (workload, label, problem) in networks where requested.contains(workload) || requested.contains("network") {
            // Training alone (evaluations only before the first and after the last update, as
            // the peers measure it), and a full run with the train/test evaluation every epoch.
            func spec(evalEvery: String) throws -> RunSpec {
                try RunPlan(suite: Suite(parsing: """
                    name: bench
                    epochs: \(epochs)
                    log_every: 1000
                    \(evalEvery)
                    problems: [\(problem)]
                    optimizers: [{name: adam, lr: 0.001}]
                    """, file: root.appendingPathComponent("Suites/bench.yaml").path)).runs[0]
            }
            let variants = [("first_and_last", try spec(evalEvery: "eval_every: 1000000")), ("every_epoch", try spec(evalEvery: ""))]
            guard let network = variants[0].1.problem as? NetworkProblem else { continue }
            // Samples the updates processed: every training example once per epoch.
            let samples = Double(epochs * network.data.train.count)
            let flag = CancellationFlag()
            var times: [[Double]] = [[], []]
            var accuracy = [Double.nan, .nan]
            _ = RunExecutor.execute(variants[0].1, cancellation: flag)  // warm-up
            for _ in 0..<(options.repeats ?? 5) {
                for (index, variant) in variants.enumerated() {
                    var result: RunResult?
                    times[index].append(medianSeconds(repeats: 1) { result = RunExecutor.execute(variant.1, cancellation: flag) })
                    accuracy[index] = result?.trajectory.evaluations.last?.evaluation.testAccuracy ?? .nan
                }
            }
            for (index, variant) in variants.enumerated() {
                let seconds = times[index].sorted()[times[index].count / 2]
                if options.json {
                    print(Measurement(workload: workload, [
                        "epochs": epochs, "precision": "float32", "samples_per_s": samples / seconds, "seconds": seconds,
                        "test_accuracy": accuracy[index], "evaluations": variant.0,
                    ]).jsonLine)
                } else {
                    print("network: \(label), Adam, batch 32, float32, one thread, \(epochs) epochs, evaluations \(variant.0.replacingOccurrences(of: "_", with: " "))")
                    print("  \(format(seconds)) s per run, \(format(samples / seconds / 1000)) k samples/s, test accuracy \(format(accuracy[index] * 100))%")
                }
            }
        }
    }
}
