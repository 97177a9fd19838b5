/// A fully connected layer with bias: `y = x·Wᵀ + b`.
///
/// ```
/// forward    y[r, o] = Σ_i x[r, i]·W[o, i] + b[o]
/// backward   ∂W = ∂yᵀ·x      ∂b[o] = Σ_r ∂y[r, o]      ∂x = ∂y·W
/// ```
/// Convention: `W` is stored `[outputs, inputs]` row-major, then `b`, as in `torch.nn.Linear`
/// (parameter blocks `weight`, `bias`). The three products go through BLAS `gemm`.
///
/// - Parameters:
///   - inputs: input width (fan_in), ≥ 1.
///   - outputs: output width (fan_out), ≥ 1.
///   - initializer: how `W` is drawn; `b` starts at 0.
public struct Dense: Layer {
    public let name: String
    public let inputs: Int
    public let outputs: Int
    public let initializer: Initializer

    public init(name: String, inputs: Int, outputs: Int, initializer: Initializer = .glorotUniform) {
        precondition(inputs >= 1 && outputs >= 1, "dense layer widths must be ≥ 1")
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.initializer = initializer
    }

    public var inputShape: FeatureShape { .flat(inputs) }
    public var outputShape: FeatureShape { .flat(outputs) }
    public var parameters: [LayerParameter] {
        [LayerParameter("weight", shape: [outputs, inputs]), LayerParameter("bias", shape: [outputs])]
    }

    public func initialize<T: OptScalar>(_ parameters: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        let weightCount = outputs * inputs
        initializer.fill(UnsafeMutableBufferPointer(rebasing: parameters[0..<weightCount]), fanIn: inputs, fanOut: outputs, rng: &rng)
        for i in weightCount..<(weightCount + outputs) { parameters[i] = 0 }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64
    ) {
        let weights = parameters.baseAddress!
        let bias = weights + outputs * inputs
        BLAS.gemm(
            transposeA: false, transposeB: true, m: input.rows, n: outputs, k: inputs,
            a: input.base, lda: inputs, b: weights, ldb: inputs, beta: 0, c: output.base, ldc: outputs)
        for r in 0..<output.rows {
            let row = output.row(r)
            for o in 0..<outputs { row[o] += bias[o] }
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward<T: OptScalar>(
        input: MatrixView<T>, output: MatrixView<T>, outputGradient: MatrixView<T>,
        parameters: UnsafeBufferPointer<T>, parameterGradient: UnsafeMutableBufferPointer<T>,
        inputGradient: MatrixView<T>?, scratch: UnsafeMutableBufferPointer<T>
    ) {
        let rows = input.rows
        let weightGradient = parameterGradient.baseAddress!
        let biasGradient = weightGradient + outputs * inputs
        BLAS.gemm(
            transposeA: true, transposeB: false, m: outputs, n: inputs, k: rows,
            a: outputGradient.base, lda: outputs, b: input.base, ldb: inputs, beta: 0, c: weightGradient, ldc: inputs)
        for o in 0..<outputs { biasGradient[o] = 0 }
        for r in 0..<rows {
            let row = outputGradient.row(r)
            for o in 0..<outputs { biasGradient[o] += row[o] }
        }
        if let inputGradient {
            BLAS.gemm(
                transposeA: false, transposeB: false, m: rows, n: inputs, k: outputs,
                a: outputGradient.base, lda: outputs, b: parameters.baseAddress!, ldb: inputs,
                beta: 0, c: inputGradient.base, ldc: inputs)
        }
    }
}
