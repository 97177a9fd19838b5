/// How a layer's weights are drawn at initialization (biases always start at 0).
///
/// ```
/// glorot_uniform   w ~ U(−a, a),   a = sqrt(6 / (fan_in + fan_out))
/// glorot_normal    w ~ N(0, σ²),   σ = sqrt(2 / (fan_in + fan_out))
/// he_uniform       w ~ U(−a, a),   a = sqrt(6 / fan_in)
/// he_normal        w ~ N(0, σ²),   σ = sqrt(2 / fan_in)
/// ```
/// For a dense layer fan_in and fan_out are its input and output widths; for a 3×3
/// convolution they are `in_channels·9` and `out_channels·9`.
///
/// Convention: follows `torch.nn.init.xavier_*_` with gain 1 and `kaiming_*_` with
/// `mode='fan_in'` and the ReLU gain √2 (PyTorch's leaky-ReLU gain √(2/(1+a²)) is not
/// applied; with a = 0.01 it differs by 0.005%). Normal draws are not truncated. PyTorch's
/// *default* `nn.Linear` initialization (kaiming-uniform with a = √5) is not offered.
///
/// Draws come from the run's initialization stream, one Box–Muller pair (normal) or one
/// 64-bit word (uniform) per weight, in row-major order.
///
/// References: X. Glorot, Y. Bengio (2010), "Understanding the difficulty of training deep
/// feedforward neural networks"; K. He et al. (2015), "Delving Deep into Rectifiers",
/// https://arxiv.org/abs/1502.01852.
public enum Initializer: String, Sendable, Hashable, CaseIterable {
    case glorotUniform = "glorot_uniform"
    case glorotNormal = "glorot_normal"
    case heUniform = "he_uniform"
    case heNormal = "he_normal"

    /// Fills `weights` with draws for a layer of the given fans.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func fill<T: OptScalar>(_ weights: UnsafeMutableBufferPointer<T>, fanIn: Int, fanOut: Int, rng: inout SplitMix64) {
        let fanIn = Double(fanIn), fanOut = Double(fanOut)
        switch self {
        case .glorotUniform: Self.uniform(weights, limit: (6 / (fanIn + fanOut)).squareRoot(), rng: &rng)
        case .glorotNormal: Self.normal(weights, deviation: (2 / (fanIn + fanOut)).squareRoot(), rng: &rng)
        case .heUniform: Self.uniform(weights, limit: (6 / fanIn).squareRoot(), rng: &rng)
        case .heNormal: Self.normal(weights, deviation: (2 / fanIn).squareRoot(), rng: &rng)
        }
    }

    private static func uniform<T: OptScalar>(_ weights: UnsafeMutableBufferPointer<T>, limit: Double, rng: inout SplitMix64) {
        for i in weights.indices {
            weights[i] = T(limit * (2 * rng.nextUniform() - 1))
        }
    }

    private static func normal<T: OptScalar>(_ weights: UnsafeMutableBufferPointer<T>, deviation: Double, rng: inout SplitMix64) {
        for i in weights.indices {
            weights[i] = T(deviation * rng.nextGaussian())
        }
    }
}
