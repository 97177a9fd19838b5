/// What a batch's outputs are compared with: a class per example, or a row of target values.
public enum LossTargets<T> {
    /// One class index per example, in `0..<classCount`.
    case classes(UnsafeBufferPointer<Int32>)
    /// One row of targets per example, as wide as the output.
    case values(MatrixView<T>)
}

/// A training loss on a batch of network outputs: the **mean** over the batch's examples of
/// a per-example loss, with its gradient.
///
/// Conformers guarantee: `lossAndGradient` returns the mean loss (in `Double`) and, when
/// `gradient` is given, writes every element of ∂(mean loss)/∂output into it (so each
/// example's gradient carries the factor 1/rows); it allocates nothing and is numerically
/// stable for any finite output. `correctCount` counts examples whose prediction is the label
/// (`nil` for losses without classes).
public protocol Loss: Sendable {
    /// `softmax_cross_entropy`, `binary_cross_entropy`, `mse`.
    var name: String { get }
    /// The output width this loss expects for `classCount` classes (or `targetWidth` targets).
    func outputWidth(classCount: Int, targetWidth: Int) -> Int
    func lossAndGradient<T: OptScalar>(_ output: MatrixView<T>, targets: LossTargets<T>, gradient: MatrixView<T>?) -> Double
    func correctCount<T: OptScalar>(_ output: MatrixView<T>, labels: UnsafeBufferPointer<Int32>) -> Int?
}

extension Loss {
    public func correctCount<T: OptScalar>(_ output: MatrixView<T>, labels: UnsafeBufferPointer<Int32>) -> Int? { nil }
}
