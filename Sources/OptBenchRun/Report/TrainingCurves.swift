/// Network problems: evaluations on the full train and test sets, and per-layer gradient
/// norms, for each optimizer's best configuration (medians across seeds with 25–75% bands).
public struct TrainingCurves: Sendable, Hashable, Codable {
    /// `epoch` when evaluations ran at epoch boundaries, otherwise `updates`.
    public var xLabel: String
    public var trainLoss: [Curve]
    public var testLoss: [Curve]
    /// Empty for problems without classes.
    public var trainAccuracy: [Curve]
    public var testAccuracy: [Curve]
    public var layerNames: [String]
    /// One curve per optimizer and layer (`label` is the layer), x in updates.
    public var layerGradientNorms: [Curve]
}
