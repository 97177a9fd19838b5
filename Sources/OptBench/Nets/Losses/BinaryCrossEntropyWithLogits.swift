/// Binary cross-entropy on one logit per example, for labels 0 and 1.
///
/// ```
/// ℓ(z, y) = max(z, 0) − z·y + log(1 + exp(−|z|))     (= −y·log σ(z) − (1 − y)·log(1 − σ(z)))
/// L = (1/B) Σ_r ℓ(z_r, y_r)       ∂L/∂z_r = (σ(z_r) − y_r) / B
/// ```
/// Convention: `torch.nn.BCEWithLogitsLoss()` (mean reduction, the same overflow-free form).
/// The prediction is class 1 when z > 0.
public struct BinaryCrossEntropyWithLogits: Loss {
    public init() {}

    public var name: String { "binary_cross_entropy" }

    public func outputWidth(classCount: Int, targetWidth: Int) -> Int { 1 }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient<T: OptScalar>(_ output: MatrixView<T>, targets: LossTargets<T>, gradient: MatrixView<T>?) -> Double {
        guard case .classes(let labels) = targets else { preconditionFailure("binary cross-entropy needs class labels") }
        precondition(output.columns == 1, "binary cross-entropy takes one logit per example")
        let rows = output.rows
        let scale = T(1) / T(rows)
        var total = 0.0
        for r in 0..<rows {
            let z = output.base[r]
            let y = T(labels[r])
            total += Double(Swift.max(z, 0) - z * y + T.log(onePlus: T.exp(-abs(z))))
            if let gradient {
                gradient.base[r] = (Activation.sigmoid(z) - y) * scale
            }
        }
        return total / Double(rows)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func correctCount<T: OptScalar>(_ output: MatrixView<T>, labels: UnsafeBufferPointer<Int32>) -> Int? {
        var correct = 0
        for r in 0..<output.rows where (output.base[r] > 0 ? 1 : 0) == labels[r] { correct += 1 }
        return correct
    }
}
