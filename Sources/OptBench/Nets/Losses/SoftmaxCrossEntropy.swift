/// Softmax cross-entropy on logits for K ≥ 2 classes, computed through log-sum-exp.
///
/// ```
/// ℓ(z, y) = logsumexp(z) − z_y,   logsumexp(z) = m + log Σ_k exp(z_k − m),  m = max_k z_k
/// L = (1/B) Σ_r ℓ(z_r, y_r)       ∂L/∂z_{r,k} = (softmax(z_r)_k − [k = y_r]) / B
/// ```
/// Convention: `torch.nn.CrossEntropyLoss()` (mean reduction, no label smoothing). The
/// prediction is the first index of the largest logit.
public struct SoftmaxCrossEntropy: Loss {
    public init() {}

    public var name: String { "softmax_cross_entropy" }

    public func outputWidth(classCount: Int, targetWidth: Int) -> Int { classCount }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossAndGradient<T: OptScalar>(_ output: MatrixView<T>, targets: LossTargets<T>, gradient: MatrixView<T>?) -> Double {
        guard case .classes(let labels) = targets else { preconditionFailure("softmax cross-entropy needs class labels") }
        let rows = output.rows, classes = output.columns
        let scale = T(1) / T(rows)
        var total = 0.0
        for r in 0..<rows {
            let z = output.row(r)
            let label = Int(labels[r])
            var m = z[0]
            for k in 1..<classes where z[k] > m { m = z[k] }
            var sum: T = 0
            for k in 0..<classes { sum += T.exp(z[k] - m) }
            let logSum = T.log(sum)
            total += Double(m + logSum - z[label])
            if let gradient {
                let g = gradient.row(r)
                for k in 0..<classes { g[k] = T.exp(z[k] - m - logSum) * scale }
                g[label] -= scale
            }
        }
        return total / Double(rows)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func correctCount<T: OptScalar>(_ output: MatrixView<T>, labels: UnsafeBufferPointer<Int32>) -> Int? {
        var correct = 0
        for r in 0..<output.rows {
            let z = output.row(r)
            var best = 0
            for k in 1..<output.columns where z[k] > z[best] { best = k }
            if best == Int(labels[r]) { correct += 1 }
        }
        return correct
    }
}
