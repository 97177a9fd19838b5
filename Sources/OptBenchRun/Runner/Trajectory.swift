/// A run's logged rows, held in contiguous arrays with room for every row reserved up front,
/// so logging never allocates inside the loop. Row 0 is the start point, before any update.
public struct Trajectory: Sendable {
    /// Updates applied before each row.
    public var step: [Int64] = []
    public var loss: [Double] = []
    public var gradNorm: [Double] = []
    /// The learning rate of the update that follows each row (for the last row, the one that
    /// would follow).
    public var learningRate: [Double] = []
    /// Seconds since the run started.
    public var seconds: [Double] = []
    /// Parameters, row-major [rows × dimension], when logged.
    public var parameters: [Double] = []
    public var parameterDimension: Int = 0
    /// Per-layer gradient norms, row-major [rows × layerNames.count], for networks.
    public var layerGradNorm: [Double] = []
    public var layerNames: [String] = []
    /// Evaluations of networks on the full train and test sets.
    public var evaluations: [(step: Int64, evaluation: EvaluationRecord)] = []

    public init() {}

    public var rowCount: Int { step.count }

    mutating func reserve(rows: Int, parameterDimension: Int, layers: [String], evaluations: Int) {
        step.reserveCapacity(rows)
        loss.reserveCapacity(rows)
        gradNorm.reserveCapacity(rows)
        learningRate.reserveCapacity(rows)
        seconds.reserveCapacity(rows)
        self.parameterDimension = parameterDimension
        parameters.reserveCapacity(rows * parameterDimension)
        layerNames = layers
        layerGradNorm.reserveCapacity(rows * layers.count)
        self.evaluations.reserveCapacity(evaluations)
    }
}

/// One evaluation row of `eval/`.
public struct EvaluationRecord: Sendable, Hashable {
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var testLoss: Double
    public var testAccuracy: Double
}
