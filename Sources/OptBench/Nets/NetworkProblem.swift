/// A network trained on a dataset split: DeepOBS's "test problem = dataset + net + loss".
/// The catalog's `logreg`, `mlp`, `autoencoder` and `cnn` are all instances, built by
/// ``ProblemCatalog`` from suite settings.
///
/// The minibatch loss of a step is ``Loss`` on a batch drawn by a ``MinibatchSampler``
/// (⌈train size / batch size⌉ steps per epoch, the last one partial); evaluations run the
/// whole training and test parts with dropout off. Parameters are one flat buffer;
/// ``layers`` has one view per layer with parameters (weights and biases together), which is
/// what per-layer gradient norms are reported over.
public struct NetworkProblem: TrainingProblem {
    /// What the loss compares the network's output with.
    public enum Targets: Sendable, Hashable {
        /// The class labels (classification).
        case labels
        /// The dataset's target values (regression).
        case values
        /// The input itself (an autoencoder's reconstruction).
        case inputs
    }

    public let name: String
    public let configuration: [ConfigEntry]
    public let network: Sequential
    public let loss: any Loss
    public let targets: Targets
    /// The data, already standardized with statistics of the training part.
    public let data: DatasetSplit
    public let batchSize: Int

    /// - Precondition: the network's input width matches the data's features, and its output
    ///   width what `loss` expects for the targets; `batchSize ≥ 1`; both parts non-empty.
    public init(
        name: String, configuration: [ConfigEntry], network: Sequential, loss: any Loss, targets: Targets,
        data: DatasetSplit, batchSize: Int
    ) {
        precondition(batchSize >= 1, "batch size must be ≥ 1")
        precondition(data.train.count > 0 && data.test.count > 0, "training and test parts must be non-empty")
        precondition(network.inputShape.count == data.train.featureCount, "network input \(network.inputShape) for \(data.train.featureCount) features")
        let targetWidth: Int = switch (targets, data.train.targets) {
        case (.inputs, _): data.train.featureCount
        case (.values, .values(let values)): values.columns
        case (.labels, .classes): 0
        default: preconditionFailure("\(targets) targets do not fit the data of \(data.train.name)")
        }
        let width = loss.outputWidth(classCount: data.train.classCount, targetWidth: targetWidth)
        precondition(network.outputShape.count == width, "network output \(network.outputShape) but \(loss.name) needs \(width)")
        self.name = name
        self.configuration = configuration
        self.network = network
        self.loss = loss
        self.targets = targets
        self.data = data
        self.batchSize = batchSize
    }

    public var dimension: Int { network.parameterCount }
    public var defaultPrecision: Precision { .float32 }
    public var defaultBudget: Budget { .epochs(10) }
    public var stepsPerEpoch: Int { (data.train.count + batchSize - 1) / batchSize }
    public var layers: [ParameterView] { network.layerViews }

    public func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        network.initialize(x, rng: &rng)
    }

    public func makeEvaluator<T: OptScalar>(scalar: T.Type) throws(ProblemError) -> any ProblemEvaluator<T> {
        try makeTrainingEvaluator(scalar: T.self)
    }

    /// - Throws: ``ProblemError`` when the data in the run's precision and the workspace for a
    ///   batch do not fit in memory (see ``MemoryRequirement``).
    public func makeTrainingEvaluator<T: OptScalar>(scalar: T.Type) throws(ProblemError) -> any TrainingEvaluator<T> {
        let capacity = NetworkEvaluator<T>.workspaceCapacity(self)
        var memory = MemoryRequirement()
        for part in [data.train, data.test] {
            memory.add(part.count * part.featureCount, of: T.self)
            memory.add(part.count, of: Int32.self)
            if case .values(let values) = part.targets { memory.add(values.elements.count, of: T.self) }
        }
        memory.add(NetworkWorkspace<T>.elementCount(network: network, capacity: capacity), of: T.self)
        try memory.check(for: "the data and the workspace of a batch of \(capacity) examples")
        return NetworkEvaluator<T>(problem: self)
    }
}
