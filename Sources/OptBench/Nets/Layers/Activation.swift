/// An elementwise nonlinearity between layers.
///
/// ```
/// relu         y = max(x, 0)                          y' = 1 if x > 0 else 0
/// leaky_relu   y = x if x > 0 else 0.01·x             y' = 1 if x > 0 else 0.01
/// tanh         y = tanh x                             y' = 1 − y²
/// sigmoid      y = 1 / (1 + e^(−x))                   y' = y·(1 − y)
/// gelu         y = x·Φ(x),  Φ(x) = ½(1 + erf(x/√2))   y' = Φ(x) + x·φ(x),  φ(x) = e^(−x²/2)/√(2π)
/// softplus     y = max(x, 0) + log(1 + e^(−|x|))      y' = sigmoid(x)
/// ```
/// Convention: follows `torch.nn` (`ReLU`, `LeakyReLU(negative_slope=0.01)`, `Tanh`,
/// `Sigmoid`, `GELU(approximate='none')`, `Softplus(beta=1)`). The derivative of relu at 0 is
/// taken as 0, as in PyTorch. Softplus uses the overflow-free form above everywhere, where
/// PyTorch returns x itself above its `threshold=20` (the two differ by < 2·10⁻⁹).
public enum ActivationFunction: String, Sendable, Hashable, CaseIterable {
    case relu
    case leakyReLU = "leaky_relu"
    case tanh
    case sigmoid
    case gelu
    case softplus

    /// The slope of leaky_relu for x ≤ 0.
    public static let leakySlope = 0.01

    /// Whether He initialization suits it (ReLU-like) rather than Glorot (saturating).
    public var prefersHeInitialization: Bool {
        switch self {
        case .relu, .leakyReLU, .gelu, .softplus: true
        case .tanh, .sigmoid: false
        }
    }
}

/// A layer applying an ``ActivationFunction`` to every element; no parameters.
public struct Activation: Layer {
    public let name: String
    public let function: ActivationFunction
    public let shape: FeatureShape

    public init(name: String, _ function: ActivationFunction, shape: FeatureShape) {
        self.name = name
        self.function = function
        self.shape = shape
    }

    public var inputShape: FeatureShape { shape }
    public var outputShape: FeatureShape { shape }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64
    ) {
        let x = input.base, y = output.base, n = input.count
        switch function {
        case .relu:
            for i in 0..<n { y[i] = x[i] > 0 ? x[i] : 0 }
        case .leakyReLU:
            let slope = T(ActivationFunction.leakySlope)
            for i in 0..<n { y[i] = x[i] > 0 ? x[i] : slope * x[i] }
        case .tanh:
            for i in 0..<n { y[i] = T.tanh(x[i]) }
        case .sigmoid:
            for i in 0..<n { y[i] = Self.sigmoid(x[i]) }
        case .gelu:
            let invSqrt2 = T(0.5.squareRoot())
            for i in 0..<n { y[i] = x[i] * (1 + T.erf(x[i] * invSqrt2)) / 2 }
        case .softplus:
            for i in 0..<n { y[i] = Swift.max(x[i], 0) + T.log(onePlus: T.exp(-abs(x[i]))) }
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
        let x = input.base, y = output.base, dy = outputGradient.base, dx = inputGradient.base, n = input.count
        switch function {
        case .relu:
            for i in 0..<n { dx[i] = x[i] > 0 ? dy[i] : 0 }
        case .leakyReLU:
            let slope = T(ActivationFunction.leakySlope)
            for i in 0..<n { dx[i] = x[i] > 0 ? dy[i] : slope * dy[i] }
        case .tanh:
            for i in 0..<n { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        case .sigmoid:
            for i in 0..<n { dx[i] = dy[i] * y[i] * (1 - y[i]) }
        case .gelu:
            let invSqrt2 = T(0.5.squareRoot())
            let invSqrt2Pi = T(1 / (2 * Double.pi).squareRoot())
            for i in 0..<n {
                let cdf = (1 + T.erf(x[i] * invSqrt2)) / 2
                let pdf = invSqrt2Pi * T.exp(-x[i] * x[i] / 2)
                dx[i] = dy[i] * (cdf + x[i] * pdf)
            }
        case .softplus:
            for i in 0..<n { dx[i] = dy[i] * Self.sigmoid(x[i]) }
        }
    }

    /// 1 / (1 + e^(−x)), evaluated without overflow for either sign.
    @inline(__always)
    static func sigmoid<T: OptScalar>(_ x: T) -> T {
        if x >= 0 {
            return 1 / (1 + T.exp(-x))
        }
        let e = T.exp(x)
        return e / (1 + e)
    }
}
