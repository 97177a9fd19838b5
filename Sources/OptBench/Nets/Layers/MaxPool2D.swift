/// 2×2 max pooling with stride 2: each output pixel is the largest of a 2×2 window of its
/// channel; height and width must be even.
///
/// ```
/// forward    y[c, i, j] = max_{u,v ∈ 0..1} x[c, 2i+u, 2j+v]
/// backward   ∂x[c, 2i+u, 2j+v] = ∂y[c, i, j] at the window's maximum, 0 elsewhere
/// ```
/// Convention: `torch.nn.MaxPool2d(2)`. On ties the gradient goes to the first maximum in
/// row-major window order (PyTorch does the same). No state: the backward pass finds the
/// maxima again from the input.
public struct MaxPool2D: Layer {
    public let name: String
    public let inputShape: FeatureShape

    public init(name: String, inputShape: FeatureShape) {
        precondition(inputShape.height % 2 == 0 && inputShape.width % 2 == 0, "max-pool 2×2 needs an even height and width, got \(inputShape)")
        self.name = name
        self.inputShape = inputShape
    }

    public var outputShape: FeatureShape {
        FeatureShape(channels: inputShape.channels, height: inputShape.height / 2, width: inputShape.width / 2)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward<T: OptScalar>(
        _ input: MatrixView<T>, parameters: UnsafeBufferPointer<T>, output: MatrixView<T>,
        scratch: UnsafeMutableBufferPointer<T>, training: Bool, rng: inout SplitMix64
    ) {
        let width = inputShape.width, outHeight = inputShape.height / 2, outWidth = width / 2
        for r in 0..<input.rows {
            let x = input.row(r), y = output.row(r)
            for c in 0..<inputShape.channels {
                let plane = x + c * inputShape.height * width
                let target = y + c * outHeight * outWidth
                for i in 0..<outHeight {
                    for j in 0..<outWidth {
                        target[i * outWidth + j] = plane[Self.argmax(plane, row: 2 * i, column: 2 * j, width: width)]
                    }
                }
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
        guard let inputGradient else { return }
        inputGradient.buffer.update(repeating: 0)
        let width = inputShape.width, outHeight = inputShape.height / 2, outWidth = width / 2
        for r in 0..<input.rows {
            let x = input.row(r), dy = outputGradient.row(r), dx = inputGradient.row(r)
            for c in 0..<inputShape.channels {
                let planeOffset = c * inputShape.height * width
                let source = dy + c * outHeight * outWidth
                for i in 0..<outHeight {
                    for j in 0..<outWidth {
                        let index = Self.argmax(x + planeOffset, row: 2 * i, column: 2 * j, width: width)
                        dx[planeOffset + index] = source[i * outWidth + j]
                    }
                }
            }
        }
    }

    /// The plane index of the first maximum of the 2×2 window at (`row`, `column`).
    @inline(__always)
    static func argmax<T: OptScalar>(_ plane: UnsafeMutablePointer<T>, row: Int, column: Int, width: Int) -> Int {
        let first = row * width + column
        var best = first
        if plane[first + 1] > plane[best] { best = first + 1 }
        if plane[first + width] > plane[best] { best = first + width }
        if plane[first + width + 1] > plane[best] { best = first + width + 1 }
        return best
    }
}
