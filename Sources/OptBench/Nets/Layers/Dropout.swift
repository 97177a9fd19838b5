/// Inverted dropout: during training each element is zeroed with probability `p` and the
/// survivors are scaled by 1/(1 − p); at evaluation it is the identity.
///
/// ```
/// training     m_i = 0 if u_i < p else 1/(1 − p),  u_i ~ U[0, 1) from the run's dropout stream
///              y_i = m_i·x_i          ∂x_i = m_i·∂y_i
/// evaluation   y = x
/// ```
/// Convention: follows `torch.nn.Dropout` (inverted scaling at training time). One 64-bit
/// draw per element, row-major, every training forward pass.
///
/// State: the mask of the last training pass, in the layer's scratch (`rows × width`).
///
/// - Parameter rate: the drop probability p, in [0, 1).
public struct Dropout: Layer {
    public let name: String
    public let rate: Double
    public let shape: FeatureShape

    public init(name: String, rate: Double, shape: FeatureShape) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        self.name = name
        self.rate = rate
        self.shape = shape
    }

    public var inputShape: FeatureShape { shape }
    public var outputShape: FeatureShape { shape }

    public func scratchCount(rows: Int) -> Int { rows * shape.count }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64
    ) {
        let x = input.base, y = output.base, n = input.count
        guard training else {
            y.update(from: x, count: n)
            return
        }
        let keep = T(1 / (1 - rate))
        let mask = scratch.baseAddress!
        for i in 0..<n {
            mask[i] = rng.nextUniform() < rate ? 0 : keep
            y[i] = mask[i] * x[i]
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward<T: OptScalar>(
        input: MatrixView<T>, output: MatrixView<T>, outputGradient: MatrixView<T>,
        parameters: UnsafeBufferPointer<T>, parameterGradient: UnsafeMutableBufferPointer<T>,
        inputGradient: MatrixView<T>?, scratch: UnsafeMutableBufferPointer<T>
    ) {
        guard let inputGradient else { return }
        let mask = scratch.baseAddress!, dy = outputGradient.base, dx = inputGradient.base
        for i in 0..<input.count { dx[i] = mask[i] * dy[i] }
    }
}
