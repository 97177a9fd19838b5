/// Reshapes `channels × height × width` features into one vector of the same elements in the
/// same (channel-major) order, as `torch.nn.Flatten` does for `NCHW` batches. Forward and
/// backward copy; there are no parameters.
public struct Flatten: Layer {
    public let name: String
    public let inputShape: FeatureShape

    public init(name: String = "flatten", inputShape: FeatureShape) {
        self.name = name
        self.inputShape = inputShape
    }

    public var outputShape: FeatureShape { .flat(inputShape.count) }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64
    ) {
        output.base.update(from: input.base, count: input.count)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward<T: OptScalar>(
        input: MatrixView<T>, output: MatrixView<T>, outputGradient: MatrixView<T>,
        parameters: UnsafeBufferPointer<T>, parameterGradient: UnsafeMutableBufferPointer<T>,
        inputGradient: MatrixView<T>?, scratch: UnsafeMutableBufferPointer<T>
    ) {
        inputGradient?.base.update(from: outputGradient.base, count: outputGradient.count)
    }
}
