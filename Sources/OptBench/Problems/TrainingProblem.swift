/// One evaluation of a model on its full training and test sets.
public struct Evaluation: Sendable, Hashable {
    public var trainLoss: Double
    /// Fraction in [0, 1]; NaN for problems without classes (regression, autoencoders).
    public var trainAccuracy: Double
    public var testLoss: Double
    /// Fraction in [0, 1]; NaN for problems without classes.
    public var testAccuracy: Double

    public init(trainLoss: Double, trainAccuracy: Double, testLoss: Double, testAccuracy: Double) {
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
    }
}

/// A named block of a flat parameter buffer: a layer's weights or biases.
public struct ParameterView: Sendable, Hashable {
    /// `dense1.weight`.
    public var name: String
    /// Index of the first element in the flat buffer.
    public var offset: Int
    /// The block's shape, row-major (`[outputs, inputs]` for a dense weight).
    public var shape: [Int]

    public init(name: String, offset: Int, shape: [Int]) {
        self.name = name
        self.offset = offset
        self.shape = shape
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// The element range in the flat buffer.
    public var range: Range<Int> { offset..<(offset + count) }
}

/// A problem trained in minibatches over a dataset, with evaluations on full train and test
/// sets (DeepOBS's "test problem = dataset + net + loss").
///
/// The runner turns a budget of epochs into `epochs × stepsPerEpoch` updates, evaluates at
/// step 0 and after every epoch (or every `eval_every` steps), and logs per-layer gradient
/// norms from `layers`.
public protocol TrainingProblem: Problem {
    /// Updates per pass over the training set (⌈train size / batch size⌉).
    var stepsPerEpoch: Int { get }
    /// The named blocks of the flat buffer whose gradient norms are logged, in order
    /// (typically one per layer with parameters: weights and biases together or separately).
    var layers: [ParameterView] { get }
    /// A per-run evaluator that can also evaluate the model on the full sets.
    /// - Throws: ``ProblemError`` as ``Problem/makeEvaluator(scalar:)`` does.
    func makeTrainingEvaluator<T: OptScalar>(scalar: T.Type) throws(ProblemError) -> any TrainingEvaluator<T>
}

/// The evaluator of a ``TrainingProblem``: minibatch loss and gradient, and full evaluations.
///
/// Conformers guarantee: `lossAndGradient` draws the next minibatch from `streams.minibatch`
/// (reshuffling at each epoch) and dropout masks from `streams.dropout`, allocates nothing,
/// and returns the minibatch loss; `evaluate` uses no randomness (dropout off) and does not
/// disturb the minibatch order.
public protocol TrainingEvaluator<Scalar>: ProblemEvaluator {
    func evaluate(at x: UnsafeBufferPointer<Scalar>) -> Evaluation
}
