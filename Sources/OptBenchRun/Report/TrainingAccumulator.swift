/// Collects the network curves of each optimizer's best configuration while its runs are
/// read: evaluations (train/test loss and accuracy) and per-layer gradient norms.
struct TrainingAccumulator {
    /// Whether evaluations ran at epoch boundaries (x becomes epochs).
    let epochs: Bool
    private var optimizer = ""
    private var sampleSteps: [Int] = []
    private var evaluations: [(steps: [Int64], status: RunStatus, rows: [EvaluationRecord])] = []
    private var layers: [CurveSampler] = []
    private var layerNames: [String] = []
    private var stepsPerEpoch: Int64?
    private var result = TrainingCurves(xLabel: "updates", trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [],
                                        layerNames: [], layerGradientNorms: [])
    private var any = false

    init(epochs: Bool) {
        self.epochs = epochs
    }

    mutating func begin(optimizer: String, sampleSteps: [Int]) {
        self.optimizer = optimizer
        self.sampleSteps = sampleSteps
        evaluations = []
        layers = []
    }

    mutating func add(_ run: StoredRun) {
        let t = run.trajectory
        if !t.evaluations.isEmpty {
            any = true
            evaluations.append((t.evaluations.map(\.step), run.summary.status, t.evaluations.map(\.evaluation)))
            if epochs, stepsPerEpoch == nil, t.evaluations.count >= 2 {
                stepsPerEpoch = t.evaluations[1].step - t.evaluations[0].step
            }
        }
        if !t.layerNames.isEmpty {
            any = true
            if layers.isEmpty {
                layerNames = t.layerNames
                layers = t.layerNames.map { _ in CurveSampler(sampleSteps: sampleSteps, divergedAsInfinity: false) }
            }
            guard t.layerNames == layerNames else { return }
            let width = layerNames.count
            for j in layers.indices {
                layers[j].add(steps: t.step, status: run.summary.status) { t.layerGradNorm[$0 * width + j] }
            }
        }
    }

    mutating func end(label: String) {
        if !evaluations.isEmpty {
            let steps = Set(evaluations.flatMap(\.steps)).sorted().map(Int.init)
            func curve(_ value: (EvaluationRecord) -> Double, lossLike: Bool) -> Curve {
                var sampler = CurveSampler(sampleSteps: steps, divergedAsInfinity: lossLike)
                for e in evaluations {
                    sampler.add(steps: e.steps, status: e.status) { value(e.rows[$0]) }
                }
                return sampler.curve(optimizer: optimizer, label: label) { step in
                    if epochs, let perEpoch = stepsPerEpoch, perEpoch > 0 { return Double(step) / Double(perEpoch) }
                    return Double(step)
                }
            }
            result.trainLoss.append(curve(\.trainLoss, lossLike: true))
            result.testLoss.append(curve(\.testLoss, lossLike: true))
            let trainAccuracy = curve(\.trainAccuracy, lossLike: false)
            if !trainAccuracy.x.isEmpty {
                result.trainAccuracy.append(trainAccuracy)
                result.testAccuracy.append(curve(\.testAccuracy, lossLike: false))
            }
        }
        for (j, sampler) in layers.enumerated() {
            result.layerGradientNorms.append(sampler.curve(optimizer: optimizer, label: layerNames[j]))
        }
        if result.layerNames.isEmpty { result.layerNames = layerNames }
    }

    /// The curves, or nil when no run had evaluations or layer norms.
    var curves: TrainingCurves? {
        guard any else { return nil }
        var curves = result
        curves.xLabel = epochs && stepsPerEpoch != nil ? "epoch" : "updates"
        return curves
    }
}
