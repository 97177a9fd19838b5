/// A 3×3 convolution with stride 1, zero "same" padding (1 pixel) and a bias per output
/// channel.
///
/// ```
/// forward    y[o, i, j] = b[o] + Σ_c Σ_{u,v ∈ 0..2} W[o, c, u, v]·x[c, i+u−1, j+v−1]   (x = 0 outside)
/// backward   ∂W[o, c, u, v] = Σ_r Σ_{i,j} ∂y[o, i, j]·x[c, i+u−1, j+v−1]
///            ∂b[o] = Σ_r Σ_{i,j} ∂y[o, i, j]
///            ∂x[c, p, q] = Σ_o Σ_{u,v} W[o, c, u, v]·∂y[o, p−u+1, q−v+1]
/// ```
/// Convention: `torch.nn.Conv2d(in, out, kernel_size=3, padding=1)` (cross-correlation, `W`
/// stored `[out, in, 3, 3]`, then `b`). Examples are `NCHW`. Implemented per example as
/// im2col followed by one BLAS `gemm` (and col2im for the input gradient).
///
/// State: two im2col buffers of `in·9 × height·width` in scratch (independent of the batch size).
public struct Conv2D: Layer {
    public let name: String
    public let inputShape: FeatureShape
    public let outputChannels: Int
    public let initializer: Initializer

    public init(name: String, inputShape: FeatureShape, outputChannels: Int, initializer: Initializer = .heUniform) {
        precondition(outputChannels >= 1, "a convolution needs at least one output channel")
        self.name = name
        self.inputShape = inputShape
        self.outputChannels = outputChannels
        self.initializer = initializer
    }

    public var outputShape: FeatureShape {
        FeatureShape(channels: outputChannels, height: inputShape.height, width: inputShape.width)
    }

    public var parameters: [LayerParameter] {
        [LayerParameter("weight", shape: [outputChannels, inputShape.channels, 3, 3]), LayerParameter("bias", shape: [outputChannels])]
    }

    private var patchSize: Int { inputShape.channels * 9 }
    private var pixels: Int { inputShape.height * inputShape.width }

    public func scratchCount(rows: Int) -> Int { 2 * patchSize * pixels }

    public func initialize<T: OptScalar>(_ parameters: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        let weightCount = outputChannels * patchSize
        initializer.fill(
            UnsafeMutableBufferPointer(rebasing: parameters[0..<weightCount]),
            fanIn: patchSize, fanOut: outputChannels * 9, rng: &rng)
        for i in weightCount..<(weightCount + outputChannels) { parameters[i] = 0 }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64
    ) {
        let weights = parameters.baseAddress!
        let bias = weights + outputChannels * patchSize
        let columns = scratch.baseAddress!
        for r in 0..<input.rows {
            im2col(input.row(r), into: columns)
            let y = output.row(r)
            BLAS.gemm(
                transposeA: false, transposeB: false, m: outputChannels, n: pixels, k: patchSize,
                a: weights, lda: patchSize, b: columns, ldb: pixels, beta: 0, c: y, ldc: pixels)
            for o in 0..<outputChannels {
                let channel = y + o * pixels
                for p in 0..<pixels { channel[p] += bias[o] }
            }
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward<T: OptScalar>(
        input: MatrixView<T>, output: MatrixView<T>, outputGradient: MatrixView<T>,
        parameters: UnsafeBufferPointer<T>, parameterGradient: UnsafeMutableBufferPointer<T>,
        inputGradient: MatrixView<T>?, scratch: UnsafeMutableBufferPointer<T>
    ) {
        let weights = parameters.baseAddress!
        let weightGradient = parameterGradient.baseAddress!
        let biasGradient = weightGradient + outputChannels * patchSize
        let columns = scratch.baseAddress!
        let columnGradient = columns + patchSize * pixels
        for o in 0..<outputChannels { biasGradient[o] = 0 }
        for r in 0..<input.rows {
            let dy = outputGradient.row(r)
            im2col(input.row(r), into: columns)
            BLAS.gemm(
                transposeA: false, transposeB: true, m: outputChannels, n: patchSize, k: pixels,
                a: dy, lda: pixels, b: columns, ldb: pixels, beta: r == 0 ? 0 : 1, c: weightGradient, ldc: patchSize)
            for o in 0..<outputChannels {
                let channel = dy + o * pixels
                var sum: T = 0
                for p in 0..<pixels { sum += channel[p] }
                biasGradient[o] += sum
            }
            if let inputGradient {
                BLAS.gemm(
                    transposeA: true, transposeB: false, m: patchSize, n: pixels, k: outputChannels,
                    a: weights, lda: patchSize, b: dy, ldb: pixels, beta: 0, c: columnGradient, ldc: pixels)
                col2im(columnGradient, into: inputGradient.row(r))
            }
        }
    }

    /// `columns[(c·9 + u·3 + v), i·width + j] = x[c, i+u−1, j+v−1]`, 0 outside the image.
    @inline(__always)
    private func im2col<T: OptScalar>(_ x: UnsafeMutablePointer<T>, into columns: UnsafeMutablePointer<T>) {
        let height = inputShape.height, width = inputShape.width
        for c in 0..<inputShape.channels {
            let plane = x + c * pixels
            for u in 0..<3 {
                for v in 0..<3 {
                    let row = columns + ((c * 9 + u * 3 + v) * pixels)
                    for i in 0..<height {
                        let sourceRow = i + u - 1
                        let target = row + i * width
                        guard sourceRow >= 0 && sourceRow < height else {
                            for j in 0..<width { target[j] = 0 }
                            continue
                        }
                        let source = plane + sourceRow * width
                        for j in 0..<width {
                            let sourceColumn = j + v - 1
                            target[j] = sourceColumn >= 0 && sourceColumn < width ? source[sourceColumn] : 0
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: every column entry is added back to the pixel it came from.
    @inline(__always)
    private func col2im<T: OptScalar>(_ columns: UnsafeMutablePointer<T>, into x: UnsafeMutablePointer<T>) {
        let height = inputShape.height, width = inputShape.width
        x.update(repeating: 0, count: inputShape.count)
        for c in 0..<inputShape.channels {
            let plane = x + c * pixels
            for u in 0..<3 {
                for v in 0..<3 {
                    let row = columns + ((c * 9 + u * 3 + v) * pixels)
                    for i in 0..<height {
                        let targetRow = i + u - 1
                        guard targetRow >= 0 && targetRow < height else { continue }
                        let source = row + i * width
                        let target = plane + targetRow * width
                        for j in 0..<width {
                            let targetColumn = j + v - 1
                            if targetColumn >= 0 && targetColumn < width { target[targetColumn] += source[j] }
                        }
                    }
                }
            }
        }
    }
}
