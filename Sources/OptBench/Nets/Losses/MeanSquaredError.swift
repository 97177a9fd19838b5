/// Mean squared error between outputs and targets, averaged over every element.
///
/// ```
/// ℓ(ŷ, t) = (1/D) Σ_j (ŷ_j − t_j)²
/// L = (1/B) Σ_r ℓ(ŷ_r, t_r)       ∂L/∂ŷ_{r,j} = 2·(ŷ_{r,j} − t_{r,j}) / (B·D)
/// ```
/// Convention: `torch.nn.MSELoss()` (mean over all B·D elements). No accuracy.
public struct MeanSquaredError: Loss {
    public init() {}

    public var name: String { "mse" }

    public func outputWidth(classCount: Int, targetWidth: Int) -> Int { targetWidth }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient<T: OptScalar>(_ output: MatrixView<T>, targets: LossTargets<T>, gradient: MatrixView<T>?) -> Double {
        guard case .values(let target) = targets else { preconditionFailure("mean squared error needs target values") }
        precondition(target.rows == output.rows && target.columns == output.columns, "targets and outputs differ in shape")
        let n = output.count
        let scale = T(2) / T(n)
        var total = 0.0
        for i in 0..<n {
            let difference = output.base[i] - target.base[i]
            total += Double(difference * difference)
            if let gradient { gradient.base[i] = scale * difference }
        }
        return total / Double(n)
    }
}
