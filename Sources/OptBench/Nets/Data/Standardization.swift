/// Per-feature standardization, x′_j = (x_j − μ_j) / σ_j, with μ and σ fitted on the
/// training part only (so no statistic of the test part leaks into training).
///
/// σ_j is the population standard deviation (divisor n, as scikit-learn's
/// `StandardScaler`); a feature that is constant on the training part (σ_j ≤ 10⁻¹²·(1 + |μ_j|))
/// keeps σ_j = 1, so it becomes 0 rather than NaN.
public struct Standardization: Sendable, Hashable {
    public var means: [Double]
    public var deviations: [Double]

    public init(fittedTo features: Matrix) {
        precondition(features.rows > 0, "cannot standardize with no rows")
        let n = Double(features.rows)
        var means = [Double](repeating: 0, count: features.columns)
        for r in 0..<features.rows {
            for c in 0..<features.columns { means[c] += features[r, c] }
        }
        for c in means.indices { means[c] /= n }
        var variances = [Double](repeating: 0, count: features.columns)
        for r in 0..<features.rows {
            for c in 0..<features.columns {
                let d = features[r, c] - means[c]
                variances[c] += d * d
            }
        }
        self.means = means
        self.deviations = zip(variances, means).map { variance, mean in
            let deviation = (variance / n).squareRoot()
            return deviation <= 1e-12 * (1 + abs(mean)) ? 1 : deviation
        }
    }

    /// `features` standardized column by column.
    public func apply(to features: Matrix) -> Matrix {
        precondition(features.columns == means.count, "expected \(means.count) features, got \(features.columns)")
        var result = features
        for r in 0..<features.rows {
            for c in 0..<features.columns { result[r, c] = (features[r, c] - means[c]) / deviations[c] }
        }
        return result
    }
}
