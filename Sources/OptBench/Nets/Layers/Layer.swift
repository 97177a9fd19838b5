/// One named block of a layer's parameters (`weight`, `bias`), relative to the layer's slice
/// of the flat parameter buffer. Blocks follow one another without gaps, in declaration order.
public struct LayerParameter: Sendable, Hashable {
    /// `weight` or `bias`; the full view name is `<layer>.<suffix>` (`dense1.weight`).
    public var suffix: String
    /// Row-major shape (`[outputs, inputs]` for a dense weight, as in PyTorch).
    public var shape: [Int]

    public init(_ suffix: String, shape: [Int]) {
        self.suffix = suffix
        self.shape = shape
    }

    public var count: Int { shape.reduce(1, *) }
}

/// A network layer with an explicit forward and backward pass over a batch, reading its
/// parameters from a slice of the run's flat parameter buffer.
///
/// Batches are row-major ``MatrixView``s, one example per row, each row laid out as the
/// layer's ``inputShape`` / ``outputShape`` (channel-major for images).
///
/// Conformers guarantee:
/// - `forward` writes every element of `output`; `backward` writes every element of
///   `parameterGradient` and, when it is non-nil, of `inputGradient` (overwriting, never
///   accumulating). The gradients are those of a scalar loss L given `outputGradient` = ∂L/∂output.
/// - Neither allocates: per-batch temporaries live in `scratch`, of ``scratchCount(rows:)``
///   elements, which the caller keeps intact between a `forward` and the `backward` that
///   follows it (dropout keeps its mask there).
/// - `forward` draws randomness only from `rng`, and only when `training` is true
///   (dropout); with `training == false` it is deterministic.
/// - `backward` is called only right after a `forward` in training mode on the same input.
/// - Hot generic methods carry `@_specialize(where T == Float)` and
///   `@_specialize(where T == Double)`.
///
/// ``checkLayerBackward`` in `OptBenchTestSupport` checks every conformer against central
/// finite differences, for each parameter block and for the input.
public protocol Layer: Sendable {
    /// `dense1`, `relu1`, `conv2`: unique within a network; parameter views are named after it.
    var name: String { get }
    var inputShape: FeatureShape { get }
    var outputShape: FeatureShape { get }
    /// The parameter blocks in buffer order (empty for layers without parameters).
    var parameters: [LayerParameter] { get }
    /// Scratch elements needed for a batch of `rows` examples.
    func scratchCount(rows: Int) -> Int
    /// Writes initial values into the layer's parameter slice, drawing from `rng`.
    func initialize<T: OptScalar>(_ parameters: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64)
    func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64)
    func backward<T: OptScalar>(
        input: MatrixView<T>, output: MatrixView<T>, outputGradient: MatrixView<T>,
        parameters: UnsafeBufferPointer<T>, parameterGradient: UnsafeMutableBufferPointer<T>,
        inputGradient: MatrixView<T>?, scratch: UnsafeMutableBufferPointer<T>)
}

extension Layer {
    public var parameters: [LayerParameter] { [] }
    public func scratchCount(rows: Int) -> Int { 0 }
    public func initialize<T: OptScalar>(_ parameters: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {}

    /// The number of scalars in the layer's slice of the parameter buffer.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}
