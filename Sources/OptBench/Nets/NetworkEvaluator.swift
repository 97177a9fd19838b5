/// The per-run evaluator of a ``NetworkProblem``: the data in the run's precision, a
/// minibatch sampler, and one workspace, all allocated here, once.
///
/// The workspace holds `max(batchSize, evaluation chunk)` rows; evaluations push the full
/// training and test parts through in chunks of up to ``evaluationChunk`` rows (the result is
/// the same as one pass, and memory stays bounded for large datasets).
final class NetworkEvaluator<T: OptScalar>: TrainingEvaluator {
    typealias Scalar = T

    /// Rows per forward pass during evaluations.
    static var evaluationChunk: Int { 256 }

    let problem: NetworkProblem
    private let workspace: NetworkWorkspace<T>
    private let train: DataBuffers<T>
    private let test: DataBuffers<T>
    // Per-step state, touched only by the run's own thread: `@exclusivity(unchecked)` drops the
    // runtime's access check on every read and write (on optimizer state it cost ~40% of a 2-D
    // analytic step; docs/performance.md).
    @exclusivity(unchecked) private var sampler: MinibatchSampler
    @exclusivity(unchecked) private var batch: [Int]
    /// The labels (classification) or target rows (regression) of the current batch.
    private let batchLabels: UnsafeMutableBufferPointer<Int32>
    private let batchValues: UnsafeMutableBufferPointer<T>

    init(problem: NetworkProblem) {
        self.problem = problem
        train = DataBuffers(problem.data.train)
        test = DataBuffers(problem.data.test)
        workspace = NetworkWorkspace(network: problem.network, capacity: Self.workspaceCapacity(problem))
        sampler = MinibatchSampler(count: train.count, batchSize: problem.batchSize)
        batch = []
        batch.reserveCapacity(problem.batchSize)
        batchLabels = .allocate(capacity: problem.batchSize)
        batchLabels.initialize(repeating: 0)
        batchValues = .allocate(capacity: problem.batchSize * max(train.valueWidth, 1))
        ScalarFill.zero(batchValues)
    }

    /// Rows of the workspace: a minibatch, or an evaluation chunk if larger.
    static func workspaceCapacity(_ problem: NetworkProblem) -> Int {
        let chunk = min(evaluationChunk, max(problem.data.train.count, problem.data.test.count))
        return max(problem.batchSize, chunk)
    }

    deinit {
        batchLabels.deallocate()
        batchValues.deallocate()
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func lossAndGradient(at x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>, streams: inout RandomStreams) -> Double {
        sampler.nextBatch(into: &batch, rng: &streams.minibatch)
        let rows = batch.count
        let input = workspace.input(rows: rows)
        let width = train.featureWidth, valueWidth = train.valueWidth
        for (r, example) in batch.enumerated() {
            input.row(r).update(from: train.features + example * width, count: width)
            switch problem.targets {
            case .labels: batchLabels[r] = train.labels[example]
            case .values: (batchValues.baseAddress! + r * valueWidth).update(from: train.values + example * valueWidth, count: valueWidth)
            case .inputs: break
            }
        }
        let output = workspace.forward(rows: rows, parameters: x, training: true, rng: &streams.dropout)
        let targets: LossTargets<T> = switch problem.targets {
        case .labels: .classes(UnsafeBufferPointer(rebasing: batchLabels[0..<rows]))
        case .values: .values(MatrixView(base: batchValues.baseAddress!, rows: rows, columns: valueWidth))
        case .inputs: .values(input)
        }
        let loss = problem.loss.lossAndGradient(output, targets: targets, gradient: workspace.outputGradient(rows: rows))
        workspace.backward(rows: rows, parameters: x, parameterGradient: gradient)
        return loss
    }

    func evaluate(at x: UnsafeBufferPointer<T>) -> Evaluation {
        let (trainLoss, trainAccuracy) = evaluate(train, at: x)
        let (testLoss, testAccuracy) = evaluate(test, at: x)
        return Evaluation(trainLoss: trainLoss, trainAccuracy: trainAccuracy, testLoss: testLoss, testAccuracy: testAccuracy)
    }

    /// Mean loss and accuracy (NaN without classes) over one part, dropout off.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    private func evaluate(_ part: DataBuffers<T>, at x: UnsafeBufferPointer<T>) -> (loss: Double, accuracy: Double) {
        var unused = SplitMix64(seed: 0)  // evaluation draws nothing
        var lossSum = 0.0
        var correct = 0
        var start = 0
        while start < part.count {
            let rows = min(workspace.capacity, part.count - start)
            let input = workspace.input(rows: rows)
            input.base.update(from: part.features + start * part.featureWidth, count: rows * part.featureWidth)
            let output = workspace.forward(rows: rows, parameters: x, training: false, rng: &unused)
            switch problem.targets {
            case .labels:
                let labels = UnsafeBufferPointer(start: part.labels + start, count: rows)
                lossSum += Double(rows) * problem.loss.lossAndGradient(output, targets: .classes(labels), gradient: nil)
                correct += problem.loss.correctCount(output, labels: labels) ?? 0
            case .values:
                let values = MatrixView(base: part.values + start * part.valueWidth, rows: rows, columns: part.valueWidth)
                lossSum += Double(rows) * problem.loss.lossAndGradient(output, targets: .values(values), gradient: nil)
            case .inputs:
                lossSum += Double(rows) * problem.loss.lossAndGradient(output, targets: .values(input), gradient: nil)
            }
            start += rows
        }
        let accuracy = problem.targets == .labels ? Double(correct) / Double(part.count) : .nan
        return (lossSum / Double(part.count), accuracy)
    }
}

/// One part of the data in a run's precision: features, labels and target values, each
/// contiguous and row-major. Owns its memory.
final class DataBuffers<T: OptScalar> {
    let count: Int
    let featureWidth: Int
    /// Width of a target row (0 for classification).
    let valueWidth: Int
    let features: UnsafeMutablePointer<T>
    let labels: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<T>

    init(_ dataset: Dataset) {
        count = dataset.count
        featureWidth = dataset.featureCount
        features = .allocate(capacity: max(count * featureWidth, 1))
        ScalarFill.store(dataset.features.elements, convertedTo: features)
        labels = .allocate(capacity: max(count, 1))
        switch dataset.targets {
        case .classes(let classLabels, _):
            valueWidth = 0
            for (i, label) in classLabels.enumerated() { labels[i] = label }
            values = .allocate(capacity: 1)
        case .values(let matrix):
            valueWidth = matrix.columns
            labels.initialize(repeating: 0, count: count)
            values = .allocate(capacity: max(matrix.elements.count, 1))
            ScalarFill.store(matrix.elements, convertedTo: values)
        }
    }

    deinit {
        features.deallocate()
        labels.deallocate()
        values.deallocate()
    }
}
